import RESP
import Testing
@testable import Tessera

/// One value's digest (DEBUG DIGEST-VALUE): Redis 7.0's per-type rules, and the same digest for
/// the same contents whatever the encoding.
@Suite("Value digest")
struct ValueDigestTests {
    func run(_ db: Database, _ session: ClientSession, _ commands: [[String]]) async throws {
        for command in commands {
            let reply = try await db.execute(in: session, command)
            #expect(!reply.isError, "\(command): \(reply)")
        }
    }

    func encoding(_ db: Database, _ key: String) async throws -> String? {
        try await db.execute("OBJECT", "ENCODING", key).string
    }

    @Test("A string digests the same as int, embstr and raw")
    func strings() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let session = db.session()
            try await run(db, session, [
                ["SET", "int", "12345"], ["SET", "embstr", "12345x"], ["APPEND", "appended", "12345"],
                ["SETRANGE", "raw", "0", "12345"],
            ])
            #expect(try await encoding(db, "int") == "int")
            #expect(try await encoding(db, "raw") == "raw")
            #expect(try await encoding(db, "embstr") == "embstr")
            let digests = try await db.valueDigests("int", "raw", "appended", "embstr")
            #expect(digests[0] == digests[1] && digests[1] == digests[2] && digests[2] != digests[3])
        }
    }

    @Test("A hash digests the same as listpack and as hashtable, in any field order")
    func hashes() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let session = db.session()
            try await run(db, session, [
                ["HSET", "small", "a", "1", "b", "two", "c", "3.5"],
                ["CONFIG", "SET", "hash-max-listpack-entries", "0"],
                ["HSET", "large", "c", "3.5", "b", "two", "a", "1"],
            ])
            #expect(try await encoding(db, "small") == "listpack")
            #expect(try await encoding(db, "large") == "hashtable")
            let digests = try await db.valueDigests("small", "large")
            #expect(digests[0] == digests[1])
            try await run(db, session, [["HSET", "large", "a", "2"]])
            #expect(try await db.valueDigests("large")[0] != digests[0])
        }
    }

    @Test("A set digests the same as intset and as hashtable")
    func sets() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let session = db.session()
            try await run(db, session, [
                ["SADD", "small", "3", "-1", "200000"],
                ["CONFIG", "SET", "set-max-intset-entries", "1"],
                ["SADD", "large", "200000", "3", "-1"],
            ])
            #expect(try await encoding(db, "small") == "intset")
            #expect(try await encoding(db, "large") == "hashtable")
            let digests = try await db.valueDigests("small", "large")
            #expect(digests[0] == digests[1])
        }
    }

    @Test("A sorted set digests the same as listpack and as skiplist")
    func sortedSets() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let session = db.session()
            let pairs = ["0.1", "a", "-2.5", "b", "inf", "c", "1e300", "d", "-inf", "12", "7", "e"]
            try await run(db, session, [
                ["ZADD", "small"] + pairs,
                ["CONFIG", "SET", "zset-max-listpack-entries", "0"],
                ["ZADD", "large"] + pairs,
            ])
            #expect(try await encoding(db, "small") == "listpack")
            #expect(try await encoding(db, "large") == "skiplist")
            let digests = try await db.valueDigests("small", "large")
            #expect(digests[0] == digests[1])
            // Checked against redis-server 7.0.15 (and debug.c's formula).
            try await run(db, session, [["ZADD", "known", "0.1", "a", "-2.5", "b", "inf", "c", "1e300", "d"]])
            #expect(try await db.valueDigests("known") == ["3e9940315473699c2abd0616cf9499d8c44fc317"])
        }
    }

    @Test("A list digests in order; a set or hash in any order")
    func ordering() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let session = db.session()
            try await run(db, session, [
                ["RPUSH", "ab", "a", "b"], ["RPUSH", "ba", "b", "a"], ["LPUSH", "ab2", "b", "a"],
                ["SADD", "s1", "a", "b"], ["SADD", "s2", "b", "a"],
            ])
            let digests = try await db.valueDigests("ab", "ba", "ab2", "s1", "s2")
            #expect(digests[0] != digests[1] && digests[0] == digests[2])
            #expect(digests[3] == digests[4])
        }
    }

    @Test("A key's expiry counts by whether it expires, not when")
    func expiry() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let session = db.session()
            try await run(db, session, [
                ["SET", "plain", "bar"], ["SET", "soon", "bar", "EX", "1000"], ["SET", "later", "bar", "PX", "99999999"],
            ])
            let digests = try await db.valueDigests("plain", "soon", "later")
            #expect(digests[0] == "68467c70ae30376e7ce005bcc8827f5ba7fd67dc")
            #expect(digests[1] == "8ec3828f7209dd3abdf6ee448de8b0c0bd53265f")
            #expect(digests[1] == digests[2])
            try await run(db, session, [["PERSIST", "soon"]])
            #expect(try await db.valueDigests("soon") == [digests[0]])
        }
    }

    @Test("Scores are written as 7.0 prints them with %.17g")
    func scoreText() {
        func text(_ score: Double) -> String {
            ValueDigest.withScoreText(score) { String(decoding: $0, as: UTF8.self) }
        }
        #expect(text(0.1) == "0.10000000000000001")
        #expect(text(3) == "3")
        #expect(text(-0.0) == "-0")
        #expect(text(1e300) == "1.0000000000000001e+300")
        #expect(text(.infinity) == "inf")
        #expect(text(-.infinity) == "-inf")
    }
}
