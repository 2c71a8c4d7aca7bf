import RESP
import Testing
@_spi(Benchmarks) @testable import Tessera

@Suite("List commands")
struct ListCommandsTests {
    static func bulks(_ texts: String...) -> RESPValue { .array(texts.map { .bulk($0) }) }

    static let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")

    // MARK: push, pop, length

    @Test("LPUSH and RPUSH add in argument order and reply the new length")
    func pushes() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("RPUSH", "l", "a", "b") == .integer(2))
            #expect(try await db.execute("LPUSH", "l", "c", "d") == .integer(4))
            #expect(try await db.execute("LRANGE", "l", "0", "-1") == Self.bulks("d", "c", "a", "b"))
            #expect(try await db.execute("LLEN", "l") == .integer(4))
            #expect(try await db.execute("TYPE", "l") == .simpleString("list"))
            #expect(try await db.execute("OBJECT", "ENCODING", "l") == .bulk("quicklist"))
            #expect(try await db.execute("LPUSH", "l")
                == .error("ERR wrong number of arguments for 'lpush' command"))
        }
    }

    @Test("LPUSHX and RPUSHX push only onto an existing list")
    func pushIfExists() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("LPUSHX", "l", "a") == .integer(0))
            #expect(try await db.execute("EXISTS", "l") == .integer(0))
            #expect(try await db.execute("RPUSH", "l", "a") == .integer(1))
            #expect(try await db.execute("LPUSHX", "l", "b", "c") == .integer(3))
            #expect(try await db.execute("RPUSHX", "l", "d") == .integer(4))
            #expect(try await db.execute("LRANGE", "l", "0", "-1") == Self.bulks("c", "b", "a", "d"))
        }
    }

    @Test("list commands fail against a key holding a string")
    func wrongTypes() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "s", "x") == .ok)
            for command in [["LPUSH", "s", "a"], ["RPUSHX", "s", "a"], ["LPOP", "s"], ["RPOP", "s", "2"],
                            ["LLEN", "s"], ["LRANGE", "s", "0", "1"], ["LINDEX", "s", "0"], ["LSET", "s", "0", "a"],
                            ["LINSERT", "s", "BEFORE", "a", "b"], ["LREM", "s", "0", "a"], ["LTRIM", "s", "0", "1"],
                            ["LPOS", "s", "a"], ["LMOVE", "s", "d", "LEFT", "LEFT"], ["RPOPLPUSH", "s", "d"],
                            ["LMPOP", "1", "s", "LEFT"], ["BLPOP", "s", "0.01"], ["BLMOVE", "s", "d", "LEFT", "LEFT", "0"]] {
                #expect(try await db.execute(command.map { Array($0.utf8) }) == Self.wrongType, "\(command)")
            }
            #expect(try await db.execute("GET", "s") == .bulk("x"))
        }
    }

    @Test("LPOP and RPOP with and without a count, deleting the emptied list")
    func pops() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("LPOP", "l") == .null)
            #expect(try await db.execute("LPOP", "l", "2") == .null)
            #expect(try await db.execute("RPUSH", "l", "a", "b", "c", "d") == .integer(4))
            #expect(try await db.execute("LPOP", "l") == .bulk("a"))
            #expect(try await db.execute("RPOP", "l") == .bulk("d"))
            #expect(try await db.execute("LPOP", "l", "0") == .array([]))
            #expect(try await db.execute("LPOP", "l", "-1") == .error("ERR value is out of range, must be positive"))
            #expect(try await db.execute("LPOP", "l", "x") == .error("ERR value is out of range, must be positive"))
            #expect(try await db.execute("LPOP", "l", "1", "2") == .error("ERR wrong number of arguments for 'lpop' command"))
            #expect(try await db.execute("RPOP", "l", "10") == Self.bulks("c", "b"))
            #expect(try await db.execute("EXISTS", "l") == .integer(0))
            #expect(try await db.execute("LLEN", "l") == .integer(0))
        }
    }

    // MARK: ranges and indexes

    @Test("LRANGE clamps negative and out of range indexes")
    func ranges() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("RPUSH", "l", "0", "1", "2", "3", "4") == .integer(5))
            #expect(try await db.execute("LRANGE", "l", "1", "3") == Self.bulks("1", "2", "3"))
            #expect(try await db.execute("LRANGE", "l", "-2", "100") == Self.bulks("3", "4"))
            #expect(try await db.execute("LRANGE", "l", "-100", "0") == Self.bulks("0"))
            #expect(try await db.execute("LRANGE", "l", "3", "1") == .array([]))
            #expect(try await db.execute("LRANGE", "l", "5", "10") == .array([]))
            #expect(try await db.execute("LRANGE", "missing", "0", "-1") == .array([]))
            #expect(try await db.execute("LRANGE", "missing", "x", "1") == .error("ERR value is not an integer or out of range"))
        }
    }

    @Test("LINDEX and LSET take negative indexes and refuse out of range ones")
    func indexes() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("LINDEX", "l", "x") == .null)
            #expect(try await db.execute("LSET", "l", "0", "v") == .error("ERR no such key"))
            #expect(try await db.execute("RPUSH", "l", "a", "b", "c") == .integer(3))
            #expect(try await db.execute("LINDEX", "l", "0") == .bulk("a"))
            #expect(try await db.execute("LINDEX", "l", "-1") == .bulk("c"))
            #expect(try await db.execute("LINDEX", "l", "3") == .null)
            #expect(try await db.execute("LINDEX", "l", "x") == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("LSET", "l", "-2", "B") == .ok)
            #expect(try await db.execute("LSET", "l", "3", "D") == .error("ERR index out of range"))
            #expect(try await db.execute("LSET", "l", "x", "D") == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("LRANGE", "l", "0", "-1") == Self.bulks("a", "B", "c"))
        }
    }

    @Test("LINSERT before and after the first pivot; -1 without it, 0 without the key")
    func insert() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("LINSERT", "l", "BEFORE", "a", "x") == .integer(0))
            #expect(try await db.execute("LINSERT", "l", "MIDDLE", "a", "x") == .error("ERR syntax error"))
            #expect(try await db.execute("RPUSH", "l", "a", "b", "a") == .integer(3))
            #expect(try await db.execute("LINSERT", "l", "before", "a", "x") == .integer(4))
            #expect(try await db.execute("LINSERT", "l", "AFTER", "b", "y") == .integer(5))
            #expect(try await db.execute("LINSERT", "l", "AFTER", "zz", "y") == .integer(-1))
            #expect(try await db.execute("LRANGE", "l", "0", "-1") == Self.bulks("x", "a", "b", "y", "a"))
        }
    }

    @Test("LREM removes from the head, the tail or everywhere")
    func remove() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("LREM", "l", "0", "a") == .integer(0))
            #expect(try await db.execute("RPUSH", "l", "a", "b", "a", "c", "a", "1") == .integer(6))
            #expect(try await db.execute("LREM", "l", "-2", "a") == .integer(2))
            #expect(try await db.execute("LRANGE", "l", "0", "-1") == Self.bulks("a", "b", "c", "1"))
            #expect(try await db.execute("LREM", "l", "1", "1") == .integer(1))
            #expect(try await db.execute("LREM", "l", "0", "a") == .integer(1))
            #expect(try await db.execute("LREM", "l", "x", "a") == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("LREM", "l", "0", "b") == .integer(1))
            #expect(try await db.execute("LREM", "l", "0", "c") == .integer(1))
            #expect(try await db.execute("EXISTS", "l") == .integer(0))
        }
    }

    @Test("LTRIM keeps a range and deletes a list trimmed to nothing")
    func trim() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("LTRIM", "l", "0", "1") == .ok)
            #expect(try await db.execute("RPUSH", "l", "0", "1", "2", "3", "4") == .integer(5))
            #expect(try await db.execute("LTRIM", "l", "1", "-2") == .ok)
            #expect(try await db.execute("LRANGE", "l", "0", "-1") == Self.bulks("1", "2", "3"))
            #expect(try await db.execute("LTRIM", "l", "-100", "100") == .ok)
            #expect(try await db.execute("LLEN", "l") == .integer(3))
            #expect(try await db.execute("LTRIM", "l", "2", "1") == .ok)
            #expect(try await db.execute("EXISTS", "l") == .integer(0))
        }
    }

    @Test("LPOS with RANK, COUNT and MAXLEN")
    func positions() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("LPOS", "l", "a") == .null)
            #expect(try await db.execute("LPOS", "l", "a", "COUNT", "0") == .array([]))
            #expect(try await db.execute("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c") == .integer(8))
            #expect(try await db.execute("LPOS", "l", "c") == .integer(2))
            #expect(try await db.execute("LPOS", "l", "c", "RANK", "2") == .integer(6))
            #expect(try await db.execute("LPOS", "l", "c", "RANK", "-1") == .integer(7))
            #expect(try await db.execute("LPOS", "l", "c", "COUNT", "0") == .array([.integer(2), .integer(6), .integer(7)]))
            #expect(try await db.execute("LPOS", "l", "c", "RANK", "-1", "COUNT", "2") == .array([.integer(7), .integer(6)]))
            #expect(try await db.execute("LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7") == .array([.integer(2), .integer(6)]))
            #expect(try await db.execute("LPOS", "l", "c", "RANK", "-1", "MAXLEN", "1") == .integer(7))
            #expect(try await db.execute("LPOS", "l", "2") == .integer(4))
            #expect(try await db.execute("LPOS", "l", "x", "COUNT", "5") == .array([]))
            #expect(try await db.execute("LPOS", "l", "a", "RANK", "-9223372036854775808") == .integer(0))
            #expect(try await db.execute("LPOS", "l", "c", "RANK", "0") == .error(
                "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"))
            #expect(try await db.execute("LPOS", "l", "c", "COUNT", "-1") == .error("ERR COUNT can't be negative"))
            #expect(try await db.execute("LPOS", "l", "c", "MAXLEN", "-1") == .error("ERR MAXLEN can't be negative"))
            #expect(try await db.execute("LPOS", "l", "c", "RANK") == .error("ERR syntax error"))
            #expect(try await db.execute("LPOS", "l", "c", "FOO", "1") == .error("ERR syntax error"))
        }
    }

    // MARK: moves and multi-key pops

    @Test("LMOVE and RPOPLPUSH move between lists on different shards and rotate a list onto itself")
    func moves() async throws {
        try await withDatabase(shards: 4) { db async throws in
            let (source, destination) = db.keysOnDistinctShards()
            #expect(try await db.execute("LMOVE", source, destination, "LEFT", "RIGHT") == .null)
            #expect(try await db.execute("RPUSH", source, "a", "b", "c") == .integer(3))
            #expect(try await db.execute("LMOVE", source, destination, "LEFT", "RIGHT") == .bulk("a"))
            #expect(try await db.execute("RPOPLPUSH", source, destination) == .bulk("c"))
            #expect(try await db.execute("LRANGE", destination, "0", "-1") == Self.bulks("c", "a"))
            #expect(try await db.execute("LMOVE", source, destination, "MIDDLE", "LEFT") == .error("ERR syntax error"))
            #expect(try await db.execute("LMOVE", destination, destination, "LEFT", "RIGHT") == .bulk("c"))
            #expect(try await db.execute("LRANGE", destination, "0", "-1") == Self.bulks("a", "c"))
            #expect(try await db.execute("LMOVE", source, destination, "RIGHT", "LEFT") == .bulk("b"))
            #expect(try await db.execute("EXISTS", source) == .integer(0))
            #expect(try await db.execute("SET", source, "x") == .ok)
            #expect(try await db.execute("LMOVE", destination, source, "LEFT", "LEFT") == Self.wrongType)
            #expect(try await db.execute("LLEN", destination) == .integer(3))
            #expect(try await db.execute("DEL", source) == .integer(1))
            #expect(try await db.execute("RPUSH", "single", "only") == .integer(1))
            #expect(try await db.execute("RPOPLPUSH", "single", "single") == .bulk("only"))
            #expect(try await db.execute("LRANGE", "single", "0", "-1") == Self.bulks("only"))
        }
    }

    @Test("LMPOP pops from the first non-empty list, with COUNT and its errors")
    func multiPop() async throws {
        try await withDatabase(shards: 4) { db async throws in
            let (first, second) = db.keysOnDistinctShards()
            #expect(try await db.execute("LMPOP", "2", first, second, "LEFT") == .null)
            #expect(try await db.execute("RPUSH", second, "a", "b", "c") == .integer(3))
            #expect(try await db.execute("LMPOP", "2", first, second, "LEFT") == .array([.bulk(second), Self.bulks("a")]))
            #expect(try await db.execute("LMPOP", "2", first, second, "RIGHT", "COUNT", "10")
                == .array([.bulk(second), Self.bulks("c", "b")]))
            #expect(try await db.execute("EXISTS", second) == .integer(0))
            #expect(try await db.execute("LMPOP", "0", first, "LEFT") == .error("ERR numkeys should be greater than 0"))
            #expect(try await db.execute("LMPOP", "x", first, "LEFT") == .error("ERR numkeys should be greater than 0"))
            #expect(try await db.execute("LMPOP", "2", first, "LEFT") == .error("ERR syntax error"))
            #expect(try await db.execute("LMPOP", "1", first, "MIDDLE") == .error("ERR syntax error"))
            #expect(try await db.execute("LMPOP", "1", first, "LEFT", "COUNT", "0") == .error("ERR count should be greater than 0"))
            #expect(try await db.execute("LMPOP", "1", first, "LEFT", "COUNT", "1", "COUNT", "1") == .error("ERR syntax error"))
            #expect(try await db.execute("COMMAND", "GETKEYS", "LMPOP", "2", first, second, "LEFT")
                == Self.bulks(first, second))
        }
    }

    // MARK: blocking

    @Test("BLPOP answers at once from a non-empty list, else a null array after its timeout")
    func blockingPopImmediateAndTimeout() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("RPUSH", "b", "x", "y") == .integer(2))
            #expect(try await db.execute("BLPOP", "a", "b", "0") == Self.bulks("b", "x"))
            #expect(try await db.execute("BRPOP", "a", "b", "0") == Self.bulks("b", "y"))
            #expect(try await db.execute("EXISTS", "b") == .integer(0))
            #expect(try await db.execute("BLPOP", "a", "0.05") == .null)
            #expect(try await db.execute("BLMOVE", "a", "b", "LEFT", "LEFT", "0.05") == .null)
            #expect(try await db.execute("BRPOPLPUSH", "a", "b", "0.05") == .null)
            #expect(try await db.execute("BLMPOP", "0.05", "1", "a", "LEFT") == .null)
            #expect(try await db.execute("BLPOP", "a", "-1") == .error("ERR timeout is negative"))
            #expect(try await db.execute("BLPOP", "a", "x") == .error("ERR timeout is not a float or out of range"))
            #expect(try await db.execute("BLMPOP", "x", "0", "a", "LEFT") == .error("ERR numkeys should be greater than 0"))
        }
    }

    @Test("a client blocked on keys of several shards is served by a push to any of them")
    func blockedAcrossShards() async throws {
        try await withDatabase(shards: 4) { db async throws in
            let (first, second) = db.keysOnDistinctShards()
            let waiter = db.connection()
            let reply = Task { try await waiter.execute("BRPOP", first, second, "0") }
            try await Self.waitForBlocked(db, 1)
            #expect(try await db.execute("LPUSH", second, "v1", "v2") == .integer(2))
            #expect(try await reply.value == Self.bulks(second, "v1"))
            #expect(try await db.execute("LRANGE", second, "0", "-1") == Self.bulks("v2"))
        }
    }

    @Test("BLMOVE blocked on a source serves into a destination on another shard")
    func blockedMoveAcrossShards() async throws {
        try await withDatabase(shards: 4) { db async throws in
            let (source, destination) = db.keysOnDistinctShards()
            let waiter = db.connection()
            let reply = Task { try await waiter.execute("BLMOVE", source, destination, "RIGHT", "LEFT", "0") }
            try await Self.waitForBlocked(db, 1)
            #expect(try await db.execute("RPUSH", source, "x") == .integer(1))
            #expect(try await reply.value == .bulk("x"))
            #expect(try await db.execute("LRANGE", destination, "0", "-1") == Self.bulks("x"))
            #expect(try await db.execute("EXISTS", source) == .integer(0))
        }
    }

    @Test("BLMPOP blocked on empty lists takes COUNT elements from the first push")
    func blockedMultiPop() async throws {
        try await withDatabase(shards: 2) { db async throws in
            let waiter = db.connection()
            let reply = Task { try await waiter.execute("BLMPOP", "0", "2", "p", "q", "RIGHT", "COUNT", "2") }
            try await Self.waitForBlocked(db, 1)
            #expect(try await db.execute("SET", "p", "string") == .ok)
            #expect(try await db.execute("RPUSH", "q", "1", "2", "3") == .integer(3))
            #expect(try await reply.value == .array([.bulk("q"), Self.bulks("3", "2")]))
        }
    }

    static func waitForBlocked(_ db: Database, _ count: Int) async throws {
        for _ in 0..<2000 {
            if db.engine.clients.blockedCount.load(ordering: .relaxed) == count { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("never saw \(count) blocked clients")
    }

    // MARK: configuration and lifecycle

    @Test("list-max-listpack-size sets the node fill of new lists; list-compress-depth stays 0")
    func configuration() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "SET", "list-max-listpack-size", "2") == .ok)
            #expect(try await db.execute("RPUSH", "l", "a", "b", "c", "d", "e") == .integer(5))
            let nodes = Array("l".utf8).withUnsafeBytes { key in
                db.engine.stores[db.engine.shardIndex(forKey: key)].databases[0].find(key, hash: KeyHash.hash(key))
                    .map { ListValue($0).list.nodeCount }
            }
            #expect(nodes == 3)
            guard case .error(let message) = try await db.execute("CONFIG", "SET", "list-compress-depth", "1") else {
                Issue.record("list-compress-depth 1 accepted")
                return
            }
            #expect(message.hasPrefix("ERR CONFIG SET failed (possibly related to argument 'list-compress-depth')"))
        }
    }

    @Test("COPY, RENAME and DEL work on lists")
    func lifecycle() async throws {
        try await withDatabase(shards: 4) { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            #expect(try await db.execute("RPUSH", a, "1", "2", "3") == .integer(3))
            #expect(try await db.execute("COPY", a, b) == .integer(1))
            #expect(try await db.execute("RPUSH", a, "4") == .integer(4))
            #expect(try await db.execute("LRANGE", b, "0", "-1") == Self.bulks("1", "2", "3"))
            #expect(try await db.execute("DEL", b) == .integer(1))
            #expect(try await db.execute("RENAME", a, b) == .ok)
            #expect(try await db.execute("LLEN", b) == .integer(4))
        }
    }
}
