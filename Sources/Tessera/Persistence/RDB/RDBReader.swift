#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads RDB encodings from a byte range (a mapped file or a buffer) without ever reading past
/// it: every read checks the bytes left and throws a short read; every length that sizes an
/// allocation is checked against what the file could still hold.
struct RDBReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    // MARK: raw

    mutating func readByte() throws(RDBError) -> UInt8 {
        guard offset < bytes.count else { throw RDBError.shortRead(at: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readBytes(_ count: Int) throws(RDBError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw RDBError.shortRead(at: offset) }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type) throws(RDBError) -> T {
        let raw = try readBytes(MemoryLayout<T>.size)
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    mutating func readBigEndian<T: FixedWidthInteger>(_: T.Type) throws(RDBError) -> T {
        let raw = try readBytes(MemoryLayout<T>.size)
        return T(bigEndian: raw.loadUnaligned(as: T.self))
    }

    // MARK: lengths

    /// rdbLoadLenByRef: a length, or (when `encoded`) the special string encoding 0...3.
    mutating func readLengthOrEncoding() throws(RDBError) -> (value: UInt64, encoded: Bool) {
        let first = try readByte()
        switch first >> 6 {
        case RDBFormat.length6Bit:
            return (UInt64(first & 0x3F), false)
        case RDBFormat.length14Bit:
            let low = try readByte()
            return ((UInt64(first & 0x3F) << 8) | UInt64(low), false)
        case RDBFormat.encodedValue:
            return (UInt64(first & 0x3F), true)
        default:
            if first == RDBFormat.length32Bit { return (UInt64(try readBigEndian(UInt32.self)), false) }
            if first == RDBFormat.length64Bit { return (try readBigEndian(UInt64.self), false) }
            throw RDBError.corrupt(at: offset - 1, "Unknown length encoding \(first) in rdbLoadLen()")
        }
    }

    mutating func readLength() throws(RDBError) -> UInt64 {
        let (value, encoded) = try readLengthOrEncoding()
        guard !encoded else { throw RDBError.corrupt(at: offset - 1, "Unexpected encoded length") }
        return value
    }

    /// A count of things that each take at least `minimumBytes` of the file: a larger one is
    /// corrupt, so no loader sizes a table from a length the file cannot hold.
    mutating func readCount(minimumBytes: Int = 1) throws(RDBError) -> Int {
        let start = offset
        let value = try readLength()
        guard value <= UInt64(remaining / max(minimumBytes, 1)) else {
            throw RDBError.corrupt(at: start, "Length \(value) exceeds the bytes left in the file")
        }
        return Int(value)
    }

    // MARK: strings

    /// rdbGenericLoadStringObject. Integers stay integers unless `digits` asks for their text;
    /// LZF strings and integer text are malloc'd and owned by the result (call `release`).
    mutating func readString(digits: Bool = true) throws(RDBError) -> RDBString {
        let start = offset
        let (value, encoded) = try readLengthOrEncoding()
        guard encoded else {
            guard value <= UInt64(remaining) else { throw RDBError.shortRead(at: offset) }
            return RDBString(bytes: try readBytes(Int(value)))
        }
        switch UInt8(value) {
        case RDBFormat.encodingInt8:
            return RDBString(integer: Int64(Int8(bitPattern: try readByte())), digits: digits)
        case RDBFormat.encodingInt16:
            return RDBString(integer: Int64(try readLittleEndian(Int16.self)), digits: digits)
        case RDBFormat.encodingInt32:
            return RDBString(integer: Int64(try readLittleEndian(Int32.self)), digits: digits)
        case RDBFormat.encodingLZF:
            return try readCompressed(start: start)
        default:
            throw RDBError.corrupt(at: start, "Unknown RDB string encoding type \(value)")
        }
    }

    /// rdbLoadLzfStringObject: compressed length, original length, data; the output must be
    /// exactly the original length.
    private mutating func readCompressed(start: Int) throws(RDBError) -> RDBString {
        let compressedLength = try readLength()
        let length = try readLength()
        guard compressedLength <= UInt64(remaining) else { throw RDBError.shortRead(at: offset) }
        let compressed = try readBytes(Int(compressedLength))
        // LZF expands at most ~132x (a 3-byte reference to 264 bytes): more is corruption.
        guard length > 0, length <= UInt64(compressed.count) * 140 + 64 else {
            throw RDBError.corrupt(at: start, "Invalid LZF compressed string")
        }
        let output = malloc(Int(length))!
        let produced = LZF.decompress(compressed, into: UnsafeMutableRawBufferPointer(start: output, count: Int(length)))
        guard produced == Int(length) else {
            free(output)
            throw RDBError.corrupt(at: start, "Invalid LZF compressed string")
        }
        return RDBString(bytes: UnsafeRawBufferPointer(start: output, count: Int(length)), owned: output)
    }

    /// Skips one string without decoding it.
    mutating func skipString() throws(RDBError) {
        try readString(digits: false).release()
    }

    // MARK: numbers

    /// rdbLoadBinaryDoubleValue.
    mutating func readBinaryDouble() throws(RDBError) -> Double {
        Double(bitPattern: try readLittleEndian(UInt64.self))
    }

    /// rdbLoadDoubleValue (RDB_TYPE_ZSET): a length byte (253 NaN, 254 +inf, 255 -inf) and text.
    mutating func readTextDouble() throws(RDBError) -> Double {
        let start = offset
        let length = try readByte()
        switch length {
        case 253: return .nan
        case 254: return .infinity
        case 255: return -.infinity
        default:
            let text = try readBytes(Int(length))
            guard let value = RDBReader.parseDouble(text) else {
                throw RDBError.corrupt(at: start, "Invalid double value")
            }
            return value
        }
    }

    /// sscanf("%lg") on bytes: strtod over a NUL-terminated stack copy.
    static func parseDouble(_ text: UnsafeRawBufferPointer) -> Double? {
        var buffer = [CChar](repeating: 0, count: text.count + 1)
        for index in 0..<text.count { buffer[index] = CChar(bitPattern: text[index]) }
        return buffer.withUnsafeMutableBufferPointer { pointer -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(pointer.baseAddress!, &end)
            return end == pointer.baseAddress! ? nil : value
        }
    }
}

/// A string as read: bytes inside the file, bytes it owns (LZF, integer text), or an integer
/// the file stored encoded and the caller did not ask to spell out.
struct RDBString {
    let bytes: UnsafeRawBufferPointer
    let integer: Int64?
    private let owned: UnsafeMutableRawPointer?

    init(bytes: UnsafeRawBufferPointer, owned: UnsafeMutableRawPointer? = nil) {
        self.bytes = bytes
        self.integer = nil
        self.owned = owned
    }

    init(integer: Int64, digits: Bool) {
        self.integer = integer
        guard digits else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            owned = nil
            return
        }
        let buffer = malloc(24)!
        let text = Integer.format(integer, into: UnsafeMutableRawBufferPointer(start: buffer, count: 24))
        bytes = text
        owned = buffer
    }

    func release() { free(owned) }
}
