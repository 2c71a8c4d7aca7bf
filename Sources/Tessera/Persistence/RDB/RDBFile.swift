// PLACEHOLDER until the rdb branch is merged: the coordinator replaces this file with the real
// RDB writer and loader. It keeps their exact API; `write` emits a valid EMPTY RDB (version 10,
// no AUX fields, EOF, a zero checksum meaning "not computed") and `load` accepts a file holding
// no keys (AUX fields allowed) and throws for anything else.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct RDBSaveInfo: Sendable {
    public var replicationID: String
    public var replicationOffset: Int64
    public var aofBase: Bool
    public var usedMemory: Int
    public var time: Int64

    public init(replicationID: String, replicationOffset: Int64, aofBase: Bool, usedMemory: Int, time: Int64) {
        self.replicationID = replicationID
        self.replicationOffset = replicationOffset
        self.aofBase = aofBase
        self.usedMemory = usedMemory
        self.time = time
    }
}

public struct RDBError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

public struct RDBLoadSummary: Sendable {
    public var keysLoaded: Int, keysExpired: Int
    public var replicationID: String?, replicationOffset: Int64?
    public var aofBase: Bool, redisVersion: String?, createdAt: Int64?, rdbVersion: Int
}

enum RDBFile {
    /// Child-safe (no locks, Foundation, async, stdio): writes every database of every store to fd.
    static func write(stores: [ShardStore], databaseCount: Int, info: RDBSaveInfo,
                      compression: Bool, checksum: Bool, to fd: Int32) throws(RDBError) -> Int {
        // "REDIS0010", EOF, 8 zero checksum bytes.
        let bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0x52, 0x45, 0x44, 0x49, 0x53, 0x30, 0x30, 0x31, 0x30, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0)
        let written = withUnsafeBytes(of: bytes) { writeFully(fd, $0) }
        guard written else { throw RDBError("Write error saving DB on disk") }
        return MemoryLayout.size(ofValue: bytes)
    }

    /// Loads into stores the caller owns exclusively; all or nothing.
    static func load(path: String, into stores: [ShardStore], shardOf: (UnsafeRawBufferPointer) -> Int,
                     limits: CollectionLimits, progress: (Int, Int) -> Void) throws(RDBError) -> RDBLoadSummary {
        guard let file = readAll(path) else { throw RDBError("Can't open \(path)") }
        var reader = PlaceholderReader(bytes: file)
        guard file.count >= 9, Array(file[0..<5]) == Array("REDIS".utf8),
              let version = Int(String(decoding: file[5..<9], as: UTF8.self)), version >= 1, version <= 11 else {
            throw RDBError("Wrong signature trying to load DB from file")
        }
        reader.position = 9
        var summary = RDBLoadSummary(keysLoaded: 0, keysExpired: 0, replicationID: nil, replicationOffset: nil,
                                     aofBase: false, redisVersion: nil, createdAt: nil, rdbVersion: version)
        while let opcode = reader.byte() {
            switch opcode {
            case 0xFF:
                guard version < 5 || reader.remaining >= 8 else { throw RDBError("Short read loading DB") }
                progress(file.count, file.count)
                return summary
            case 0xFA:
                guard let name = reader.string(), let value = reader.string() else {
                    throw RDBError("Short read loading DB")
                }
                switch name {
                case "redis-ver": summary.redisVersion = value
                case "ctime": summary.createdAt = Int64(value)
                case "aof-base": summary.aofBase = value == "1"
                case "repl-id": summary.replicationID = value
                case "repl-offset": summary.replicationOffset = Int64(value)
                default: break
                }
            case 0xFE:
                // SELECTDB of an empty database list: a length follows.
                guard reader.length() != nil else { throw RDBError("Short read loading DB") }
            case 0xFB:
                guard reader.length() != nil, reader.length() != nil else { throw RDBError("Short read loading DB") }
            default:
                throw RDBError("The RDB placeholder loads empty files only (type \(opcode) found)")
            }
        }
        throw RDBError("Short read loading DB")
    }

    private static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 { return nil }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

/// write(2) until every byte is out.
private func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let count = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return false }
        offset += count
    }
    return true
}

/// Just enough of the format to read AUX fields: lengths and the string encodings.
private struct PlaceholderReader {
    let bytes: [UInt8]
    var position = 0
    var remaining: Int { bytes.count - position }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bigEndian(_ count: Int) -> Int? {
        guard remaining >= count else { return nil }
        var value = 0
        for _ in 0..<count { value = value << 8 | Int(bytes[position]); position += 1 }
        return value
    }

    mutating func littleEndian(_ count: Int) -> Int64? {
        guard remaining >= count else { return nil }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += count
        let shift = UInt64(64 - 8 * count)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }

    /// A length, or nil for an encoded string's special form (handled by `string`).
    mutating func length() -> Int? {
        guard let first = byte() else { return nil }
        switch first >> 6 {
        case 0: return Int(first & 0x3F)
        case 1: return byte().map { Int(first & 0x3F) << 8 | Int($0) }
        case 2: return first == 0x80 ? bigEndian(4) : (first == 0x81 ? bigEndian(8) : nil)
        default: return nil
        }
    }

    mutating func string() -> String? {
        guard let first = bytes.indices.contains(position) ? bytes[position] : nil else { return nil }
        if first >> 6 == 3 {
            position += 1
            switch first & 0x3F {
            case 0: return littleEndian(1).map { String($0) }
            case 1: return littleEndian(2).map { String($0) }
            case 2: return littleEndian(4).map { String($0) }
            default: return nil
            }
        }
        guard let count = length(), remaining >= count else { return nil }
        defer { position += count }
        return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
    }
}
