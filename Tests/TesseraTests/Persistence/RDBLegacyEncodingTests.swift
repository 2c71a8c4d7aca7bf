import RESP
import Testing
@testable import Tessera

/// Entries of a hand-built ziplist: strings below 64 bytes and integers.
enum ZiplistItem {
    case text(String)
    case integer(Int64)
}

/// A ziplist as Redis 6 wrote one (ziplist.c's layout), to stand in for files of that age.
func ziplistBlob(_ items: [ZiplistItem]) -> [UInt8] {
    var entries: [UInt8] = []
    var previous = 0
    var lastOffset = 10
    for item in items {
        var entry: [UInt8] = previous < 254 ? [UInt8(previous)] : [0xFE] + withUnsafeBytes(of: UInt32(previous).littleEndian) { Array($0) }
        switch item {
        case .text(let text):
            entry += [UInt8(text.utf8.count)] + Array(text.utf8)
        case .integer(let value):
            if (0...12).contains(value) {
                entry += [0xF1 + UInt8(value)]
            } else if let small = Int8(exactly: value) {
                entry += [0xFE, UInt8(bitPattern: small)]
            } else if let medium = Int16(exactly: value) {
                entry += [0xC0] + withUnsafeBytes(of: medium.littleEndian) { Array($0) }
            } else if let large = Int32(exactly: value) {
                entry += [0xD0] + withUnsafeBytes(of: large.littleEndian) { Array($0) }
            } else {
                entry += [0xE0] + withUnsafeBytes(of: value.littleEndian) { Array($0) }
            }
        }
        lastOffset = 10 + entries.count
        entries += entry
        previous = entry.count
    }
    let total = 10 + entries.count + 1
    return withUnsafeBytes(of: UInt32(total).littleEndian) { Array($0) }
        + withUnsafeBytes(of: UInt32(lastOffset).littleEndian) { Array($0) }
        + withUnsafeBytes(of: UInt16(items.count).littleEndian) { Array($0) } + entries + [0xFF]
}

/// A zipmap as Redis 2.x wrote one.
func zipmapBlob(_ pairs: [(String, String)]) -> [UInt8] {
    var blob: [UInt8] = [UInt8(pairs.count)]
    for (field, value) in pairs {
        blob += [UInt8(field.utf8.count)] + Array(field.utf8) + [UInt8(value.utf8.count), 0] + Array(value.utf8)
    }
    return blob + [0xFF]
}

/// An RDB file of `version` holding `keys` (type, key, body written by the closure) in db 0.
func legacyFile(version: String = "0009", _ keys: [(UInt8, String, (inout RDBSink) -> Void)]) -> [UInt8] {
    var file = sinkBytes { sink in
        Array("REDIS\(version)".utf8).withUnsafeBytes { sink.write($0) }
        sink.writeByte(RDBOpcode.selectDB)
        sink.writeLength(0)
        for (type, key, body) in keys {
            sink.writeByte(type)
            Array(key.utf8).withUnsafeBytes { sink.writeString($0, compression: false) }
            body(&sink)
        }
        sink.writeByte(RDBOpcode.eof)
    }
    let crc = CRC64.make()
    defer { crc.free() }
    let checksum = file.withUnsafeBytes { crc.update(0, $0) }
    file += withUnsafeBytes(of: checksum.littleEndian) { Array($0) }
    return file
}

func blob(_ bytes: [UInt8]) -> (inout RDBSink) -> Void {
    { sink in bytes.withUnsafeBytes { sink.writeString($0, compression: false) } }
}

func strings(_ items: [String]) -> (inout RDBSink) -> Void {
    { sink in
        sink.writeLength(items.count)
        for item in items { Array(item.utf8).withUnsafeBytes { sink.writeString($0, compression: false) } }
    }
}

@Suite("RDB files of older Redis versions")
struct RDBLegacyEncodingTests {
    @Test("ziplist, zipmap and quicklist v1 values load as Redis 7.0 converts them")
    func ziplistEra() async throws {
        let file = legacyFile([
            (RDBType.hashZipmap, "hash:zipmap", blob(zipmapBlob([("f1", "v1"), ("f2", "2")]))),
            (RDBType.listZiplist, "list:ziplist", blob(ziplistBlob([.text("a"), .integer(7), .integer(-300),
                                                                    .integer(100_000), .integer(5_000_000_000)]))),
            (RDBType.zsetZiplist, "zset:ziplist", blob(ziplistBlob([.text("m1"), .integer(1), .text("m2"), .text("2.5")]))),
            (RDBType.hashZiplist, "hash:ziplist", blob(ziplistBlob([.text("f"), .text("v"), .text("n"), .integer(12)]))),
            (RDBType.listQuicklist, "list:quicklist", { sink in
                sink.writeLength(2)
                ziplistBlob([.text("x"), .integer(1)]).withUnsafeBytes { sink.writeString($0, compression: false) }
                ziplistBlob([.text("y")]).withUnsafeBytes { sink.writeString($0, compression: false) }
            }),
            (RDBType.setIntset, "set:intset", blob([2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 9, 0])),
        ])
        try await withDatabase(shards: 1) { db in
            try await db.loadRDB(file)
            #expect(try await db.execute("OBJECT", "ENCODING", "hash:zipmap") == .bulkString(Array("listpack".utf8)))
            #expect(try await db.execute("HGET", "hash:zipmap", "f2") == .bulkString(Array("2".utf8)))
            #expect(try await db.execute("LRANGE", "list:ziplist", "0", "-1")
                == .array(["a", "7", "-300", "100000", "5000000000"].map { .bulkString(Array($0.utf8)) }))
            #expect(try await db.execute("OBJECT", "ENCODING", "zset:ziplist") == .bulkString(Array("listpack".utf8)))
            #expect(try await db.execute("ZSCORE", "zset:ziplist", "m2") == .bulkString(Array("2.5".utf8)))
            #expect(try await db.execute("HGETALL", "hash:ziplist")
                == .array(["f", "v", "n", "12"].map { .bulkString(Array($0.utf8)) }))
            #expect(try await db.execute("LRANGE", "list:quicklist", "0", "-1")
                == .array(["x", "1", "y"].map { .bulkString(Array($0.utf8)) }))
            #expect(try await db.execute("SMEMBERS", "set:intset") == .array([.bulkString([0x31]), .bulkString([0x39])]))
        }
    }

    @Test("plain LIST, SET, ZSET (text scores) and HASH values of version 1 files load")
    func versionOne() async throws {
        let file = legacyFile(version: "0001", [
            (RDBType.list, "list", strings(["a", "b"])),
            (RDBType.set, "set", strings(["1", "x"])),
            (RDBType.hash, "hash", { sink in
                sink.writeLength(1)
                for item in ["f", "v"] { Array(item.utf8).withUnsafeBytes { sink.writeString($0, compression: false) } }
            }),
            (RDBType.zset, "zset", { sink in
                sink.writeLength(2)
                Array("low".utf8).withUnsafeBytes { sink.writeString($0, compression: false) }
                sink.writeByte(255)
                Array("mid".utf8).withUnsafeBytes { sink.writeString($0, compression: false) }
                sink.writeByte(3)
                Array("1.5".utf8).withUnsafeBytes { sink.write($0) }
            }),
        ])
        // Version 1 has no checksum: drop the 8 bytes legacyFile appended.
        let unchecked = Array(file.dropLast(8))
        try await withDatabase(shards: 1) { db in
            let summary = try await db.loadRDB(unchecked)
            #expect(summary.rdbVersion == 1)
            #expect(summary.keysLoaded == 4)
            #expect(try await db.execute("OBJECT", "ENCODING", "set") == .bulkString(Array("hashtable".utf8)))
            #expect(try await db.execute("ZRANGE", "zset", "0", "-1", "WITHSCORES")
                == .array(["low", "-inf", "mid", "1.5"].map { .bulkString(Array($0.utf8)) }))
            #expect(try await db.execute("HGET", "hash", "f") == .bulkString(Array("v".utf8)))
        }
    }

    @Test("hash-max-listpack-entries below a loaded hash's size makes it a hashtable")
    func conversionOnLoad() async throws {
        let file = legacyFile([(RDBType.hashZiplist, "hash", blob(ziplistBlob([.text("a"), .text("1"), .text("b"), .text("2")])))])
        try await withDatabase(shards: 1) { db in
            try await db.execute("CONFIG", "SET", "hash-max-listpack-entries", "1")
            try await db.loadRDB(file)
            #expect(try await db.execute("OBJECT", "ENCODING", "hash") == .bulkString(Array("hashtable".utf8)))
            #expect(try await db.execute("HLEN", "hash") == .integer(2))
        }
    }

    @Test("corrupt and duplicated blobs are refused and load nothing",
          arguments: [
              (RDBType.listZiplist, [UInt8](ziplistBlob([.text("a"), .text("b")]).enumerated().map { $0.offset == 13 ? 9 : $0.element })),
              (RDBType.hashZiplist, ziplistBlob([.text("f"), .text("1"), .text("f"), .text("2")])),
              (RDBType.zsetZiplist, ziplistBlob([.text("m"), .integer(1), .text("odd")])),
              (RDBType.hashZipmap, zipmapBlob([("f", "1"), ("f", "2")])),
              (RDBType.hashListpack, [7, 0, 0, 0, 1, 0, 0xFF]),
              (RDBType.setIntset, [2, 0, 0, 0, 2, 0, 0, 0, 9, 0, 1, 0]),
          ])
    func corruptBlobs(type: UInt8, body: [UInt8]) async throws {
        let file = legacyFile([(RDBType.string, "first", blob(Array("ok".utf8))), (type, "bad", blob(body))])
        try await withDatabase(shards: 1) { db in
            do {
                try await db.loadRDB(file)
                Issue.record("loaded a corrupt blob of type \(type)")
            } catch let error as RDBError {
                #expect(error.kind == .corrupt)
            }
            #expect(try await db.execute("DBSIZE") == .integer(0))
        }
    }
}
