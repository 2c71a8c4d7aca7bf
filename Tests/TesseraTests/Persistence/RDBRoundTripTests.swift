import RESP
import Testing
@testable import Tessera

/// Every type in every encoding Tessera stores, as the commands a client would send (one
/// connection: the SELECT applies to what follows it).
let everyEncodingCommands: [[[UInt8]]] = {
    var commands: [[String]] = [
        ["SET", "str:int", "12345"],
        ["SET", "str:wideint", "-9223372036854775808"],
        ["SET", "str:embstr", "hello world"],
        ["SET", "str:raw", String(repeating: "x", count: 100)],
        ["SET", "str:text", String(repeating: "abcdefghij", count: 60) + "tail"],
        ["SET", "str:empty", ""],
        ["SET", "str:expiring", "soon", "PX", "100000000"],
        ["RPUSH", "list:small", "a", "b", "1", "-2", "300000", "9999999999"],
        ["RPUSH", "list:large"] + (0..<3000).map { "element-\($0)" },
        ["SADD", "set:intset", "1", "-5", "70000", "5000000000"],
        ["SADD", "set:hashtable", "apple", "banana", "7"],
        ["SADD", "set:large"] + (0..<600).map { String($0) },
        ["HSET", "hash:small", "f1", "v1", "f2", "2", "f3", "-3"],
        ["HSET", "hash:longvalue", "f", String(repeating: "v", count: 100)],
        ["HSET", "hash:large"] + (0..<600).flatMap { ["field\($0)", "value\($0)"] },
        ["ZADD", "zset:small", "1", "one", "2.5", "two", "-inf", "low", "inf", "high", "0", "zero"],
        ["ZADD", "zset:large"] + (0..<200).flatMap { ["\(Double($0) / 3)", "member\($0)"] },
        ["ZADD", "zset:longmember", "1", String(repeating: "m", count: 100)],
        ["SELECT", "3"],
        ["SET", "db3:key", "in database 3"],
        ["RPUSH", "db3:list", "x"],
    ]
    commands.insert(["SET", "str:binary", "BINARY"], at: 0)
    var encoded = commands.map { $0.map { Array($0.utf8) } }
    encoded[0][2] = (0...255).map { UInt8($0) }
    return encoded
}()

func fillEveryEncoding(_ db: Database) async throws {
    let connection = db.connection()
    for command in everyEncodingCommands { _ = try await connection.execute(command) }
}

@Suite("RDB round trip")
struct RDBRoundTripTests {
    @Test("a dump of every type and encoding loads back with the same values, encodings and TTLs",
          arguments: [true, false])
    func everyEncoding(compression: Bool) async throws {
        try await withDatabase(shards: 1) { source in
            try await fillEveryEncoding(source)
            let expected = try await source.describe(databases: [0, 3])
            #expect(expected.contains { $0.contains("str:raw") && $0.contains("raw") })
            #expect(expected.contains { $0.contains("zset:large") && $0.contains("skiplist") })
            let bytes = try await source.rdbBytes(compression: compression)
            #expect(bytes.starts(with: Array("REDIS0010".utf8)))
            try await withDatabase(shards: 1) { target in
                let summary = try await target.loadRDB(bytes)
                #expect(summary.keysLoaded == expected.count)
                #expect(summary.redisVersion == "7.0.15")
                #expect(summary.rdbVersion == 10)
                #expect(summary.replicationID == testSaveInfo.replicationID)
                #expect(try await target.describe(databases: [0, 3]) == expected)
                // Written again, the loaded data gives a file of the same size.
                #expect(try await target.rdbBytes(compression: compression).count == bytes.count)
            }
        }
    }

    @Test("keys whose deadline has passed are skipped and counted")
    func expiredKeys() async throws {
        try await withDatabase(shards: 1) { source in
            try await source.execute("SET", "kept", "1")
            try await source.execute("SET", "gone", "1", "PX", "30")
            let bytes = try await source.rdbBytes()
            try await Task.sleep(for: .milliseconds(60))
            try await withDatabase(shards: 1) { target in
                let summary = try await target.loadRDB(bytes)
                #expect(summary.keysLoaded == 1)
                #expect(summary.keysExpired == 1)
                #expect(try await target.execute("EXISTS", "gone") == .integer(0))
            }
        }
    }

    @Test("rdbchecksum no writes eight zero bytes, and such a file loads without a check")
    func checksumOff() async throws {
        try await withDatabase(shards: 1) { db in
            try await db.execute("SET", "k", "v")
            let bytes = try await db.rdbBytes(checksum: false)
            #expect(Array(bytes.suffix(8)) == [0, 0, 0, 0, 0, 0, 0, 0])
            #expect(bytes[bytes.count - 9] == RDBOpcode.eof)
            try await db.execute("FLUSHALL")
            try await db.loadRDB(bytes)
            #expect(try await db.execute("GET", "k") == .bulkString(Array("v".utf8)))
        }
    }

    @Test("a wrong checksum fails the load with Redis's message and leaves the dataset as it was")
    func wrongChecksum() async throws {
        try await withDatabase(shards: 1) { db in
            try await db.execute("SET", "k", "v")
            var bytes = try await db.rdbBytes()
            bytes[bytes.count - 1] ^= 0x01
            try await db.execute("SET", "other", "1")
            do {
                try await db.loadRDB(bytes)
                Issue.record("loaded a file with a wrong checksum")
            } catch let error as RDBError {
                #expect(error.kind == .checksum)
                #expect(error.description.hasPrefix("Wrong RDB checksum expected: ("))
            }
            #expect(try await db.execute("DBSIZE") == .integer(2))
        }
    }

    @Test("a file of a newer RDB version is refused with Redis's message")
    func newerVersion() async throws {
        try await withDatabase(shards: 1) { db in
            var bytes = try await db.rdbBytes(checksum: false)
            bytes.replaceSubrange(5..<9, with: Array("0012".utf8))
            do {
                try await db.loadRDB(bytes)
                Issue.record("loaded version 12")
            } catch let error as RDBError {
                #expect(error.description == "Can't handle RDB format version 12")
            }
        }
    }
}
