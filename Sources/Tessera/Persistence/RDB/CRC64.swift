#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Redis's crc64 (Jones polynomial 0xad93d23594c935a9, reflected, initial 0, no final xor):
/// the checksum at the end of every RDB file. "123456789" gives 0xe9c6d914c4b8d9ca.
///
/// The slicing-by-8 tables live in malloc'd memory built on `make()`, not in a global, so a
/// forked snapshot child never waits on a lazy global initialiser another thread held.
struct CRC64 {
    private let tables: UnsafeMutablePointer<UInt64>

    static let polynomial: UInt64 = 0xad93_d235_94c9_35a9

    static func make() -> CRC64 {
        let tables = UnsafeMutablePointer<UInt64>.allocate(capacity: 8 * 256)
        let reflected = reflect(polynomial)
        for index in 0..<256 {
            var crc = UInt64(index)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ reflected : crc >> 1 }
            tables[index] = crc
        }
        for slice in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(slice - 1) * 256 + index]
                tables[slice * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return CRC64(tables: tables)
    }

    func free() { tables.deallocate() }

    /// The checksum of `bytes` continued from `crc`.
    func update(_ crc: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard var pointer = bytes.baseAddress else { return crc }
        var remaining = bytes.count
        var crc = crc
        let t = tables
        while remaining >= 8 {
            crc ^= UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
            crc = t[7 * 256 + Int(crc & 0xFF)] ^ t[6 * 256 + Int((crc >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((crc >> 16) & 0xFF)] ^ t[4 * 256 + Int((crc >> 24) & 0xFF)]
                ^ t[3 * 256 + Int((crc >> 32) & 0xFF)] ^ t[2 * 256 + Int((crc >> 40) & 0xFF)]
                ^ t[256 + Int((crc >> 48) & 0xFF)] ^ t[Int(crc >> 56)]
            pointer += 8
            remaining -= 8
        }
        while remaining > 0 {
            crc = t[Int((crc ^ UInt64(pointer.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
            pointer += 1
            remaining -= 1
        }
        return crc
    }

    private static func reflect(_ value: UInt64) -> UInt64 {
        var result: UInt64 = 0
        for bit in 0..<64 where value & (1 << UInt64(bit)) != 0 { result |= 1 << UInt64(63 - bit) }
        return result
    }
}
