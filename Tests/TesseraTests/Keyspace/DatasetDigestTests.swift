import RESP
import Testing
@testable import Tessera

/// DEBUG DIGEST over the whole keyspace: the values Redis 7.0 gives for the same data, whatever
/// the number of shards and wherever each key lives.
@Suite("Dataset digest")
struct DatasetDigestTests {
    /// db 0: foo=bar, n=12345; db 3: a list, an expiring set, a sorted set, a hash.
    func fillSample(_ db: Database) async throws {
        let session = db.session()
        for command in [
            ["SET", "foo", "bar"], ["SET", "n", "12345"], ["SELECT", "3"],
            ["RPUSH", "l", "a", "b", "c"], ["SADD", "s", "1", "2", "x"], ["EXPIRE", "s", "100000"],
            ["ZADD", "z", "0.1", "a", "-2.5", "b", "inf", "c", "1e300", "d"],
            ["HSET", "h", "f", "v", "g", "1"],
        ] {
            let reply = try await db.execute(in: session, command)
            #expect(!reply.isError, "\(command): \(reply)")
        }
    }

    @Test("DEBUG DIGEST gives Redis 7.0's value for the same data")
    func knownValues() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("SET", "foo", "bar") == .ok)
            // Both values computed with debug.c's formulas and checked against redis-server 7.0.15.
            #expect(try await db.datasetDigest() == "d2ab4820c1be0580ea28efbfe8bfa1dc05bb802a")
            #expect(try await db.valueDigests("foo") == ["68467c70ae30376e7ce005bcc8827f5ba7fd67dc"])
            try await fillSample(db)
            #expect(try await db.datasetDigest() == "175c4407123da63c5eee434877e8c9e98ab72ef6")
        }
    }

    @Test("The digest does not depend on how many shards hold the keys")
    func shardIndependent() async throws {
        var digests: [String] = []
        for shards in [1, 2, 5] {
            try await withServerDatabase(debugEnabled, shards: shards) { db async throws in
                try await fillSample(db)
                let session = db.session()
                for database in [0, 1, 7] {
                    _ = try await db.execute(in: session, ["SELECT", String(database)])
                    for index in 0..<60 {
                        _ = try await db.execute(in: session, ["SET", "key:\(index)", "value:\(index * database)"])
                        _ = try await db.execute(in: session, ["SADD", "set:\(index % 7)", "\(index)"])
                    }
                }
                digests.append(try await db.datasetDigest())
            }
        }
        #expect(digests.count == 3 && Set(digests).count == 1)
    }

    @Test("The same keys in another database change the dataset digest, not the values' digests")
    func databaseIdIsMixed() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            let session = db.session()
            _ = try await db.execute(in: session, ["RPUSH", "l", "a", "b"])
            let inZero = try await db.datasetDigest()
            let valueInZero = try await db.valueDigests(in: session, "l")
            #expect(try await db.execute(in: session, ["MOVE", "l", "1"]) == .integer(1))
            #expect(try await db.datasetDigest() != inZero)
            _ = try await db.execute(in: session, ["SELECT", "1"])
            #expect(try await db.valueDigests(in: session, "l") == valueInZero)
            #expect(try await db.execute(in: session, ["MOVE", "l", "0"]) == .integer(1))
            #expect(try await db.datasetDigest() == inZero)
        }
    }

    @Test("Shards' shares of a database add up by xor, databases are mixed in order")
    func combiningShares() {
        func digest(_ text: String) -> DebugDigest { Array(text.utf8).withUnsafeBytes { DebugDigest.sha1($0) } }
        let a = digest("a"), b = digest("b"), c = digest("c")
        var expected = DebugDigest.zero
        expected.mixNetworkOrder(0)
        expected ^= a
        expected ^= b
        expected.mixNetworkOrder(2)
        expected ^= c
        #expect(DatasetDigest.combine([[a, nil, c], [b, nil, nil]]) == expected)
        #expect(DatasetDigest.combine([[b, nil, nil], [a, nil, c]]) == expected)
        #expect(DatasetDigest.combine([[a, b, c]]) != expected)
        #expect(DatasetDigest.combine([[nil, nil], [nil, nil]]) == .zero)
    }
}

extension Database {
    /// DEBUG DIGEST's hex digits.
    func datasetDigest() async throws -> String {
        let reply = try await execute("DEBUG", "DIGEST")
        guard case .simpleString(let text) = reply else { throw DigestReplyError(reply: reply) }
        return text
    }

    /// DEBUG DIGEST-VALUE's hex digits, one per key, in db 0.
    func valueDigests(_ keys: String...) async throws -> [String] {
        try await valueDigests(in: session(), keys)
    }

    /// DEBUG DIGEST-VALUE in `session`'s database.
    func valueDigests(in session: ClientSession, _ keys: String...) async throws -> [String] {
        try await valueDigests(in: session, keys)
    }

    func valueDigests(in session: ClientSession, _ keys: [String]) async throws -> [String] {
        let reply = try await execute(in: session, ["DEBUG", "DIGEST-VALUE"] + keys)
        guard case .array(let items) = reply else { throw DigestReplyError(reply: reply) }
        return try items.map {
            guard case .simpleString(let text) = $0 else { throw DigestReplyError(reply: reply) }
            return text
        }
    }
}

struct DigestReplyError: Error {
    let reply: RESPValue
}
