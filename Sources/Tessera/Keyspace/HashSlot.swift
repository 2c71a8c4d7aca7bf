/// Redis Cluster's key -> slot mapping (CRC16/XMODEM of the hash tag, mod 16384), so that users
/// co-locate keys with `{tags}` exactly as they would on a cluster, and a later cluster mode keeps
/// the same slot numbers.
public enum HashSlot {
    public static let count = 16384

    @inlinable
    public static func slot(of key: UnsafeRawBufferPointer) -> Int {
        let tagged = hashTag(of: key)
        return Int(crc16(tagged) & 0x3FFF)
    }

    /// The part of the key that is hashed: the bytes between the first `{` and the next `}` when
    /// that is non-empty, otherwise the whole key (Redis's keyHashSlot).
    @inlinable
    public static func hashTag(of key: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")) else { return key }
        var close = open + 1
        while close < key.count {
            if key[close] == UInt8(ascii: "}") {
                return close == open + 1 ? key : UnsafeRawBufferPointer(rebasing: key[(open + 1)..<close])
            }
            close += 1
        }
        return key
    }

    @inlinable
    public static func crc16(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ crc16Table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    @usableFromInline
    static let crc16Table: [UInt16] = (0..<256).map { index -> UInt16 in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
