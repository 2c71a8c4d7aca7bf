import RESP
import Testing
@testable import Tessera

@Suite("Set commands")
struct SetCommandsTests {
    static let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")

    // MARK: SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS

    @Test("SADD counts new members only; SCARD, SISMEMBER and SMEMBERS see them")
    func saddBasics() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.run(["SADD", "s", "a", "b", "a"]) == .integer(2))
            #expect(try await db.run(["SADD", "s", "b", "c"]) == .integer(1))
            #expect(try await db.run(["SCARD", "s"]) == .integer(3))
            #expect(try await db.run(["SISMEMBER", "s", "c"]) == .integer(1))
            #expect(try await db.run(["SISMEMBER", "s", "d"]) == .integer(0))
            #expect(try await db.members(["SMEMBERS", "s"]) == ["a", "b", "c"])
            #expect(try await db.run(["SMISMEMBER", "s", "a", "d", "c"]) == .array([.integer(1), .integer(0), .integer(1)]))
            #expect(try await db.run(["TYPE", "s"]) == .simpleString("set"))
        }
    }

    @Test("Missing keys read as empty sets")
    func missingKeys() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.run(["SCARD", "nokey"]) == .integer(0))
            #expect(try await db.run(["SISMEMBER", "nokey", "a"]) == .integer(0))
            #expect(try await db.run(["SMISMEMBER", "nokey", "a", "b"]) == .array([.integer(0), .integer(0)]))
            #expect(try await db.run(["SMEMBERS", "nokey"]) == .array([]))
            #expect(try await db.run(["SREM", "nokey", "a"]) == .integer(0))
            #expect(try await db.run(["SPOP", "nokey"]) == .null)
            #expect(try await db.run(["SPOP", "nokey", "3"]) == .array([]))
            #expect(try await db.run(["SRANDMEMBER", "nokey"]) == .null)
            #expect(try await db.run(["SRANDMEMBER", "nokey", "-3"]) == .array([]))
            #expect(try await db.run(["SSCAN", "nokey", "0"]) == .array([.bulk("0"), .array([])]))
            #expect(try await db.run(["EXISTS", "nokey"]) == .integer(0))
        }
    }

    @Test("SREM counts removed members and deletes the emptied set")
    func sremDeletesEmptied() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "s", "1", "2", "x"])
            #expect(try await db.run(["SREM", "s", "1", "nope", "1"]) == .integer(1))
            #expect(try await db.run(["SREM", "s", "2", "x", "y"]) == .integer(2))
            #expect(try await db.run(["EXISTS", "s"]) == .integer(0))
            try await db.run(["SADD", "n", "1", "2"])
            #expect(try await db.run(["SREM", "n", "1", "2", "3"]) == .integer(2))
            #expect(try await db.run(["EXISTS", "n"]) == .integer(0))
        }
    }

    @Test("Set commands fail against a key holding a string, in any key position")
    func wrongType() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SET", "str", "x"])
            try await db.run(["SADD", "s", "a"])
            for command in [["SADD", "str", "a"], ["SREM", "str", "a"], ["SCARD", "str"], ["SISMEMBER", "str", "a"],
                            ["SMISMEMBER", "str", "a"], ["SMEMBERS", "str"], ["SPOP", "str"], ["SPOP", "str", "2"],
                            ["SRANDMEMBER", "str"], ["SRANDMEMBER", "str", "-2"], ["SSCAN", "str", "0"],
                            ["SINTER", "s", "str"], ["SINTER", "nokey", "str"], ["SUNION", "s", "str"],
                            ["SDIFF", "s", "str"], ["SDIFF", "nokey", "str"], ["SINTERSTORE", "d", "s", "str"],
                            ["SUNIONSTORE", "d", "str"], ["SDIFFSTORE", "d", "nokey", "str"],
                            ["SINTERCARD", "2", "nokey", "str"], ["SMOVE", "str", "s", "a"], ["SMOVE", "s", "str", "a"]] {
                #expect(try await db.run(command) == Self.wrongType, "\(command)")
            }
            #expect(try await db.run(["SMOVE", "nokey", "str", "a"]) == .integer(0), "a missing source wins")
            #expect(try await db.run(["SUNIONSTORE", "str", "s"]) == .integer(1), "a STORE replaces any type")
            #expect(try await db.run(["TYPE", "str"]) == .simpleString("set"))
        }
    }

    @Test("Wrong numbers of arguments are refused")
    func arity() async throws {
        try await withDatabase { db async throws in
            for (command, name) in [(["SADD", "s"], "sadd"), (["SREM", "s"], "srem"), (["SCARD"], "scard"),
                                    (["SISMEMBER", "s"], "sismember"), (["SMISMEMBER", "s"], "smismember"),
                                    (["SMEMBERS"], "smembers"), (["SPOP"], "spop"), (["SRANDMEMBER"], "srandmember"),
                                    (["SMOVE", "a", "b"], "smove"), (["SINTER"], "sinter"), (["SUNION"], "sunion"),
                                    (["SDIFF"], "sdiff"), (["SINTERSTORE", "d"], "sinterstore"),
                                    (["SUNIONSTORE", "d"], "sunionstore"), (["SDIFFSTORE", "d"], "sdiffstore"),
                                    (["SINTERCARD", "1"], "sintercard"), (["SSCAN", "s"], "sscan")] {
                #expect(try await db.run(command) == .error("ERR wrong number of arguments for '\(name)' command"))
            }
            #expect(try await db.run(["SPOP", "s", "1", "2"]) == .error("ERR syntax error"))
            #expect(try await db.run(["SRANDMEMBER", "s", "1", "2"]) == .error("ERR syntax error"))
        }
    }

    // MARK: encodings

    @Test("Sets are intsets up to set-max-intset-entries integers, then hashtables")
    func intsetThreshold() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "s"] + (1...512).map(String.init))
            #expect(try await db.run(["OBJECT", "ENCODING", "s"]) == .bulk("intset"))
            try await db.run(["SADD", "s", "513"])
            #expect(try await db.run(["OBJECT", "ENCODING", "s"]) == .bulk("hashtable"))
            try await db.run(["SREM", "s", "513", "512"])
            #expect(try await db.run(["OBJECT", "ENCODING", "s"]) == .bulk("hashtable"))
            try await db.run(["SADD", "t", "1", "-9223372036854775808", "9223372036854775807"])
            #expect(try await db.run(["OBJECT", "ENCODING", "t"]) == .bulk("intset"))
            try await db.run(["SADD", "t", "a"])
            #expect(try await db.run(["OBJECT", "ENCODING", "t"]) == .bulk("hashtable"))
            try await db.run(["SADD", "u", "01"])
            #expect(try await db.run(["OBJECT", "ENCODING", "u"]) == .bulk("hashtable"))
            #expect(try await db.run(["SISMEMBER", "u", "1"]) == .integer(0))
        }
    }

    @Test("CONFIG SET set-max-intset-entries applies to the next write")
    func configSetThreshold() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.run(["CONFIG", "SET", "set-max-intset-entries", "3"]) == .ok)
            try await db.run(["SADD", "s", "1", "2", "3"])
            #expect(try await db.run(["OBJECT", "ENCODING", "s"]) == .bulk("intset"))
            try await db.run(["SADD", "s", "4"])
            #expect(try await db.run(["OBJECT", "ENCODING", "s"]) == .bulk("hashtable"))
            try await db.run(["CONFIG", "SET", "set-max-intset-entries", "0"])
            try await db.run(["SADD", "z", "1"])
            #expect(try await db.run(["OBJECT", "ENCODING", "z"]) == .bulk("hashtable"))
        }
    }

    // MARK: algebra

    @Test("SINTER, SUNION and SDIFF combine sets, missing keys being empty sets")
    func algebra() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "{t}a", "1", "2", "3", "x"])
            try await db.run(["SADD", "{t}b", "2", "3", "4", "x", "y"])
            try await db.run(["SADD", "{t}c", "3", "x", "z"])
            #expect(try await db.members(["SINTER", "{t}a", "{t}b", "{t}c"]) == ["3", "x"])
            #expect(try await db.members(["SINTER", "{t}a", "{t}nokey"]) == [])
            #expect(try await db.members(["SINTER", "{t}a", "{t}a"]) == ["1", "2", "3", "x"])
            #expect(try await db.members(["SUNION", "{t}a", "{t}nokey", "{t}c"]) == ["1", "2", "3", "x", "z"])
            #expect(try await db.members(["SDIFF", "{t}a", "{t}b"]) == ["1"])
            #expect(try await db.members(["SDIFF", "{t}b", "{t}a", "{t}c"]) == ["4", "y"])
            #expect(try await db.members(["SDIFF", "{t}a", "{t}nokey"]) == ["1", "2", "3", "x"])
            #expect(try await db.members(["SDIFF", "{t}nokey", "{t}a"]) == [])
            #expect(try await db.members(["SDIFF", "{t}a", "{t}c", "{t}a"]) == [])
            // Algorithm 2 (the first set small against large others) gives the same answer.
            try await db.run(["SADD", "{t}big"] + (10...400).map(String.init))
            try await db.run(["SADD", "{t}small", "5", "10", "11", "999"])
            #expect(try await db.members(["SDIFF", "{t}small", "{t}big", "{t}big"]) == ["5", "999"])
        }
    }

    @Test("SINTERSTORE, SUNIONSTORE and SDIFFSTORE store the result as Redis encodes it, and delete the destination for an empty result")
    func storeForms() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "{t}a", "1", "2", "3"])
            try await db.run(["SADD", "{t}b", "2", "3", "x"])
            #expect(try await db.run(["SINTERSTORE", "{t}d", "{t}a", "{t}b"]) == .integer(2))
            #expect(try await db.members(["SMEMBERS", "{t}d"]) == ["2", "3"])
            #expect(try await db.run(["OBJECT", "ENCODING", "{t}d"]) == .bulk("intset"), "integers from a hashtable")
            #expect(try await db.run(["SUNIONSTORE", "{t}d", "{t}a", "{t}b"]) == .integer(4))
            #expect(try await db.run(["OBJECT", "ENCODING", "{t}d"]) == .bulk("hashtable"))
            #expect(try await db.run(["SDIFFSTORE", "{t}d", "{t}a", "{t}b"]) == .integer(1))
            #expect(try await db.members(["SMEMBERS", "{t}d"]) == ["1"])
            try await db.run(["SET", "{t}e", "x"])
            #expect(try await db.run(["SINTERSTORE", "{t}e", "{t}a", "{t}nokey"]) == .integer(0))
            #expect(try await db.run(["EXISTS", "{t}e"]) == .integer(0))
            #expect(try await db.run(["SDIFFSTORE", "{t}d", "{t}a", "{t}a"]) == .integer(0))
            #expect(try await db.run(["EXISTS", "{t}d"]) == .integer(0))
            // The destination may be one of the sources.
            #expect(try await db.run(["SUNIONSTORE", "{t}a", "{t}a", "{t}b"]) == .integer(4))
            #expect(try await db.members(["SMEMBERS", "{t}a"]) == ["1", "2", "3", "x"])
        }
    }

    @Test("STORE forms and SMOVE work across shards")
    func crossShard() async throws {
        try await withDatabase { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            try await db.run(["SADD", a, "1", "2", "3"])
            try await db.run(["SADD", b, "3", "4"])
            #expect(try await db.run(["SUNIONSTORE", "dest", a, b]) == .integer(4))
            #expect(try await db.members(["SMEMBERS", "dest"]) == ["1", "2", "3", "4"])
            #expect(try await db.run(["SINTERSTORE", b, a, b]) == .integer(1))
            #expect(try await db.members(["SMEMBERS", b]) == ["3"])
            #expect(try await db.run(["SDIFFSTORE", a, a, b]) == .integer(2))
            #expect(try await db.run(["SINTERCARD", "2", a, "dest"]) == .integer(2))
            #expect(try await db.run(["SMOVE", a, b, "1"]) == .integer(1))
            #expect(try await db.members(["SMEMBERS", b]) == ["1", "3"])
            #expect(try await db.run(["SMOVE", a, b, "2"]) == .integer(1))
            #expect(try await db.run(["EXISTS", a]) == .integer(0), "the emptied source is deleted")
            #expect(try await db.run(["SMOVE", b, a, "3"]) == .integer(1))
            #expect(try await db.members(["SMEMBERS", a]) == ["3"])
            #expect(try await db.run(["OBJECT", "ENCODING", a]) == .bulk("intset"))
        }
    }

    @Test("SINTERCARD counts the intersection up to LIMIT, with Redis's argument errors")
    func sintercard() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "{t}a", "1", "2", "3", "4", "a"])
            try await db.run(["SADD", "{t}b", "2", "3", "4", "a", "b"])
            #expect(try await db.run(["SINTERCARD", "2", "{t}a", "{t}b"]) == .integer(4))
            #expect(try await db.run(["SINTERCARD", "2", "{t}a", "{t}b", "LIMIT", "2"]) == .integer(2))
            #expect(try await db.run(["SINTERCARD", "2", "{t}a", "{t}b", "limit", "0"]) == .integer(4))
            #expect(try await db.run(["SINTERCARD", "2", "{t}a", "{t}b", "LIMIT", "1", "LIMIT", "3"]) == .integer(3))
            #expect(try await db.run(["SINTERCARD", "2", "{t}a", "{t}nokey"]) == .integer(0))
            #expect(try await db.run(["SINTERCARD", "0", "{t}a"]) == .error("ERR numkeys should be greater than 0"))
            #expect(try await db.run(["SINTERCARD", "x", "{t}a"]) == .error("ERR numkeys should be greater than 0"))
            #expect(try await db.run(["SINTERCARD", "3", "{t}a"]) == .error("ERR Number of keys can't be greater than number of args"))
            #expect(try await db.run(["SINTERCARD", "1", "{t}a", "LIMIT", "-1"]) == .error("ERR LIMIT can't be negative"))
            #expect(try await db.run(["SINTERCARD", "1", "{t}a", "LIMIT"]) == .error("ERR syntax error"))
            #expect(try await db.run(["SINTERCARD", "1", "{t}a", "FOO"]) == .error("ERR syntax error"))
            #expect(try await db.run(["COMMAND", "GETKEYS", "SINTERCARD", "2", "{t}a", "{t}b", "LIMIT", "1"])
                    == .array([.bulk("{t}a"), .bulk("{t}b")]))
        }
    }

    @Test("Set replies are RESP3 sets where Redis sends them")
    func resp3Sets() async throws {
        try await withDatabase { db async throws in
            let connection = db.connection()
            _ = try await connection.execute("HELLO", "3")
            _ = try await connection.execute("SADD", "s", "1", "2")
            #expect(try await connection.execute("SMEMBERS", "s") == .set([.bulk("1"), .bulk("2")]))
            #expect(try await connection.execute("SMEMBERS", "nokey") == .set([]))
            #expect(try await connection.execute("SUNION", "s", "nokey") == .set([.bulk("1"), .bulk("2")]))
            #expect(try await connection.execute("SPOP", "nokey", "2") == .set([]))
            #expect(try await connection.execute("SPOP", "s", "0") == .set([]))
            #expect(try await connection.execute("SRANDMEMBER", "s", "5") == .array([.bulk("1"), .bulk("2")]))
            #expect(try await connection.execute("SRANDMEMBER", "nokey", "5") == .array([]))
        }
    }

    // MARK: SPOP SRANDMEMBER

    @Test("SPOP removes and returns members, deleting the emptied set")
    func spop() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "s", "a", "b", "c"])
            let popped = try await db.run(["SPOP", "s"]).string!
            #expect(["a", "b", "c"].contains(popped))
            #expect(try await db.run(["SISMEMBER", "s", popped]) == .integer(0))
            #expect(try await db.run(["SPOP", "s", "0"]) == .array([]))
            #expect(try await db.run(["SCARD", "s"]) == .integer(2))
            #expect(try await db.run(["SPOP", "s", "-1"]) == .error("ERR value is out of range, must be positive"))
            #expect(try await db.run(["SPOP", "s", "x"]) == .error("ERR value is out of range, must be positive"))
            let rest = try await db.members(["SPOP", "s", "10"])
            #expect(Set(rest + [popped]) == ["a", "b", "c"])
            #expect(try await db.run(["EXISTS", "s"]) == .integer(0))
            try await db.run(["SADD", "one", "1"])
            #expect(try await db.run(["SPOP", "one"]) == .bulk("1"))
            #expect(try await db.run(["EXISTS", "one"]) == .integer(0))
        }
    }

    @Test("SPOP with a count pops distinct members with either strategy, both encodings")
    func spopCountStrategies() async throws {
        try await withDatabase { db async throws in
            for first in ["", "m"] {
                let all = (0..<100).map { "\(first)\($0)" }
                for count in [3, 90] {
                    try await db.run(["DEL", "s"])
                    try await db.run(["SADD", "s"] + all)
                    let popped = try await db.members(["SPOP", "s", String(count)])
                    #expect(popped.count == count && Set(popped).count == count)
                    let left = try await db.members(["SMEMBERS", "s"])
                    #expect(Set(popped + left) == Set(all) && left.count == 100 - count)
                }
            }
            // The members left after a big pop are rebuilt from scratch: integers become an intset.
            try await db.run(["DEL", "s"])
            try await db.run(["SADD", "s"] + (0..<600).map(String.init))
            try await db.run(["SPOP", "s", "595"])
            #expect(try await db.run(["OBJECT", "ENCODING", "s"]) == .bulk("intset"))
            #expect(try await db.run(["SCARD", "s"]) == .integer(5))
        }
    }

    @Test("SRANDMEMBER returns distinct members for a positive count, repeats for a negative one")
    func srandmember() async throws {
        try await withDatabase { db async throws in
            for first in ["", "m"] {
                let all = (0..<50).map { "\(first)\($0)" }
                try await db.run(["DEL", "s"])
                try await db.run(["SADD", "s"] + all)
                for count in [1, 5, 20, 49, 50, 80] {
                    let picked = try await db.members(["SRANDMEMBER", "s", String(count)])
                    #expect(picked.count == min(count, 50) && Set(picked).count == picked.count)
                    #expect(Set(picked).isSubset(of: Set(all)))
                }
                let repeated = try await db.members(["SRANDMEMBER", "s", "-200"])
                #expect(repeated.count == 200 && Set(repeated).isSubset(of: Set(all)))
                #expect(try await db.run(["SRANDMEMBER", "s", "0"]) == .array([]))
                #expect(all.contains(try await db.run(["SRANDMEMBER", "s"]).string!))
                #expect(try await db.run(["SCARD", "s"]) == .integer(50))
            }
            #expect(try await db.run(["SRANDMEMBER", "s", "x"]) == .error("ERR value is not an integer or out of range"))
            #expect(try await db.run(["SRANDMEMBER", "s", "-9223372036854775808"])
                    == .error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"))
        }
    }

    // MARK: SMOVE

    @Test("SMOVE moves a member, creating the destination and deleting an emptied source")
    func smove() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "{t}a", "1", "x"])
            #expect(try await db.run(["SMOVE", "{t}a", "{t}b", "nope"]) == .integer(0))
            #expect(try await db.run(["EXISTS", "{t}b"]) == .integer(0))
            #expect(try await db.run(["SMOVE", "{t}a", "{t}b", "1"]) == .integer(1))
            #expect(try await db.run(["OBJECT", "ENCODING", "{t}b"]) == .bulk("intset"))
            #expect(try await db.run(["SMOVE", "{t}a", "{t}a", "x"]) == .integer(1))
            #expect(try await db.run(["SMOVE", "{t}a", "{t}a", "nope"]) == .integer(0))
            try await db.run(["SADD", "{t}b", "x"])
            #expect(try await db.run(["SMOVE", "{t}a", "{t}b", "x"]) == .integer(1), "already in the destination")
            #expect(try await db.run(["EXISTS", "{t}a"]) == .integer(0))
            #expect(try await db.members(["SMEMBERS", "{t}b"]) == ["1", "x"])
            #expect(try await db.run(["SMOVE", "{t}nokey", "{t}b", "x"]) == .integer(0))
        }
    }

    // MARK: SSCAN

    @Test("SSCAN returns an intset whole and walks a hashtable to cursor 0, with MATCH and COUNT")
    func sscan() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "small", "1", "2", "3", "12"])
            #expect(try await db.run(["SSCAN", "small", "0", "COUNT", "1"])
                    == .array([.bulk("0"), .array([.bulk("1"), .bulk("2"), .bulk("3"), .bulk("12")])]))
            #expect(try await db.run(["SSCAN", "small", "0", "MATCH", "1*"]) == .array([.bulk("0"), .array([.bulk("1"), .bulk("12")])]))
            let members = (0..<1000).map { "m\($0)" }
            try await db.run(["SADD", "big"] + members)
            var seen: [String] = []
            var cursor = "0"
            var calls = 0
            repeat {
                guard case .array(let parts) = try await db.run(["SSCAN", "big", cursor, "COUNT", "20"]),
                      case .array(let page) = parts[1] else { Issue.record("bad SSCAN reply"); return }
                seen += page.compactMap(\.string)
                cursor = parts[0].string!
                calls += 1
            } while cursor != "0"
            #expect(Set(seen) == Set(members) && calls > 10)
            #expect(try await db.run(["SSCAN", "big", "x"]) == .error("ERR invalid cursor"))
            #expect(try await db.run(["SSCAN", "big", "0", "COUNT", "0"]) == .error("ERR syntax error"))
            #expect(try await db.run(["SSCAN", "big", "0", "TYPE", "set"]) == .error("ERR syntax error"))
            #expect(try await db.run(["SSCAN", "big", "0", "MATCH"]) == .error("ERR syntax error"))
            #expect(try await db.run(["SSCAN", "big", "0", "COUNT", "x"]) == .error("ERR value is not an integer or out of range"))
        }
    }

    // MARK: lifecycle through the generic key commands

    @Test("COPY, RENAME and DEL work on sets of both encodings")
    func genericKeyCommands() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SADD", "{t}i", "1", "2"])
            try await db.run(["SADD", "{t}h", "a", "b"])
            #expect(try await db.run(["COPY", "{t}i", "{t}i2"]) == .integer(1))
            #expect(try await db.run(["COPY", "{t}h", "{t}h2"]) == .integer(1))
            try await db.run(["SADD", "{t}i2", "3"])
            try await db.run(["SREM", "{t}h2", "a"])
            #expect(try await db.members(["SMEMBERS", "{t}i"]) == ["1", "2"])
            #expect(try await db.members(["SMEMBERS", "{t}h"]) == ["a", "b"])
            #expect(try await db.run(["RENAME", "{t}h", "{t}r"]) == .ok)
            #expect(try await db.members(["SMEMBERS", "{t}r"]) == ["a", "b"])
            #expect(try await db.run(["DEL", "{t}i", "{t}i2", "{t}h2", "{t}r"]) == .integer(4))
        }
    }

    @Test("SADD and SREM count one change per member for the dirty counter")
    func dirtyCounts() async throws {
        try await withDatabase { db async throws in
            let before = try await db.dirty()
            try await db.run(["SADD", "s", "a", "b", "c"])
            #expect(try await db.dirty() - before == 3)
            try await db.run(["SADD", "s", "a"])
            #expect(try await db.dirty() - before == 3)
            try await db.run(["SREM", "s", "a", "b"])
            #expect(try await db.dirty() - before == 5)
        }
    }
}

extension Database {
    /// The members of a set or array reply, sorted.
    func members(_ arguments: [String]) async throws -> [String] {
        switch try await run(arguments) {
        case .array(let items), .set(let items): return items.compactMap(\.string).sorted()
        case let other: return ["<\(other)>"]
        }
    }
}
