import RESP
import Testing
@testable import Tessera

/// The hash family through the embedding API, with Redis 7.0's replies and errors (checked
/// against a real redis-server 7.0.15).
@Suite("Hash commands")
struct HashCommandsTests {
    static let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")

    /// A command built as a list (the embedding API takes variadic Strings or byte arrays).
    func execute(_ db: Database, _ arguments: [String]) async throws -> RESPValue {
        try await db.execute(arguments.map { Array($0.utf8) })
    }

    func encoding(_ db: Database, _ key: String) async throws -> RESPValue {
        try await db.execute("OBJECT", "ENCODING", key)
    }

    /// Field -> value of an HGETALL reply (order is the encoding's, so compared as a map).
    func pairs(_ reply: RESPValue) -> [String: String] {
        guard case .array(let items) = reply else { return [:] }
        var result: [String: String] = [:]
        for index in stride(from: 0, to: items.count - 1, by: 2) {
            result[items[index].string ?? ""] = items[index + 1].string ?? ""
        }
        return result
    }

    @Test("HSET counts new fields, HMSET answers OK, both need field/value pairs")
    func hsetHmset() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("HSET", "h", "a", "1", "b", "2") == .integer(2))
            #expect(try await db.execute("HSET", "h", "a", "10", "c", "3") == .integer(1))
            #expect(try await db.execute("HMSET", "h", "d", "4") == .ok)
            #expect(try await db.execute("HSET", "h", "a") == .error("ERR wrong number of arguments for 'hset' command"))
            #expect(try await db.execute("HSET", "h", "a", "1", "b")
                == .error("ERR wrong number of arguments for 'hset' command"))
            #expect(try await db.execute("HMSET", "h", "x", "1", "y")
                == .error("ERR wrong number of arguments for 'hmset' command"))
            #expect(pairs(try await db.execute("HGETALL", "h")) == ["a": "10", "b": "2", "c": "3", "d": "4"])
            #expect(try await encoding(db, "h") == .bulk("listpack"))
            #expect(try await db.execute("TYPE", "h") == .simpleString("hash"))
        }
    }

    @Test("HGET, HMGET, HLEN, HSTRLEN, HEXISTS on present, absent and missing keys")
    func reads() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("HSET", "h", "a", "hello", "n", "-123")
            #expect(try await db.execute("HGET", "h", "a") == .bulk("hello"))
            #expect(try await db.execute("HGET", "h", "n") == .bulk("-123"))
            #expect(try await db.execute("HGET", "h", "zz") == .null)
            #expect(try await db.execute("HGET", "nokey", "a") == .null)
            #expect(try await db.execute("HMGET", "h", "a", "zz", "n") == .array([.bulk("hello"), .null, .bulk("-123")]))
            #expect(try await db.execute("HMGET", "nokey", "a", "b") == .array([.null, .null]))
            #expect(try await db.execute("HLEN", "h") == .integer(2))
            #expect(try await db.execute("HLEN", "nokey") == .integer(0))
            #expect(try await db.execute("HSTRLEN", "h", "a") == .integer(5))
            #expect(try await db.execute("HSTRLEN", "h", "n") == .integer(4))
            #expect(try await db.execute("HSTRLEN", "h", "zz") == .integer(0))
            #expect(try await db.execute("HEXISTS", "h", "a") == .integer(1))
            #expect(try await db.execute("HEXISTS", "h", "zz") == .integer(0))
            #expect(try await db.execute("HEXISTS", "nokey", "a") == .integer(0))
        }
    }

    @Test("HKEYS, HVALS and HGETALL; HGETALL is a map in RESP3, empty for a missing key")
    func wholeHash() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("HSET", "h", "a", "1", "b", "2")
            #expect(try await db.execute("HKEYS", "h") == .array([.bulk("a"), .bulk("b")]))
            #expect(try await db.execute("HVALS", "h") == .array([.bulk("1"), .bulk("2")]))
            #expect(try await db.execute("HGETALL", "h") == .array([.bulk("a"), .bulk("1"), .bulk("b"), .bulk("2")]))
            #expect(try await db.execute("HKEYS", "nokey") == .array([]))
            #expect(try await db.execute("HGETALL", "nokey") == .array([]))
            let client = TestClient(db)
            _ = try await client.execute("HELLO", "3")
            #expect(try await client.execute("HGETALL", "h") == .map([.bulk("a"), .bulk("1"), .bulk("b"), .bulk("2")]))
            #expect(try await client.execute("HGETALL", "nokey") == .map([]))
            #expect(try await client.execute("HKEYS", "h") == .array([.bulk("a"), .bulk("b")]))
        }
    }

    @Test("HSETNX sets only a new field")
    func hsetnx() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("HSETNX", "h", "a", "1") == .integer(1))
            #expect(try await db.execute("HSETNX", "h", "a", "2") == .integer(0))
            #expect(try await db.execute("HGET", "h", "a") == .bulk("1"))
        }
    }

    @Test("HDEL counts removed fields and deletes the emptied hash")
    func hdel() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("HSET", "h", "a", "1", "b", "2", "c", "3")
            #expect(try await db.execute("HDEL", "h", "a", "zz", "a") == .integer(1))
            #expect(try await db.execute("HDEL", "nokey", "a") == .integer(0))
            #expect(try await db.execute("HDEL", "h", "b", "c") == .integer(2))
            #expect(try await db.execute("EXISTS", "h") == .integer(0))
            let big = (0..<600).flatMap { ["f\($0)", "v"] }
            _ = try await execute(db, ["HSET", "big"] + big)
            #expect(try await encoding(db, "big") == .bulk("hashtable"))
            #expect(try await execute(db, ["HDEL", "big"] + (0..<600).map { "f\($0)" }) == .integer(600))
            #expect(try await db.execute("EXISTS", "big") == .integer(0))
        }
    }

    @Test("HINCRBY: missing counts as 0, text and overflow are errors that change nothing")
    func hincrby() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("HINCRBY", "h", "n", "5") == .integer(5))
            #expect(try await db.execute("HINCRBY", "h", "n", "-10") == .integer(-5))
            #expect(try await db.execute("HINCRBY", "h", "n", "x") == .error("ERR value is not an integer or out of range"))
            _ = try await db.execute("HSET", "h", "s", "hello", "big", "9223372036854775806")
            #expect(try await db.execute("HINCRBY", "h", "s", "1") == .error("ERR hash value is not an integer"))
            #expect(try await db.execute("HINCRBY", "h", "big", "1") == .integer(Int64.max))
            #expect(try await db.execute("HINCRBY", "h", "big", "1") == .error("ERR increment or decrement would overflow"))
            #expect(try await db.execute("HGET", "h", "big") == .bulk("9223372036854775807"))
            #expect(try await db.execute("HINCRBY", "fresh", "n", "x") == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("EXISTS", "fresh") == .integer(0))
        }
    }

    @Test("HINCRBYFLOAT: human formatting, NaN and infinity refused")
    func hincrbyfloat() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("HINCRBYFLOAT", "h", "f", "10.5") == .bulk("10.5"))
            #expect(try await db.execute("HINCRBYFLOAT", "h", "f", "0.1") == .bulk("10.6"))
            #expect(try await db.execute("HINCRBYFLOAT", "h", "f", "1e20") == .bulk("100000000000000000008"))
            #expect(try await db.execute("HINCRBYFLOAT", "h", "f", "inf") == .error("ERR value is NaN or Infinity"))
            #expect(try await db.execute("HINCRBYFLOAT", "h", "f", "nan") == .error("ERR value is not a valid float"))
            #expect(try await db.execute("HINCRBYFLOAT", "h", "f", "abc") == .error("ERR value is not a valid float"))
            _ = try await db.execute("HSET", "h", "s", "x", "i", "3", "e", "1e308")
            #expect(try await db.execute("HINCRBYFLOAT", "h", "s", "1") == .error("ERR hash value is not a float"))
            #expect(try await db.execute("HINCRBYFLOAT", "h", "i", "1.25") == .bulk("4.25"))
            #if arch(x86_64)
            #expect(try await db.execute("HINCRBYFLOAT", "h", "e", "1e308") != .error("ERR increment would produce NaN or Infinity"),
                    "long double arithmetic holds 2e308")
            #endif
            _ = try await db.execute("HSET", "h", "huge", "1e4932")
            #expect(try await db.execute("HINCRBYFLOAT", "h", "huge", "1e4932")
                == .error("ERR increment would produce NaN or Infinity"))
        }
    }

    @Test("every hash command answers WRONGTYPE on a string")
    func wrongType() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("SET", "s", "x")
            let commands: [[String]] = [
                ["HSET", "s", "a", "b"], ["HSETNX", "s", "a", "b"], ["HMSET", "s", "a", "b"], ["HGET", "s", "a"],
                ["HMGET", "s", "a"], ["HDEL", "s", "a"], ["HLEN", "s"], ["HSTRLEN", "s", "a"], ["HEXISTS", "s", "a"],
                ["HKEYS", "s"], ["HVALS", "s"], ["HGETALL", "s"], ["HINCRBY", "s", "a", "1"],
                ["HINCRBYFLOAT", "s", "a", "1"], ["HRANDFIELD", "s"], ["HRANDFIELD", "s", "2"], ["HSCAN", "s", "0"],
            ]
            for command in commands {
                #expect(try await execute(db, command) == Self.wrongType, "\(command)")
            }
            #expect(try await db.execute("HGETALL", "s", "x") == .error("ERR wrong number of arguments for 'hgetall' command"))
            #expect(try await db.execute("HGET", "s") == .error("ERR wrong number of arguments for 'hget' command"))
        }
    }

    @Test("conversion to hashtable at exactly the thresholds, and after CONFIG SET")
    func conversion() async throws {
        try await withDatabase { db async throws in
            let fits = String(repeating: "v", count: 64)
            _ = try await db.execute("HSET", "a", "f", fits)
            #expect(try await encoding(db, "a") == .bulk("listpack"))
            _ = try await db.execute("HSET", "a", "g", fits + "v")
            #expect(try await encoding(db, "a") == .bulk("hashtable"))
            _ = try await db.execute("HSET", "k", fits + "k", "1")
            #expect(try await encoding(db, "k") == .bulk("hashtable"))
            _ = try await execute(db, ["HSET", "n"] + (1...512).flatMap { ["f\($0)", "\($0)"] })
            #expect(try await encoding(db, "n") == .bulk("listpack"))
            _ = try await db.execute("HSET", "n", "f513", "1")
            #expect(try await encoding(db, "n") == .bulk("hashtable"))
            _ = try await db.execute("HDEL", "n", "f513", "f1", "f2")
            #expect(try await encoding(db, "n") == .bulk("hashtable"))

            #expect(try await db.execute("CONFIG", "SET", "hash-max-listpack-entries", "2") == .ok)
            _ = try await db.execute("HSET", "c", "a", "1", "b", "2")
            #expect(try await encoding(db, "c") == .bulk("listpack"))
            _ = try await db.execute("HSETNX", "c", "c", "3")
            #expect(try await encoding(db, "c") == .bulk("hashtable"))
            #expect(try await db.execute("CONFIG", "SET", "hash-max-listpack-value", "3") == .ok)
            _ = try await db.execute("HSET", "g", "a", "123")
            #expect(try await encoding(db, "g") == .bulk("listpack"))
            _ = try await db.execute("HINCRBY", "g", "a", "1000")
            #expect(try await encoding(db, "g") == .bulk("hashtable"))
            #expect(pairs(try await db.execute("HGETALL", "g")) == ["a": "1123"])
        }
    }

    @Test("HRANDFIELD: counts, WITHVALUES, negative counts and Redis's range errors")
    func hrandfield() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("HSET", "h", "a", "1", "b", "2", "c", "3")
            guard let one = try await db.execute("HRANDFIELD", "h").string else { Issue.record("no field"); return }
            #expect(["a", "b", "c"].contains(one))
            #expect(try await db.execute("HRANDFIELD", "nokey") == .null)
            #expect(try await db.execute("HRANDFIELD", "nokey", "3") == .array([]))
            #expect(try await db.execute("HRANDFIELD", "h", "0") == .array([]))
            #expect(try await db.execute("HRANDFIELD", "h", "10") == .array([.bulk("a"), .bulk("b"), .bulk("c")]))
            #expect(pairs(try await db.execute("HRANDFIELD", "h", "10", "WITHVALUES")) == ["a": "1", "b": "2", "c": "3"])
            guard case .array(let two) = try await db.execute("HRANDFIELD", "h", "2") else { Issue.record("not an array"); return }
            #expect(two.count == 2 && Set(two.compactMap(\.string)).count == 2)
            guard case .array(let many) = try await db.execute("HRANDFIELD", "h", "-20", "WITHVALUES") else {
                Issue.record("not an array"); return
            }
            #expect(many.count == 40)
            #expect(try await db.execute("HRANDFIELD", "h", "-9223372036854775808")
                == .error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"))
            #expect(try await db.execute("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES")
                == .error("ERR value is out of range"))
            #expect(try await db.execute("HRANDFIELD", "h", "1", "WITH") == .error("ERR syntax error"))
            #expect(try await db.execute("HRANDFIELD", "h", "1", "WITHVALUES", "x") == .error("ERR syntax error"))
            #expect(try await db.execute("HRANDFIELD", "h", "x") == .error("ERR value is not an integer or out of range"))
            let client = TestClient(db)
            _ = try await client.execute("HELLO", "3")
            guard case .array(let nested) = try await client.execute("HRANDFIELD", "h", "-2", "WITHVALUES") else {
                Issue.record("not an array"); return
            }
            #expect(nested.count == 2)
            for pair in nested {
                guard case .array(let items) = pair else { Issue.record("RESP3 pairs are arrays"); continue }
                #expect(items.count == 2)
            }
        }
    }

    @Test("HRANDFIELD on a hashtable: distinct counts below, near and above the size")
    func hrandfieldHashtable() async throws {
        try await withDatabase { db async throws in
            _ = try await execute(db, ["HSET", "h"] + (0..<1000).flatMap { ["f\($0)", "v\($0)"] })
            #expect(try await encoding(db, "h") == .bulk("hashtable"))
            for count in [5, 400, 999, 1000, 2000] {
                guard case .array(let items) = try await db.execute("HRANDFIELD", "h", "\(count)") else {
                    Issue.record("not an array"); return
                }
                #expect(items.count == min(count, 1000) && Set(items.compactMap(\.string)).count == items.count)
            }
        }
    }

    @Test("HSCAN: a listpack in one call, a hashtable by cursor; MATCH, COUNT and errors")
    func hscan() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("HSET", "h", "a1", "1", "b", "2", "a2", "3")
            #expect(try await db.execute("HSCAN", "h", "0", "COUNT", "1")
                == .array([.bulk("0"), .array([.bulk("a1"), .bulk("1"), .bulk("b"), .bulk("2"), .bulk("a2"), .bulk("3")])]))
            #expect(try await db.execute("HSCAN", "h", "0", "MATCH", "a*")
                == .array([.bulk("0"), .array([.bulk("a1"), .bulk("1"), .bulk("a2"), .bulk("3")])]))
            #expect(try await db.execute("HSCAN", "nokey", "0") == .array([.bulk("0"), .array([])]))
            #expect(try await db.execute("HSCAN", "h", "x") == .error("ERR invalid cursor"))
            #expect(try await db.execute("HSCAN", "h", "0", "COUNT", "0") == .error("ERR syntax error"))
            #expect(try await db.execute("HSCAN", "h", "0", "TYPE", "hash") == .error("ERR syntax error"))
            #expect(try await db.execute("HSCAN", "h", "0", "MATCH") == .error("ERR syntax error"))

            _ = try await execute(db, ["HSET", "big"] + (0..<1000).flatMap { ["f\($0)", "\($0)"] })
            var seen: [String: String] = [:]
            var cursor = "0"
            var calls = 0
            repeat {
                guard case .array(let reply) = try await db.execute("HSCAN", "big", cursor),
                      case .array(let items) = reply[1], let next = reply[0].string else {
                    Issue.record("bad HSCAN reply"); return
                }
                seen.merge(pairs(.array(items))) { $1 }
                cursor = next
                calls += 1
            } while cursor != "0"
            #expect(seen.count == 1000 && seen["f7"] == "7")
            #expect(calls > 10)
        }
    }

    @Test("COPY, RENAME and DEL work on both encodings; the dirty counter counts each pair")
    func keyCommands() async throws {
        try await withDatabase { db async throws in
            _ = try await db.execute("HSET", "small", "a", "1")
            _ = try await execute(db, ["HSET", "big"] + (0..<600).flatMap { ["f\($0)", "\($0)"] })
            for key in ["small", "big"] {
                #expect(try await db.execute("COPY", key, "\(key)-copy") == .integer(1))
                _ = try await db.execute("HSET", "\(key)-copy", "a", "changed")
                #expect(try await db.execute("HGET", key, "a") != .bulk("changed"))
                #expect(try await db.execute("RENAME", "\(key)-copy", "{\(key)}moved") == .ok)
                #expect(try await db.execute("HGET", "{\(key)}moved", "a") == .bulk("changed"))
                #expect(try await db.execute("DEL", "{\(key)}moved", key) == .integer(2))
            }
            let before = try await dirtyCount(db)
            _ = try await db.execute("HSET", "d", "a", "1", "b", "2", "c", "3")
            _ = try await db.execute("HDEL", "d", "a", "b")
            #expect(try await dirtyCount(db) - before == 5)
        }
    }
}
