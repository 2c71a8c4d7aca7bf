import RESP
import Testing
@testable import Tessera

/// DEBUG DIGEST and DEBUG DIGEST-VALUE as commands: replies, arity, and what they look at.
@Suite("DEBUG DIGEST")
struct DebugCommandDigestTests {
    let zeros = String(repeating: "0", count: 40)

    @Test("DEBUG DIGEST of an empty server is 40 zeros, and so is a missing key's DIGEST-VALUE")
    func empty() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "DIGEST") == .simpleString(zeros))
            #expect(try await db.execute("DEBUG", "DIGEST-VALUE", "nokey", "other")
                == .array([.simpleString(zeros), .simpleString(zeros)]))
            #expect(try await db.execute("DEBUG", "DIGEST-VALUE") == .array([]))
            #expect(try await db.execute(resp: .v3, "DEBUG", "digest") == .simpleString(zeros))
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.datasetDigest() != zeros)
            #expect(try await db.execute("FLUSHALL") == .ok)
            #expect(try await db.datasetDigest() == zeros)
        }
    }

    @Test("DEBUG DIGEST takes no argument, and DEBUG is refused unless enabled")
    func arguments() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "DIGEST", "k")
                == .error("ERR unknown subcommand or wrong number of arguments for 'DIGEST'. Try DEBUG HELP."))
            guard case .array(let help) = try await db.execute("DEBUG", "HELP") else {
                Issue.record("DEBUG HELP is not an array")
                return
            }
            #expect(help.contains(.simpleString("DIGEST-VALUE <key> [<key> ...]")))
        }
        try await withServerDatabase { db async throws in
            #expect(try await db.execute("DEBUG", "DIGEST").isError)
        }
    }

    @Test("DEBUG DIGEST-VALUE looks in the client's database, across shards")
    func clientDatabase() async throws {
        try await withServerDatabase(debugEnabled, shards: 3) { db async throws in
            let session = db.session()
            let keys = (0..<12).map { "key:\($0)" }
            for key in keys { _ = try await db.execute(in: session, ["SET", key, "same"]) }
            let inZero = try await db.valueDigests(in: session, keys)
            #expect(Set(inZero).count == 1 && inZero[0] != zeros)
            _ = try await db.execute(in: session, ["SELECT", "2"])
            #expect(try await db.valueDigests(in: session, keys) == Array(repeating: zeros, count: keys.count))
        }
    }

    @Test("A logically expired key not yet reclaimed still has a digest, as from Redis's dictFind")
    func logicallyExpired() async throws {
        try await withServerDatabase(debugEnabled) { db async throws in
            #expect(try await db.execute("DEBUG", "SET-ACTIVE-EXPIRE", "0") == .ok)
            #expect(try await db.execute("SET", "k", "bar", "PX", "1") == .ok)
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await db.valueDigests("k") == ["8ec3828f7209dd3abdf6ee448de8b0c0bd53265f"])
            #expect(try await db.datasetDigest() != zeros)
            #expect(try await db.execute("GET", "k") == .null)
            #expect(try await db.datasetDigest() == zeros)
        }
    }
}
