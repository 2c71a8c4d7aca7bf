import RESP
import Testing
@testable import Tessera

@Suite("String commands")
struct StringCommandsTests {
    @Test("SET then GET returns the value, across shards")
    func setGet() async throws {
        try await withDatabase { db async throws in
            for index in 0..<50 {
                #expect(try await db.execute("SET", "key:\(index)", "value:\(index)") == .ok)
            }
            for index in 0..<50 {
                #expect(try await db.execute("GET", "key:\(index)") == .bulk("value:\(index)"))
            }
            #expect(try await db.execute("GET", "missing") == .null)
        }
    }

    @Test("MSET and MGET span shards atomically")
    func msetMget() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("MSET", "a", "1", "b", "2", "c", "3") == .ok)
            #expect(try await db.execute("MGET", "a", "b", "c", "nope")
                == .array([.bulk("1"), .bulk("2"), .bulk("3"), .null]))
            #expect(try await db.execute("MSET", "a", "1", "b")
                == .error("ERR wrong number of arguments for 'mset' command"))
        }
    }

    @Test("SET NX GET and expiry options follow Redis")
    func setOptions() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v", "NX") == .ok)
            #expect(try await db.execute("SET", "k", "w", "NX") == .null)
            #expect(try await db.execute("SET", "k", "w", "XX", "GET") == .bulk("v"))
            #expect(try await db.execute("SET", "k", "w", "NX", "XX") == .error("ERR syntax error"))
            #expect(try await db.execute("SET", "k", "w", "EX", "0")
                == .error("ERR invalid expire time in 'set' command"))
            #expect(try await db.execute("SET", "k", "w", "EX", "x")
                == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("SET", "k", "w", "PX", "100", "KEEPTTL") == .error("ERR syntax error"))
        }
    }
}
