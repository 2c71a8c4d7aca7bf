/// The encoded form of one listpack entry (src/listpack.c, lpEncodeGetType / lpEncodeString):
/// its size is known before the listpack makes room, then it is written in place.
///
/// Entry layouts (first byte, then payload):
/// - `0xxxxxxx` 7-bit unsigned int 0...127
/// - `10xxxxxx` string of up to 63 bytes
/// - `110xxxxx yyyyyyyy` 13-bit signed int -4096...4095
/// - `1110xxxx yyyyyyyy` string of up to 4095 bytes
/// - `0xF0` + u32 LE length: string of 4096 bytes or more
/// - `0xF1`/`0xF2`/`0xF3`/`0xF4` + 2/3/4/8 bytes LE: signed 16/24/32/64-bit int
/// Each entry is followed by its back-length (`ListpackBacklen`).
struct ListpackEntryEncoding {
    enum Payload {
        case integer(Int64)
        case string(UnsafeRawBufferPointer)
    }

    let payload: Payload
    /// The entry's size without its back-length.
    let size: Int

    init(_ element: ListpackElement) {
        switch element {
        case .integer(let value):
            self.init(integer: value)
        case .bytes(let bytes):
            if let value = Integer.parseStrict(bytes) {
                self.init(integer: value)
            } else {
                self.init(string: bytes)
            }
        }
    }

    init(string bytes: UnsafeRawBufferPointer) {
        payload = .string(bytes)
        size = ListpackEntryEncoding.stringHeaderSize(bytes.count) + bytes.count
    }

    init(integer value: Int64) {
        payload = .integer(value)
        size = ListpackEntryEncoding.integerSize(value)
    }

    static func integerSize(_ value: Int64) -> Int {
        switch value {
        case 0...127: return 1
        case -4096...4095: return 2
        case -32768...32767: return 3
        case -8_388_608...8_388_607: return 4
        case -2_147_483_648...2_147_483_647: return 5
        default: return 9
        }
    }

    static func stringHeaderSize(_ length: Int) -> Int {
        length < 64 ? 1 : length < 4096 ? 2 : 5
    }

    func write(to destination: UnsafeMutableRawPointer) {
        switch payload {
        case .integer(let value): writeInteger(value, to: destination)
        case .string(let bytes): writeString(bytes, to: destination)
        }
    }

    private func writeInteger(_ value: Int64, to destination: UnsafeMutableRawPointer) {
        let bits = UInt64(bitPattern: value)
        switch size {
        case 1:
            destination.storeBytes(of: UInt8(bits), as: UInt8.self)
        case 2:
            let thirteenBits = bits & 0x1FFF
            destination.storeBytes(of: UInt8(thirteenBits >> 8) | 0xC0, as: UInt8.self)
            destination.storeBytes(of: UInt8(thirteenBits & 0xFF), toByteOffset: 1, as: UInt8.self)
        default:
            // 0xF1...0xF4 for 16, 24, 32 and 64 bits; the payload is the low bytes of the
            // two's complement, least significant first.
            let tag: UInt8 = size == 3 ? 0xF1 : size == 4 ? 0xF2 : size == 5 ? 0xF3 : 0xF4
            destination.storeBytes(of: tag, as: UInt8.self)
            storeLittleEndian(bits, byteCount: size - 1, to: destination + 1)
        }
    }

    private func writeString(_ bytes: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) {
        let length = bytes.count
        let headerSize = ListpackEntryEncoding.stringHeaderSize(length)
        switch headerSize {
        case 1:
            destination.storeBytes(of: UInt8(length) | 0x80, as: UInt8.self)
        case 2:
            destination.storeBytes(of: UInt8(length >> 8) | 0xE0, as: UInt8.self)
            destination.storeBytes(of: UInt8(length & 0xFF), toByteOffset: 1, as: UInt8.self)
        default:
            destination.storeBytes(of: UInt8(0xF0), as: UInt8.self)
            storeLittleEndian(UInt64(length), byteCount: 4, to: destination + 1)
        }
        if let source = bytes.baseAddress, length > 0 {
            (destination + headerSize).copyMemory(from: source, byteCount: length)
        }
    }

    private func storeLittleEndian(_ bits: UInt64, byteCount: Int, to destination: UnsafeMutableRawPointer) {
        for index in 0..<byteCount {
            destination.storeBytes(of: UInt8(truncatingIfNeeded: bits >> (8 * UInt64(index))), toByteOffset: index, as: UInt8.self)
        }
    }
}

/// The entry layout read back from its first bytes (lpCurrentEncodedSizeBytes,
/// lpCurrentEncodedSizeUnsafe, lpGet).
enum ListpackEntryLayout {
    /// Bytes of the first byte plus the length field: enough to learn the entry's size.
    /// 0 for a byte that starts no entry (0xF5...0xFE; 0xFF is the terminator).
    static func headerSize(firstByte byte: UInt8) -> Int {
        if byte & 0x80 == 0 || byte & 0xC0 == 0x80 || byte & 0xE0 == 0xC0 { return 1 }
        if byte & 0xF0 == 0xE0 { return 2 }
        switch byte {
        case 0xF1...0xF4: return 1
        case 0xF0: return 5
        default: return 0
        }
    }

    /// The entry's size without its back-length; `entry` must hold `headerSize` readable bytes.
    /// 0 for a byte that starts no entry.
    static func size(at entry: UnsafeRawPointer) -> Int {
        let byte = entry.load(as: UInt8.self)
        if byte & 0x80 == 0 { return 1 }
        if byte & 0xC0 == 0x80 { return 1 + Int(byte & 0x3F) }
        if byte & 0xE0 == 0xC0 { return 2 }
        if byte & 0xF0 == 0xE0 { return 2 + twelveBitLength(entry) }
        switch byte {
        case 0xF0: return 5 + thirtyTwoBitLength(entry)
        case 0xF1: return 3
        case 0xF2: return 4
        case 0xF3: return 5
        case 0xF4: return 9
        default: return 0
        }
    }

    /// The entry's value; strings point into the entry.
    static func value(at entry: UnsafeRawPointer) -> ListpackValue {
        let byte = entry.load(as: UInt8.self)
        if byte & 0x80 == 0 { return .integer(Int64(byte)) }
        if byte & 0xC0 == 0x80 { return .bytes(UnsafeRawBufferPointer(start: entry + 1, count: Int(byte & 0x3F))) }
        if byte & 0xE0 == 0xC0 {
            let raw = Int64(byte & 0x1F) << 8 | Int64(entry.load(fromByteOffset: 1, as: UInt8.self))
            return .integer(raw >= 4096 ? raw - 8192 : raw)
        }
        if byte & 0xF0 == 0xE0 { return .bytes(UnsafeRawBufferPointer(start: entry + 2, count: twelveBitLength(entry))) }
        switch byte {
        case 0xF0: return .bytes(UnsafeRawBufferPointer(start: entry + 5, count: thirtyTwoBitLength(entry)))
        case 0xF1: return .integer(signExtended(entry, byteCount: 2))
        case 0xF2: return .integer(signExtended(entry, byteCount: 3))
        case 0xF3: return .integer(signExtended(entry, byteCount: 4))
        case 0xF4: return .integer(signExtended(entry, byteCount: 8))
        // Not an entry: Redis's lpGet answers this marker value rather than crash.
        default: return .integer(12_345_678_900_000_000 + Int64(byte))
        }
    }

    private static func twelveBitLength(_ entry: UnsafeRawPointer) -> Int {
        Int(entry.load(as: UInt8.self) & 0x0F) << 8 | Int(entry.load(fromByteOffset: 1, as: UInt8.self))
    }

    private static func thirtyTwoBitLength(_ entry: UnsafeRawPointer) -> Int {
        Int(UInt32(littleEndian: entry.loadUnaligned(fromByteOffset: 1, as: UInt32.self)))
    }

    /// The `byteCount` little-endian bytes after the tag, as a two's complement integer.
    private static func signExtended(_ entry: UnsafeRawPointer, byteCount: Int) -> Int64 {
        var bits: UInt64 = 0
        for index in 0..<byteCount {
            bits |= UInt64(entry.load(fromByteOffset: 1 + index, as: UInt8.self)) << (8 * UInt64(index))
        }
        let unusedBits = UInt64(64 - 8 * byteCount)
        return Int64(bitPattern: bits << unusedBits) >> unusedBits
    }
}
