import RESP
import Testing
@testable import Tessera

/// Sorted-set commands in process, with Redis 7.0's replies and errors.
@Suite("Sorted set commands")
struct SortedSetCommandsTests {
    static func bulks(_ items: String...) -> RESPValue { .array(items.map { .bulk($0) }) }

    /// z: a 1, b 2, c 3, d 4, e 5.
    static func fill(_ db: Database, _ key: String = "z") async throws {
        _ = try await db.execute("ZADD", key, "1", "a", "2", "b", "3", "c", "4", "d", "5", "e")
    }

    @Test("ZADD counts added members, CH counts updates, INCR replies the score")
    func zaddCounts() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("ZADD", "z", "1", "a", "2", "b") == .integer(2))
            #expect(try await db.execute("ZADD", "z", "1", "a", "3", "b", "4", "c") == .integer(1))
            #expect(try await db.execute("ZADD", "z", "CH", "5", "a", "3", "b", "9", "d") == .integer(2))
            #expect(try await db.execute("ZADD", "z", "INCR", "1.5", "a") == .bulk("6.5"))
            #expect(try await db.execute("ZSCORE", "z", "a") == .bulk("6.5"))
            #expect(try await db.execute("ZCARD", "z") == .integer(4))
        }
    }

    @Test("ZADD NX XX GT LT: conflicts are errors, refusals reply nil with INCR")
    func zaddOptions() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("ZADD", "z", "NX", "XX", "1", "a")
                == .error("ERR XX and NX options at the same time are not compatible"))
            #expect(try await db.execute("ZADD", "z", "GT", "LT", "1", "a")
                == .error("ERR GT, LT, and/or NX options at the same time are not compatible"))
            #expect(try await db.execute("ZADD", "z", "NX", "GT", "1", "a")
                == .error("ERR GT, LT, and/or NX options at the same time are not compatible"))
            #expect(try await db.execute("ZADD", "z", "INCR", "1", "a", "2", "b")
                == .error("ERR INCR option supports a single increment-element pair"))
            #expect(try await db.execute("ZADD", "z", "XX", "1", "a") == .integer(0))
            #expect(try await db.execute("EXISTS", "z") == .integer(0))
            #expect(try await db.execute("ZADD", "z", "XX", "INCR", "1", "a") == .null)
            #expect(try await db.execute("ZADD", "z", "5", "a") == .integer(1))
            #expect(try await db.execute("ZADD", "z", "NX", "INCR", "1", "a") == .null)
            #expect(try await db.execute("ZADD", "z", "GT", "CH", "4", "a") == .integer(0))
            #expect(try await db.execute("ZADD", "z", "GT", "CH", "6", "a", "1", "new") == .integer(2))
            #expect(try await db.execute("ZADD", "z", "LT", "INCR", "1", "a") == .null)
            #expect(try await db.execute("ZADD", "z", "INCR", "0", "a") == .bulk("6"))
        }
    }

    @Test("ZADD refuses bad scores and NaN results before changing anything")
    func zaddScores() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("ZADD", "z", "1", "a", "x", "b") == .error("ERR value is not a valid float"))
            #expect(try await db.execute("ZADD", "z", "nan", "a") == .error("ERR value is not a valid float"))
            #expect(try await db.execute("EXISTS", "z") == .integer(0))
            #expect(try await db.execute("ZADD", "z", "1", "a", "2") == .error("ERR syntax error"))
            #expect(try await db.execute("ZADD", "z", "1") == .error("ERR wrong number of arguments for 'zadd' command"))
            #expect(try await db.execute("ZADD", "z", "inf", "a", "-inf", "b", "0.1", "c", "-0", "d") == .integer(4))
            #expect(try await db.execute("ZINCRBY", "z", "-inf", "a") == .error("ERR resulting score is not a number (NaN)"))
            #expect(try await db.execute("ZRANGE", "z", "0", "-1", "WITHSCORES")
                == Self.bulks("b", "-inf", "d", "0", "c", "0.10000000000000001", "a", "inf"))
            #expect(try await db.execute("ZINCRBY", "z", "x", "a") == .error("ERR value is not a valid float"))
            #expect(try await db.execute("ZINCRBY", "z", "2", "new") == .bulk("2"))
        }
    }

    @Test("ZADD starts a new key as a listpack unless its first member is too long, as 7.0 does")
    func zaddCreatesByFirstMember() async throws {
        try await withDatabase { db async throws in
            // 200 members: the first ones go into a listpack (where -0 is stored as 0) until the
            // 129th converts it; a skiplist from the start would have kept -0.
            let pairs = (0..<200).flatMap { [$0 < 2 ? "-0" : String($0), "m\($0)"] }
            #expect(try await db.execute((["ZADD", "big"] + pairs).map { Array($0.utf8) }) == .integer(200))
            #expect(try await db.execute("OBJECT", "ENCODING", "big") == .bulk("skiplist"))
            #expect(try await db.execute("ZSCORE", "big", "m0") == .bulk("0"))
            #expect(try await db.execute("ZADD", "late", "1", "a", "-0", String(repeating: "x", count: 65)) == .integer(2))
            #expect(try await db.execute("ZSCORE", "late", String(repeating: "x", count: 65)) == .bulk("-0"))
            #expect(try await db.execute("ZADD", "long", "-0", String(repeating: "x", count: 65), "-0", "b") == .integer(2))
            #expect(try await db.execute("ZSCORE", "long", "b") == .bulk("-0"))
        }
    }

    @Test("ZREM deletes the emptied key; wrong types answer WRONGTYPE")
    func zremAndTypes() async throws {
        try await withDatabase { db async throws in
            try await Self.fill(db)
            #expect(try await db.execute("ZREM", "z", "a", "x", "b") == .integer(2))
            #expect(try await db.execute("ZREM", "z", "c", "d", "e") == .integer(3))
            #expect(try await db.execute("EXISTS", "z") == .integer(0))
            #expect(try await db.execute("ZREM", "z", "a") == .integer(0))
            _ = try await db.execute("SET", "s", "v")
            let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")
            for command in [["ZADD", "s", "1", "a"], ["ZREM", "s", "a"], ["ZCARD", "s"], ["ZSCORE", "s", "a"],
                            ["ZMSCORE", "s", "a"], ["ZRANK", "s", "a"], ["ZRANGE", "s", "0", "1"],
                            ["ZCOUNT", "s", "0", "1"], ["ZLEXCOUNT", "s", "-", "+"], ["ZRANGESTORE", "d", "s", "0", "1"]] {
                #expect(try await db.execute(command.map { Array($0.utf8) }) == wrongType)
            }
        }
    }

    @Test("ZSCORE, ZMSCORE, ZRANK, ZREVRANK on present and missing members and keys")
    func lookups() async throws {
        try await withDatabase { db async throws in
            try await Self.fill(db)
            #expect(try await db.execute("ZSCORE", "z", "c") == .bulk("3"))
            #expect(try await db.execute("ZSCORE", "z", "x") == .null)
            #expect(try await db.execute("ZMSCORE", "z", "a", "x", "e") == .array([.bulk("1"), .null, .bulk("5")]))
            #expect(try await db.execute("ZMSCORE", "nokey", "a") == .array([.null]))
            #expect(try await db.execute("ZRANK", "z", "a") == .integer(0))
            #expect(try await db.execute("ZREVRANK", "z", "a") == .integer(4))
            #expect(try await db.execute("ZRANK", "z", "x") == .null)
            #expect(try await db.execute("ZRANK", "nokey", "x") == .null)
            #expect(try await db.execute("ZCARD", "nokey") == .integer(0))
        }
    }

    @Test("ZRANGE by rank: negative indexes, out of range, REV, WITHSCORES")
    func rangeByRank() async throws {
        try await withDatabase { db async throws in
            try await Self.fill(db)
            #expect(try await db.execute("ZRANGE", "z", "-2", "-1") == Self.bulks("d", "e"))
            #expect(try await db.execute("ZRANGE", "z", "-100", "1") == Self.bulks("a", "b"))
            #expect(try await db.execute("ZRANGE", "z", "3", "100") == Self.bulks("d", "e"))
            #expect(try await db.execute("ZRANGE", "z", "3", "1") == .array([]))
            #expect(try await db.execute("ZRANGE", "z", "0", "1", "REV") == Self.bulks("e", "d"))
            #expect(try await db.execute("ZREVRANGE", "z", "0", "1", "WITHSCORES") == Self.bulks("e", "5", "d", "4"))
            #expect(try await db.execute("ZRANGE", "z", "0", "x") == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("ZRANGE", "z", "0", "1", "LIMIT", "0", "1")
                == .error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"))
            #expect(try await db.execute("ZRANGE", "z", "0", "1", "FOO") == .error("ERR syntax error"))
            #expect(try await db.execute("ZREVRANGE", "z", "0", "1", "REV") == .error("ERR syntax error"))
        }
    }

    @Test("ZRANGE BYSCORE: exclusive ends, infinities, LIMIT offsets, reversed bounds")
    func rangeByScore() async throws {
        try await withDatabase { db async throws in
            try await Self.fill(db)
            #expect(try await db.execute("ZRANGE", "z", "(2", "(4", "BYSCORE") == Self.bulks("c"))
            #expect(try await db.execute("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2") == Self.bulks("b", "c"))
            #expect(try await db.execute("ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "3", "-1") == Self.bulks("d", "e"))
            #expect(try await db.execute("ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "10", "5") == .array([]))
            #expect(try await db.execute("ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "-1", "5") == .array([]))
            #expect(try await db.execute("ZRANGE", "z", "(5", "(1", "BYSCORE", "REV", "WITHSCORES")
                == Self.bulks("d", "4", "c", "3", "b", "2"))
            #expect(try await db.execute("ZREVRANGEBYSCORE", "z", "3", "-inf", "LIMIT", "1", "1") == Self.bulks("b"))
            #expect(try await db.execute("ZRANGEBYSCORE", "z", "1", "((2") == .error("ERR min or max is not a float"))
            #expect(try await db.execute("ZRANGEBYSCORE", "z", "nan", "1") == .error("ERR min or max is not a float"))
            #expect(try await db.execute("ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "0") == .error("ERR syntax error"))
            #expect(try await db.execute("ZCOUNT", "z", "(2", "+inf") == .integer(3))
            #expect(try await db.execute("ZCOUNT", "z", "5", "1") == .integer(0))
        }
    }

    @Test("ZRANGE BYLEX and ZLEXCOUNT; WITHSCORES refused with BYLEX")
    func rangeByLex() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e")
            #expect(try await db.execute("ZRANGE", "lex", "[b", "(d", "BYLEX") == Self.bulks("b", "c"))
            #expect(try await db.execute("ZRANGE", "lex", "-", "+", "BYLEX", "LIMIT", "1", "2") == Self.bulks("b", "c"))
            #expect(try await db.execute("ZREVRANGEBYLEX", "lex", "+", "(c") == Self.bulks("e", "d"))
            #expect(try await db.execute("ZRANGE", "lex", "+", "-", "BYLEX") == .array([]))
            #expect(try await db.execute("ZLEXCOUNT", "lex", "[b", "+") == .integer(4))
            #expect(try await db.execute("ZRANGEBYLEX", "lex", "b", "[d") == .error("ERR min or max not valid string range item"))
            #expect(try await db.execute("ZRANGE", "lex", "-", "+", "BYLEX", "WITHSCORES")
                == .error("ERR syntax error, WITHSCORES not supported in combination with BYLEX"))
        }
    }

    @Test("ZRANGESTORE stores the range, deletes the destination on an empty one, overwrites other types")
    func rangeStore() async throws {
        try await withDatabase { db async throws in
            try await Self.fill(db)
            #expect(try await db.execute("ZRANGESTORE", "dst", "z", "1", "3") == .integer(3))
            #expect(try await db.execute("ZRANGE", "dst", "0", "-1", "WITHSCORES") == Self.bulks("b", "2", "c", "3", "d", "4"))
            #expect(try await db.execute("ZRANGESTORE", "dst", "z", "10", "20") == .integer(0))
            #expect(try await db.execute("EXISTS", "dst") == .integer(0))
            _ = try await db.execute("SET", "str", "v")
            #expect(try await db.execute("ZRANGESTORE", "str", "z", "0", "1") == .integer(2))
            #expect(try await db.execute("TYPE", "str") == .simpleString("zset"))
            #expect(try await db.execute("ZRANGESTORE", "dst", "z", "0", "1", "WITHSCORES") == .error("ERR syntax error"))
        }
    }

    @Test("encodings convert at zset-max-listpack-entries and -value; results of a store get their size's")
    func encodings() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("CONFIG", "SET", "zset-max-listpack-entries", "4", "zset-max-listpack-value", "5") == .ok)
            try await Self.fill(db)
            #expect(try await db.execute("OBJECT", "ENCODING", "z") == .bulk("skiplist"))
            #expect(try await db.execute("ZRANGESTORE", "small", "z", "0", "3") == .integer(4))
            #expect(try await db.execute("OBJECT", "ENCODING", "small") == .bulk("listpack"))
            #expect(try await db.execute("ZADD", "small", "9", "abcdef") == .integer(1))
            #expect(try await db.execute("OBJECT", "ENCODING", "small") == .bulk("skiplist"))
            #expect(try await db.execute("ZADD", "v", "1", "abcde") == .integer(1))
            #expect(try await db.execute("OBJECT", "ENCODING", "v") == .bulk("listpack"))
            #expect(try await db.execute("ZRANK", "z", "e") == .integer(4))
            #expect(try await db.execute("COPY", "z", "z2") == .integer(1))
            #expect(try await db.execute("ZRANGE", "z2", "0", "-1") == Self.bulks("a", "b", "c", "d", "e"))
        }
    }

    @Test("ZPOPMIN and ZPOPMAX with counts; ZMPOP picks the first non-empty key; emptied keys are deleted")
    func pops() async throws {
        try await withDatabase { db async throws in
            try await Self.fill(db)
            #expect(try await db.execute("ZPOPMIN", "z") == Self.bulks("a", "1"))
            #expect(try await db.execute("ZPOPMAX", "z", "2") == Self.bulks("e", "5", "d", "4"))
            #expect(try await db.execute("ZPOPMIN", "z", "0") == .array([]))
            #expect(try await db.execute("ZPOPMIN", "z", "-1") == .error("ERR value is out of range, must be positive"))
            #expect(try await db.execute("ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "5")
                == .array([.bulk("z"), .array([Self.bulks("c", "3"), Self.bulks("b", "2")])]))
            #expect(try await db.execute("EXISTS", "z") == .integer(0))
            #expect(try await db.execute("ZMPOP", "1", "z", "MIN") == .null)
            #expect(try await db.execute("ZMPOP", "0", "z", "MIN") == .error("ERR numkeys should be greater than 0"))
            #expect(try await db.execute("ZMPOP", "1", "z", "MIN", "COUNT", "0") == .error("ERR count should be greater than 0"))
            #expect(try await db.execute("ZMPOP", "2", "z", "MIN") == .error("ERR syntax error"))
            try await Self.fill(db)
            #expect(try await db.execute("BZPOPMIN", "nokey", "z", "0") == Self.bulks("z", "a", "1"))
            #expect(try await db.execute("BZMPOP", "0", "1", "z", "MAX") == .array([.bulk("z"), .array([Self.bulks("e", "5")])]))
        }
    }

    @Test("ZREMRANGEBYRANK, BYSCORE and BYLEX remove runs and delete the emptied key")
    func removeRanges() async throws {
        for entries in ["128", "0"] {
            try await withDatabase { db async throws in
                _ = try await db.execute("CONFIG", "SET", "zset-max-listpack-entries", entries)
                try await Self.fill(db)
                #expect(try await db.execute("ZREMRANGEBYRANK", "z", "-2", "-1") == .integer(2))
                #expect(try await db.execute("ZREMRANGEBYSCORE", "z", "(1", "2") == .integer(1))
                #expect(try await db.execute("ZRANGE", "z", "0", "-1") == Self.bulks("a", "c"))
                #expect(try await db.execute("ZREMRANGEBYLEX", "z", "-", "[a") == .integer(1))
                #expect(try await db.execute("ZREMRANGEBYRANK", "z", "5", "10") == .integer(0))
                #expect(try await db.execute("ZREMRANGEBYSCORE", "z", "x", "1") == .error("ERR min or max is not a float"))
                #expect(try await db.execute("ZREMRANGEBYRANK", "z", "0", "0") == .integer(1))
                #expect(try await db.execute("EXISTS", "z") == .integer(0))
            }
        }
    }

    @Test("ZUNION, ZINTER, ZDIFF with WEIGHTS and AGGREGATE; STORE forms; ZINTERCARD with LIMIT")
    func algebra() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("ZADD", "z1", "1", "a", "2", "b", "3", "c")
            _ = try await db.execute("ZADD", "z2", "10", "b", "20", "c", "30", "d")
            #expect(try await db.execute("ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "0.5", "WITHSCORES")
                == Self.bulks("a", "2", "b", "9", "d", "15", "c", "16"))
            #expect(try await db.execute("ZINTER", "2", "z1", "z2", "AGGREGATE", "MAX", "WITHSCORES")
                == Self.bulks("b", "10", "c", "20"))
            #expect(try await db.execute("ZDIFF", "2", "z1", "z2", "WITHSCORES") == Self.bulks("a", "1"))
            #expect(try await db.execute("ZUNIONSTORE", "dst", "2", "z1", "z2") == .integer(4))
            #expect(try await db.execute("OBJECT", "ENCODING", "dst") == .bulk("listpack"))
            #expect(try await db.execute("ZINTERSTORE", "dst", "2", "z1", "nokey") == .integer(0))
            #expect(try await db.execute("EXISTS", "dst") == .integer(0))
            #expect(try await db.execute("ZINTERCARD", "2", "z1", "z2", "LIMIT", "1") == .integer(1))
            #expect(try await db.execute("ZINTERCARD", "2", "z1", "z2", "LIMIT", "-1") == .error("ERR LIMIT can't be negative"))
            #expect(try await db.execute("ZUNIONSTORE", "dst", "0", "z1")
                == .error("ERR at least 1 input key is needed for 'zunionstore' command"))
            #expect(try await db.execute("ZUNION", "1", "z1", "WEIGHTS", "x") == .error("ERR weight value is not a float"))
            #expect(try await db.execute("ZDIFF", "1", "z1", "WEIGHTS", "1") == .error("ERR syntax error"))
            _ = try await db.execute("ZADD", "i1", "inf", "x")
            _ = try await db.execute("ZADD", "i2", "-inf", "x")
            #expect(try await db.execute("ZUNION", "2", "i1", "i2", "WITHSCORES") == Self.bulks("x", "0"))
        }
    }

    @Test("ZRANDMEMBER: distinct members for a positive count, repeats for a negative one; ZSCAN returns every pair")
    func randomAndScan() async throws {
        try await withDatabase { db async throws in
            try await Self.fill(db)
            guard case .array(let distinct) = try await db.execute("ZRANDMEMBER", "z", "3") else { throw TestFailure() }
            #expect(Set(distinct).count == 3)
            guard case .array(let repeated) = try await db.execute("ZRANDMEMBER", "z", "-20") else { throw TestFailure() }
            #expect(repeated.count == 20)
            #expect(try await db.execute("ZRANDMEMBER", "z", "10", "WITHSCORES")
                == Self.bulks("a", "1", "b", "2", "c", "3", "d", "4", "e", "5"))
            #expect(try await db.execute("ZRANDMEMBER", "nokey") == .null)
            #expect(try await db.execute("ZSCAN", "z", "0", "MATCH", "[ab]")
                == .array([.bulk("0"), Self.bulks("a", "1", "b", "2")]))
            _ = try await db.execute("CONFIG", "SET", "zset-max-listpack-entries", "0")
            _ = try await db.execute("ZADD", "big", "0.1", "x", "2", "y")
            guard case .array(let reply) = try await db.execute("ZSCAN", "big", "0", "COUNT", "100"),
                  case .array(let pairs) = reply[1] else { throw TestFailure() }
            #expect(Set(pairs) == Set(Self.bulks("x", "0.10000000000000001", "y", "2").arrayItems))
        }
    }

    struct TestFailure: Error {}
}

private extension RESPValue {
    var arrayItems: [RESPValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
