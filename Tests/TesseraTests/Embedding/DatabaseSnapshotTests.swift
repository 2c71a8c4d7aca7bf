#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RESP
import Testing
@testable import Tessera

@Suite("Embedding API: snapshots")
struct DatabaseSnapshotTests {
    @Test("save(to:) writes an RDB file that Database(openingSnapshot:) opens")
    func saveAndOpen() async throws {
        try await inTemporaryDirectory { directory async throws in
            let path = directory + "/snapshot.rdb"
            try await withDatabase { db async throws in
                try await db.save(to: path)
            }
            #expect(fileExists(path))
            #expect(temporaryFiles(in: directory).isEmpty)
            let opened = try await Database(openingSnapshot: path, shards: 2)
            #expect(try await opened.execute("DBSIZE") == .integer(0))
            try await opened.close()
        }
    }

    @Test("save(to:) into a directory that does not exist throws and writes nothing")
    func saveFails() async throws {
        try await withDatabase { db async throws in
            await #expect(throws: Database.SaveError.self) {
                try await db.save(to: "/nonexistent-tessera-dir/snapshot.rdb")
            }
        }
    }

    @Test("opening a file that is not an RDB snapshot throws RDBError")
    func openGarbage() async throws {
        try await inTemporaryDirectory { directory async throws in
            let path = directory + "/garbage.rdb"
            let fd = open(path, O_WRONLY | O_CREAT, 0o644)
            _ = "NOT AN RDB FILE".withCString { write(fd, $0, 15) }
            close(fd)
            await #expect(throws: RDBError.self) {
                _ = try await Database(openingSnapshot: path, shards: 2)
            }
            await #expect(throws: RDBError.self) {
                _ = try await Database(openingSnapshot: directory + "/missing.rdb", shards: 2)
            }
        }
    }

    @Test("a saved database opens with every key, value and expiry")
    func roundTrip() async throws {
        try await inTemporaryDirectory { directory async throws in
            let path = directory + "/snapshot.rdb"
            try await withDatabase { db async throws in
                for index in 0..<100 { try await db.set("key:\(index)", "value:\(index)") }
                try await db.execute("RPUSH", "list", "a", "b", "c")
                try await db.execute("HSET", "hash", "f", "v")
                try await db.execute("SADD", "set", "1", "2")
                try await db.execute("ZADD", "zset", "1.5", "m")
                try await db.execute("SET", "volatile", "x", "EX", "1000")
                try await db.execute("SELECT", "0")
                try await db.save(to: path)
            }
            let opened = try await Database(openingSnapshot: path, shards: 3)
            #expect(try await opened.execute("DBSIZE") == .integer(105))
            #expect(try await opened.get("key:42") == Array("value:42".utf8))
            #expect(try await opened.execute("LRANGE", "list", "0", "-1") == .array([.bulk("a"), .bulk("b"), .bulk("c")]))
            #expect(try await opened.execute("HGET", "hash", "f") == .bulk("v"))
            #expect(try await opened.execute("SCARD", "set") == .integer(2))
            #expect(try await opened.execute("ZSCORE", "zset", "m") == .bulk("1.5"))
            #expect((try await opened.ttl("volatile") ?? 0) > 900)
            try await opened.close()
        }
    }
}
