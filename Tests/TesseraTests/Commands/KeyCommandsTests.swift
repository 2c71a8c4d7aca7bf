import RESP
import Testing
@testable import Tessera

@Suite("Key commands")
struct KeyCommandsTests {
    // MARK: DEL UNLINK EXISTS TOUCH TYPE

    @Test("DEL and UNLINK count the keys removed, across shards, a repeated key once")
    func delAndUnlink() async throws {
        try await withDatabase { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            try await db.run(["MSET", a, "1", b, "2", "c", "3"])
            #expect(try await db.run(["DEL", a, b, "nokey"]) == .integer(2))
            #expect(try await db.run(["MGET", a, b, "c"]) == .array([.null, .null, .bulk("3")]))
            #expect(try await db.execute("DEL", "c", "c", "c") == .integer(1))
            try await db.run(["MSET", a, "1", b, "2"])
            #expect(try await db.run(["UNLINK", a, b, "nokey"]) == .integer(2))
            #expect(try await db.execute("DBSIZE") == .integer(0))
            #expect(try await db.execute("DEL") == .error("ERR wrong number of arguments for 'del' command"))
            #expect(try await db.execute("UNLINK") == .error("ERR wrong number of arguments for 'unlink' command"))
        }
    }

    @Test("EXISTS counts every mention of an existing key, on any shard; TOUCH counts existing keys")
    func existsAndTouch() async throws {
        try await withDatabase { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            try await db.run(["MSET", a, "1", b, "2"])
            #expect(try await db.run(["EXISTS", a, a, "nokey", b, a]) == .integer(4))
            #expect(try await db.execute("EXISTS", "nokey") == .integer(0))
            #expect(try await db.run(["TOUCH", a, b, "nokey"]) == .integer(2))
            #expect(try await db.execute("EXISTS") == .error("ERR wrong number of arguments for 'exists' command"))
            #expect(try await db.execute("TOUCH") == .error("ERR wrong number of arguments for 'touch' command"))
        }
    }

    @Test("EXISTS leaves the access time alone; TOUCH and GET update it")
    func existsDoesNotTouch() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v")
            try await db.setLRU("k", secondsAgo: 100)
            try await db.execute("EXISTS", "k")
            try await db.execute("TYPE", "k")
            try await db.execute("TTL", "k")
            #expect(try await db.execute("OBJECT", "IDLETIME", "k").integerValue! >= 100)
            try await db.execute("TOUCH", "k")
            #expect(try await db.execute("OBJECT", "IDLETIME", "k").integerValue! < 10)
        }
    }

    @Test("TYPE names a value's type, or none")
    func type() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "s", "v")
            try await db.execute("SET", "n", "12")
            #expect(try await db.execute("TYPE", "s") == .simpleString("string"))
            #expect(try await db.execute("TYPE", "n") == .simpleString("string"))
            #expect(try await db.execute("TYPE", "nokey") == .simpleString("none"))
            #expect(try await db.execute("TYPE", "a", "b") == .error("ERR wrong number of arguments for 'type' command"))
        }
    }

    // MARK: KEYS

    @Test("KEYS matches glob patterns over every shard")
    func keysPatterns() async throws {
        try await withDatabase { db async throws in
            try await db.run(["MSET", "hello", "1", "hallo", "1", "hxllo", "1", "hllo", "1", "heeeello", "1",
                              "h*llo", "1", "Hello", "1", "{x}other", "1"])
            #expect(try await db.keys("h?llo") == ["h*llo", "hallo", "hello", "hxllo"])
            #expect(try await db.keys("h*llo") == ["h*llo", "hallo", "heeeello", "hello", "hllo", "hxllo"])
            #expect(try await db.keys("h[ae]llo") == ["hallo", "hello"])
            #expect(try await db.keys("h[^e]llo") == ["h*llo", "hallo", "hxllo"])
            #expect(try await db.keys("h[a-b]llo") == ["hallo"])
            #expect(try await db.keys("h\\*llo") == ["h*llo"])
            #expect(try await db.keys("[hH]ello") == ["Hello", "hello"])
            #expect(try await db.keys("nomatch*") == [])
            #expect(try await db.keys("*").count == 8)
            #expect(try await db.keys("{x}*") == ["{x}other"])
            #expect(try await db.execute("KEYS") == .error("ERR wrong number of arguments for 'keys' command"))
        }
    }

    // MARK: SCAN

    @Test("SCAN with COUNT 7 returns every one of 10,000 keys spread over two shards")
    func scanCompleteness() async throws {
        try await withDatabase { db async throws in
            let keys = (0..<10_000).map { "key:\($0)" }
            for chunk in stride(from: 0, to: keys.count, by: 1000) {
                try await db.run(["MSET"] + keys[chunk..<(chunk + 1000)].flatMap { [$0, "v"] })
            }
            #expect(Set(keys.map { db.shard(of: $0) }).count == 2)
            #expect(try await db.keyCounts().allSatisfy { $0 > 4000 })
            var calls = 0
            let seen = try await db.scanAll(["COUNT", "7"]) { _ in calls += 1 }
            #expect(Set(seen) == Set(keys))
            // Redis returns about COUNT keys per call: far more than 10,000 / 70 calls.
            #expect(calls > 10_000 / 70)
        }
    }

    @Test("SCAN returns every original key while added keys make the tables grow")
    func scanWhileGrowing() async throws {
        try await withDatabase { db async throws in
            let original = (0..<1000).map { "orig:\($0)" }
            try await db.run(["MSET"] + original.flatMap { [$0, "v"] })
            let before = try await db.bucketCounts()
            var added = 0
            let seen = try await db.scanAll(["COUNT", "5"]) { call in
                // 30 new keys after each of the first 60 calls: each shard's table doubles twice.
                guard call <= 60 else { return }
                try await db.run(["MSET"] + (added..<(added + 30)).flatMap { ["new:\($0)", "v"] })
                added += 30
            }
            let after = try await db.bucketCounts()
            #expect(zip(before, after).allSatisfy { $1 > $0 })
            #expect(Set(original).isSubset(of: Set(seen)))
        }
    }

    @Test("SCAN returns every remaining key while deletions make the tables shrink")
    func scanWhileShrinking() async throws {
        try await withDatabase { db async throws in
            let kept = (0..<100).map { "keep:\($0)" }
            let dropped = (0..<5000).map { "drop:\($0)" }
            try await db.run(["MSET"] + (kept + dropped).flatMap { [$0, "v"] })
            var next = 0
            let before = try await db.bucketCounts()
            let seen = try await db.scanAll(["COUNT", "20"]) { _ in
                if next < dropped.count {
                    try await db.run(["DEL"] + dropped[next..<min(next + 250, dropped.count)])
                    next += 250
                    // Once sparse, give the shards' cron time to shrink the tables mid-scan.
                    if next >= dropped.count { try await Task.sleep(for: .milliseconds(400)) }
                }
            }
            #expect(Set(kept).isSubset(of: Set(seen)))
            let after = try await db.bucketCounts()
            #expect(zip(before, after).allSatisfy { $1 < $0 })
        }
    }

    @Test("SCAN MATCH and TYPE filter the keys; one call goes on from shard to shard")
    func scanFilters() async throws {
        try await withDatabase { db async throws in
            try await db.run(["MSET", "user:1", "a", "user:2", "b", "item:1", "c", "{user}3", "d"])
            #expect(Set(try await db.scanAll(["MATCH", "user:*"])) == ["user:1", "user:2"])
            #expect(Set(try await db.scanAll(["MATCH", "user:*", "TYPE", "string"])) == ["user:1", "user:2"])
            #expect(Set(try await db.scanAll(["TYPE", "STRING"])).count == 4)
            #expect(try await db.scanAll(["TYPE", "list"]) == [])
            #expect(try await db.scanAll(["TYPE", "nosuchtype"]) == [])
            #expect(Set(try await db.scanAll(["MATCH", "*", "COUNT", "1000"])).count == 4)
            // With room for everything, one call walks both shards and ends the scan, as on Redis.
            let first = try await db.execute("SCAN", "0", "COUNT", "1000")
            guard case .array(let parts) = first, case .array(let keys) = parts[1] else {
                Issue.record("SCAN reply \(first)")
                return
            }
            #expect(parts[0] == .bulk("0"))
            #expect(keys.count == 4)
            // Starting at shard 1 (cursor 1) visits only what is left.
            let second = try await db.execute("SCAN", "1", "COUNT", "1000")
            guard case .array(let rest) = second else { Issue.record("SCAN reply \(second)"); return }
            #expect(rest[0] == .bulk("0"))
        }
    }

    @Test("SCAN option errors are Redis's")
    func scanErrors() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SCAN", "x") == .error("ERR invalid cursor"))
            #expect(try await db.execute("SCAN", "18446744073709551616") == .error("ERR invalid cursor"))
            #expect(try await db.execute("SCAN", "0", "COUNT", "x") == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("SCAN", "0", "COUNT", "0") == .error("ERR syntax error"))
            #expect(try await db.execute("SCAN", "0", "COUNT", "-1") == .error("ERR syntax error"))
            #expect(try await db.execute("SCAN", "0", "MATCH") == .error("ERR syntax error"))
            #expect(try await db.execute("SCAN", "0", "TYPE") == .error("ERR syntax error"))
            #expect(try await db.execute("SCAN", "0", "FOO", "bar") == .error("ERR syntax error"))
            #expect(try await db.execute("SCAN") == .error("ERR wrong number of arguments for 'scan' command"))
            #expect(try await db.execute("SCAN", "18446744073709551615") == .array([.bulk("0"), .array([])]))
        }
    }

    // MARK: RANDOMKEY

    @Test("RANDOMKEY returns nil on an empty database and finds keys on every shard")
    func randomkey() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("RANDOMKEY") == .null)
            let (a, b) = db.keysOnDistinctShards()
            try await db.run(["MSET", a, "1", b, "2"])
            var seen = Set<String>()
            for _ in 0..<100 { if let key = try await db.execute("RANDOMKEY").string { seen.insert(key) } }
            #expect(seen == [a, b])
            #expect(try await db.execute("RANDOMKEY", "x")
                == .error("ERR wrong number of arguments for 'randomkey' command"))
        }
    }

    // MARK: RENAME RENAMENX

    @Test("RENAME moves the value and its TTL to a key on another shard")
    func renameAcrossShards() async throws {
        try await withDatabase { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            let long = String(repeating: "r", count: 100)
            try await db.run(["SET", a, long, "EX", "100"])
            let before = try await db.payload(of: a)
            #expect(try await db.run(["RENAME", a, b]) == .ok)
            #expect(try await db.run(["EXISTS", a]) == .integer(0))
            #expect(try await db.run(["GET", b]) == .bulk(long))
            let ttl = try await db.run(["TTL", b]).integerValue!
            #expect(ttl >= 90 && ttl <= 100)
            // Moved, not copied: the raw string's buffer is the same one.
            #expect(try await db.payload(of: b) == before)
            #expect(try await db.volatileCounts().reduce(0, +) == 1)
        }
    }

    @Test("RENAME overwrites the destination and its TTL; RENAMENX leaves an existing one alone")
    func renameOverwrite() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SET", "a", "1"])
            try await db.run(["SET", "b", "2", "EX", "5000"])
            #expect(try await db.execute("RENAME", "a", "b") == .ok)
            #expect(try await db.execute("GET", "b") == .bulk("1"))
            #expect(try await db.execute("TTL", "b") == .integer(-1))
            #expect(try await db.execute("DBSIZE") == .integer(1))
            try await db.execute("MSET", "a", "1", "b", "2")
            #expect(try await db.execute("RENAMENX", "a", "b") == .integer(0))
            #expect(try await db.execute("MGET", "a", "b") == .array([.bulk("1"), .bulk("2")]))
            #expect(try await db.execute("RENAMENX", "a", "c") == .integer(1))
            #expect(try await db.execute("MGET", "a", "c") == .array([.null, .bulk("1")]))
        }
    }

    @Test("RENAME of a missing key is an error; renaming a key to itself is a no-op")
    func renameEdges() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("RENAME", "nokey", "b") == .error("ERR no such key"))
            #expect(try await db.execute("RENAME", "nokey", "nokey") == .error("ERR no such key"))
            #expect(try await db.execute("RENAMENX", "nokey", "b") == .error("ERR no such key"))
            try await db.execute("SET", "a", "1", "EX", "100")
            #expect(try await db.execute("RENAME", "a", "a") == .ok)
            #expect(try await db.execute("RENAMENX", "a", "a") == .integer(0))
            #expect(try await db.execute("GET", "a") == .bulk("1"))
            #expect(try await db.execute("TTL", "a").integerValue! > 0)
            #expect(try await db.execute("RENAME", "a") == .error("ERR wrong number of arguments for 'rename' command"))
            #expect(try await db.execute("RENAMENX", "a", "b", "c")
                == .error("ERR wrong number of arguments for 'renamenx' command"))
        }
    }

    @Test("RENAME, MOVE and COPY each count one change; FLUSHDB and FLUSHALL count the removed keys")
    func dirtyCounting() async throws {
        try await withDatabase { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            try await db.run(["SET", a, "1"])
            var dirty = try await db.dirty()
            try await db.run(["RENAME", a, b])
            #expect(try await db.dirty() == dirty + 1)
            dirty += 1
            try await db.run(["MOVE", b, "3"])
            #expect(try await db.dirty() == dirty + 1)
            dirty += 1
            try await db.run(["MSET", "x", "1", "y", "2", "z", "3"])
            dirty = try await db.dirty()
            try await db.run(["COPY", "x", "x2"])
            #expect(try await db.dirty() == dirty + 1)
            try await db.run(["FLUSHDB"])
            #expect(try await db.dirty() == dirty + 1 + 4)
            dirty = try await db.dirty()
            try await db.run(["SWAPDB", "0", "3"])
            #expect(try await db.dirty() == dirty + 1)
            try await db.run(["FLUSHALL"])
            #expect(try await db.dirty() == dirty + 1 + 1)
        }
    }

    // MARK: COPY

    @Test("COPY makes an independent copy on another shard, with the TTL")
    func copyAcrossShards() async throws {
        try await withDatabase { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            let long = String(repeating: "c", count: 100)
            try await db.run(["SET", a, long, "EX", "100"])
            #expect(try await db.run(["COPY", a, b]) == .integer(1))
            #expect(try await db.run(["MGET", a, b]) == .array([.bulk(long), .bulk(long)]))
            let ttl = try await db.run(["TTL", b]).integerValue!
            #expect(ttl >= 90 && ttl <= 100)
            // A deep copy: its own buffer, and it survives the source.
            #expect(try await db.payload(of: a) != db.payload(of: b))
            try await db.run(["DEL", a])
            #expect(try await db.run(["GET", b]) == .bulk(long))
            #expect(try await db.run(["OBJECT", "ENCODING", b]) == .bulk("raw"))
        }
    }

    @Test("COPY keeps int and embstr encodings, honours REPLACE and DB")
    func copyOptions() async throws {
        try await withDatabase { db async throws in
            try await db.execute("MSET", "i", "42", "e", "short", "b", "2")
            #expect(try await db.execute("COPY", "i", "i2") == .integer(1))
            #expect(try await db.execute("OBJECT", "ENCODING", "i2") == .bulk("int"))
            #expect(try await db.execute("COPY", "e", "e2") == .integer(1))
            #expect(try await db.execute("OBJECT", "ENCODING", "e2") == .bulk("embstr"))
            #expect(try await db.execute("COPY", "i", "b") == .integer(0))
            #expect(try await db.execute("GET", "b") == .bulk("2"))
            #expect(try await db.execute("COPY", "i", "b", "REPLACE") == .integer(1))
            #expect(try await db.execute("GET", "b") == .bulk("42"))
            #expect(try await db.execute("COPY", "nokey", "z") == .integer(0))
            #expect(try await db.execute("EXISTS", "z") == .integer(0))
            #expect(try await db.execute("COPY", "e", "e", "DB", "3") == .integer(1))
            #expect(try await db.execute("COPY", "e", "e", "db", "3") == .integer(0))
            #expect(try await db.execute("COPY", "e", "e", "DB", "3", "replace") == .integer(1))
            let connection = db.connection()
            #expect(try await connection.execute("SELECT", "3") == .ok)
            #expect(try await connection.execute("GET", "e") == .bulk("short"))
            #expect(try await connection.execute("COPY", "e", "back", "DB", "0") == .integer(1))
            #expect(try await db.execute("GET", "back") == .bulk("short"))
        }
    }

    @Test("COPY errors are Redis's")
    func copyErrors() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "a", "1")
            let same = RESPValue.error("ERR source and destination objects are the same")
            #expect(try await db.execute("COPY", "a", "a") == same)
            #expect(try await db.execute("COPY", "a", "a", "DB", "0") == same)
            #expect(try await db.execute("COPY", "a", "b", "DB", "16") == .error("ERR DB index is out of range"))
            #expect(try await db.execute("COPY", "a", "b", "DB", "-1") == .error("ERR DB index is out of range"))
            #expect(try await db.execute("COPY", "a", "b", "DB", "x")
                == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("COPY", "a", "b", "DB", "99999999999")
                == .error("ERR value is out of range, value must between -2147483648 and 2147483647"))
            #expect(try await db.execute("COPY", "a", "b", "DB") == .error("ERR syntax error"))
            #expect(try await db.execute("COPY", "a", "b", "FOO") == .error("ERR syntax error"))
            #expect(try await db.execute("COPY", "a") == .error("ERR wrong number of arguments for 'copy' command"))
        }
    }

    // MARK: MOVE SWAPDB FLUSHDB FLUSHALL DBSIZE

    @Test("MOVE moves a key to another database with its TTL, never over an existing key")
    func move() async throws {
        try await withDatabase { db async throws in
            let connection = db.connection()
            try await connection.execute("SET", "a", "1", "EX", "100")
            #expect(try await connection.execute("MOVE", "a", "1") == .integer(1))
            #expect(try await connection.execute("EXISTS", "a") == .integer(0))
            #expect(try await connection.execute("MOVE", "a", "1") == .integer(0))
            try await connection.execute("SELECT", "1")
            #expect(try await connection.execute("GET", "a") == .bulk("1"))
            let ttl = try await connection.execute("TTL", "a").integerValue!
            #expect(ttl >= 90 && ttl <= 100)
            try await connection.execute("SELECT", "0")
            try await connection.execute("SET", "a", "src")
            #expect(try await connection.execute("MOVE", "a", "1") == .integer(0))
            #expect(try await connection.execute("GET", "a") == .bulk("src"))
            #expect(try await connection.execute("MOVE", "nokey", "1") == .integer(0))
        }
    }

    @Test("MOVE errors are Redis's")
    func moveErrors() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "a", "1")
            #expect(try await db.execute("MOVE", "a", "0") == .error("ERR source and destination objects are the same"))
            #expect(try await db.execute("MOVE", "a", "16") == .error("ERR DB index is out of range"))
            #expect(try await db.execute("MOVE", "a", "-1") == .error("ERR DB index is out of range"))
            #expect(try await db.execute("MOVE", "a", "x") == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("MOVE", "a", "99999999999")
                == .error("ERR value is out of range, value must between -2147483648 and 2147483647"))
            #expect(try await db.execute("MOVE", "a") == .error("ERR wrong number of arguments for 'move' command"))
        }
    }

    @Test("SWAPDB exchanges two databases on every shard")
    func swapdb() async throws {
        try await withDatabase { db async throws in
            let (a, b) = db.keysOnDistinctShards()
            let connection = db.connection()
            try await connection.execute(["SET", a, "in0"].map { Array($0.utf8) })
            try await connection.execute("SELECT", "1")
            try await connection.execute(["SET", b, "in1"].map { Array($0.utf8) })
            try await connection.execute(["SET", a + "x", "v", "PX", "100000"].map { Array($0.utf8) })
            #expect(try await connection.execute("SWAPDB", "0", "1") == .ok)
            #expect(try await connection.execute(["MGET", a, b].map { Array($0.utf8) }) == .array([.bulk("in0"), .null]))
            try await connection.execute("SELECT", "0")
            #expect(try await connection.execute(["MGET", a, b].map { Array($0.utf8) }) == .array([.null, .bulk("in1")]))
            #expect(try await connection.execute(["PTTL", a + "x"].map { Array($0.utf8) }).integerValue! > 0)
            #expect(try await db.execute("SWAPDB", "0", "0") == .ok)
            #expect(try await db.execute("SWAPDB", "0", "16") == .error("ERR DB index is out of range"))
            #expect(try await db.execute("SWAPDB", "-1", "0") == .error("ERR DB index is out of range"))
            #expect(try await db.execute("SWAPDB", "0", "x") == .error("ERR invalid second DB index"))
            #expect(try await db.execute("SWAPDB", "x", "0") == .error("ERR invalid first DB index"))
            #expect(try await db.execute("SWAPDB", "0", "99999999999") == .error("ERR invalid second DB index"))
            #expect(try await db.execute("SWAPDB", "0") == .error("ERR wrong number of arguments for 'swapdb' command"))
        }
    }

    @Test("DBSIZE counts the selected database on all shards; FLUSHDB clears only it, FLUSHALL all")
    func flushing() async throws {
        try await withDatabase { db async throws in
            let connection = db.connection()
            #expect(try await connection.execute("DBSIZE") == .integer(0))
            try await connection.execute("MSET", "a", "1", "b", "2", "c", "3", "{a}d", "4")
            #expect(try await connection.execute("DBSIZE") == .integer(4))
            try await connection.execute("SELECT", "1")
            try await connection.execute("MSET", "x", "1", "y", "2")
            #expect(try await connection.execute("FLUSHDB") == .ok)
            #expect(try await connection.execute("DBSIZE") == .integer(0))
            try await connection.execute("SELECT", "0")
            #expect(try await connection.execute("DBSIZE") == .integer(4))
            #expect(try await connection.execute("FLUSHDB", "ASYNC") == .ok)
            #expect(try await connection.execute("FLUSHDB", "sync") == .ok)
            #expect(try await connection.execute("FLUSHDB", "FOO") == .error("ERR syntax error"))
            #expect(try await connection.execute("FLUSHDB", "SYNC", "ASYNC") == .error("ERR syntax error"))
            try await connection.execute("SET", "a", "1")
            try await connection.execute("SELECT", "2")
            try await connection.execute("SET", "b", "1")
            #expect(try await connection.execute("FLUSHALL") == .ok)
            #expect(try await connection.execute("DBSIZE") == .integer(0))
            try await connection.execute("SELECT", "0")
            #expect(try await connection.execute("DBSIZE") == .integer(0))
            #expect(try await connection.execute("FLUSHALL", "ASYNC") == .ok)
            #expect(try await connection.execute("FLUSHALL", "FOO") == .error("ERR syntax error"))
            #expect(try await connection.execute("DBSIZE", "x") == .error("ERR wrong number of arguments for 'dbsize' command"))
        }
    }

    // MARK: OBJECT

    @Test("OBJECT ENCODING and REFCOUNT report Redis's encodings and shared integers")
    func objectEncodingRefcount() async throws {
        try await withDatabase { db async throws in
            try await db.execute("MSET", "n", "5", "m", "10000", "neg", "-1", "s", "hello",
                                 "r", String(repeating: "x", count: 45))
            #expect(try await db.execute("OBJECT", "ENCODING", "n") == .bulk("int"))
            #expect(try await db.execute("OBJECT", "ENCODING", "s") == .bulk("embstr"))
            #expect(try await db.execute("OBJECT", "ENCODING", "r") == .bulk("raw"))
            #expect(try await db.execute("OBJECT", "ENCODING", "nokey") == .null)
            #expect(try await db.execute("OBJECT", "REFCOUNT", "n") == .integer(2_147_483_647))
            #expect(try await db.execute("OBJECT", "REFCOUNT", "m") == .integer(1))
            #expect(try await db.execute("OBJECT", "REFCOUNT", "neg") == .integer(1))
            #expect(try await db.execute("OBJECT", "REFCOUNT", "s") == .integer(1))
            #expect(try await db.execute("OBJECT", "REFCOUNT", "nokey") == .null)
            // (Policies other than noeviction, which turn sharing off, are refused until eviction exists.)
        }
    }

    @Test("OBJECT IDLETIME works and FREQ is refused under noeviction, with Redis's errors")
    func objectIdleAndFreq() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "s", "v")
            #expect(try await db.execute("OBJECT", "IDLETIME", "s").integerValue! < 10)
            #expect(try await db.execute("OBJECT", "IDLETIME", "nokey") == .null)
            #expect(try await db.execute("OBJECT", "FREQ", "s") == .error(
                "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."))
            // LFU policies (where FREQ answers and IDLETIME is refused) arrive with eviction.
            #expect(throws: ConfigError.self) { try db.engine.configuration.set("maxmemory-policy", "allkeys-lfu") }
        }
    }

    @Test("OBJECT HELP and subcommand errors are Redis's")
    func objectHelp() async throws {
        try await withDatabase { db async throws in
            let help = try await db.execute("OBJECT", "HELP")
            guard case .array(let lines) = help else { Issue.record("OBJECT HELP: \(help)"); return }
            #expect(lines.count == 15)
            #expect(lines.first == .simpleString("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
            #expect(lines[1] == .simpleString("ENCODING <key>"))
            #expect(lines.last == .simpleString("    Prints this help."))
            #expect(try await db.execute("object", "help") == help)
            #expect(try await db.execute("OBJECT", "HELP", "x")
                == .error("ERR wrong number of arguments for 'object|help' command"))
            #expect(try await db.execute("OBJECT") == .error("ERR wrong number of arguments for 'object' command"))
            #expect(try await db.execute("OBJECT", "foo") == .error("ERR unknown subcommand 'foo'. Try OBJECT HELP."))
            #expect(try await db.execute("OBJECT", "ENCODING")
                == .error("ERR wrong number of arguments for 'object|encoding' command"))
            #expect(try await db.execute("OBJECT", "ENCODING", "a", "b")
                == .error("ERR wrong number of arguments for 'object|encoding' command"))
        }
    }

    // MARK: the command table

    @Test("Each key command's row matches COMMAND INFO on Redis 7.0.15")
    func commandRows() {
        // name: arity, flags, first, last, step, categories
        let expected: [(String, Int, [String], Int, Int, Int, [String])] = [
            ("del", -2, ["write"], 1, -1, 1, ["keyspace", "write", "slow"]),
            ("unlink", -2, ["write", "fast"], 1, -1, 1, ["keyspace", "write", "fast"]),
            ("exists", -2, ["readonly", "fast"], 1, -1, 1, ["keyspace", "read", "fast"]),
            ("touch", -2, ["readonly", "fast"], 1, -1, 1, ["keyspace", "read", "fast"]),
            ("type", 2, ["readonly", "fast"], 1, 1, 1, ["keyspace", "read", "fast"]),
            ("expire", -3, ["write", "fast"], 1, 1, 1, ["keyspace", "write", "fast"]),
            ("pexpire", -3, ["write", "fast"], 1, 1, 1, ["keyspace", "write", "fast"]),
            ("expireat", -3, ["write", "fast"], 1, 1, 1, ["keyspace", "write", "fast"]),
            ("pexpireat", -3, ["write", "fast"], 1, 1, 1, ["keyspace", "write", "fast"]),
            ("ttl", 2, ["readonly", "fast"], 1, 1, 1, ["keyspace", "read", "fast"]),
            ("pttl", 2, ["readonly", "fast"], 1, 1, 1, ["keyspace", "read", "fast"]),
            ("expiretime", 2, ["readonly", "fast"], 1, 1, 1, ["keyspace", "read", "fast"]),
            ("pexpiretime", 2, ["readonly", "fast"], 1, 1, 1, ["keyspace", "read", "fast"]),
            ("persist", 2, ["write", "fast"], 1, 1, 1, ["keyspace", "write", "fast"]),
            ("keys", 2, ["readonly"], 0, 0, 0, ["keyspace", "read", "slow", "dangerous"]),
            ("scan", -2, ["readonly"], 0, 0, 0, ["keyspace", "read", "slow"]),
            ("randomkey", 1, ["readonly"], 0, 0, 0, ["keyspace", "read", "slow"]),
            ("rename", 3, ["write"], 1, 2, 1, ["keyspace", "write", "slow"]),
            ("renamenx", 3, ["write", "fast"], 1, 2, 1, ["keyspace", "write", "fast"]),
            ("copy", -3, ["write", "denyoom"], 1, 2, 1, ["keyspace", "write", "slow"]),
            ("move", 3, ["write", "fast"], 1, 1, 1, ["keyspace", "write", "fast"]),
            ("swapdb", 3, ["write", "fast"], 0, 0, 0, ["keyspace", "write", "fast", "dangerous"]),
            ("dbsize", 1, ["readonly", "fast"], 0, 0, 0, ["keyspace", "read", "fast"]),
            ("flushdb", -1, ["write"], 0, 0, 0, ["keyspace", "write", "slow", "dangerous"]),
            ("flushall", -1, ["write"], 0, 0, 0, ["keyspace", "write", "slow", "dangerous"]),
            ("object", -2, [], 0, 0, 0, ["slow"]),
            ("object|encoding", 3, ["readonly"], 2, 2, 1, ["keyspace", "read", "slow"]),
            ("object|freq", 3, ["readonly"], 2, 2, 1, ["keyspace", "read", "slow"]),
            ("object|idletime", 3, ["readonly"], 2, 2, 1, ["keyspace", "read", "slow"]),
            ("object|refcount", 3, ["readonly"], 2, 2, 1, ["keyspace", "read", "slow"]),
            ("object|help", 2, ["loading", "stale"], 0, 0, 0, ["keyspace", "slow"]),
        ]
        let table = CommandTable.standard
        for (name, arity, flags, first, last, step, categories) in expected {
            guard let spec = table.all.first(where: { $0.fullName == name }) else {
                Issue.record("\(name) missing from the command table")
                continue
            }
            #expect(spec.arity == arity, "\(name) arity")
            #expect(CommandFlags.names.filter { spec.flags.contains($0.0) }.map(\.1) == flags, "\(name) flags")
            #expect(spec.firstKey == first && spec.lastKey == last && spec.keyStep == step, "\(name) keys")
            #expect(spec.categories == categories, "\(name) categories")
            #expect(!spec.summary.isEmpty && !spec.complexity.isEmpty, "\(name) docs")
        }
        let scopes: [String: CommandScope] = ["keys": .allShards, "randomkey": .allShards, "dbsize": .allShards,
                                              "swapdb": .allShards, "flushdb": .allShards, "flushall": .allShards,
                                              "scan": .allShards, "rename": .keys, "copy": .keys]
        for (name, scope) in scopes {
            #expect(table.all.first { $0.fullName == name }?.scope == scope, "\(name) scope")
        }
    }
}

// MARK: - helpers shared by the key and expiry tests

extension Database {
    @discardableResult
    func run(_ arguments: [String]) async throws -> RESPValue {
        try await execute(arguments.map { Array($0.utf8) })
    }

    /// Two short keys owned by different shards.
    func keysOnDistinctShards() -> (String, String) {
        let first = "a"
        let firstShard = shard(of: first)
        for index in 0..<1000 where shard(of: "b\(index)") != firstShard { return (first, "b\(index)") }
        preconditionFailure("no key on another shard")
    }

    func shard(of key: String) -> Int {
        Array(key.utf8).withUnsafeBytes { engine.shardIndex(forKey: $0) }
    }

    /// KEYS, sorted.
    func keys(_ pattern: String) async throws -> [String] {
        guard case .array(let items) = try await run(["KEYS", pattern]) else { return ["<not an array>"] }
        return items.compactMap(\.string).sorted()
    }

    /// A whole SCAN from cursor 0 with `options`, calling `between` after each call.
    func scanAll(_ options: [String], between: (Int) async throws -> Void = { _ in }) async throws -> [String] {
        var seen: [String] = []
        var cursor = "0"
        var calls = 0
        repeat {
            let reply = try await run(["SCAN", cursor] + options)
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].string,
                  case .array(let keys) = parts[1] else {
                Issue.record("SCAN reply \(reply)")
                return seen
            }
            seen += keys.compactMap(\.string)
            cursor = next
            calls += 1
            try await between(calls)
        } while cursor != "0" && calls < 1_000_000
        return seen
    }

    /// Runs `body` on shard `index`'s loop, where its data may be read.
    func onShard<T: Sendable>(_ index: Int, _ body: @escaping @Sendable (ShardStore) -> T) async throws -> T {
        let store = engine.stores[index]
        return try await engine.loops[index].submit { body(store) }.get()
    }

    /// The sum of every shard's dirty counter.
    func dirty() async throws -> Int {
        var total = 0
        for shard in 0..<engine.shardCount { total += try await onShard(shard) { $0.stats.dirty } }
        return total
    }

    func bucketCounts(db: Int = 0) async throws -> [Int] {
        var counts: [Int] = []
        for shard in 0..<engine.shardCount { counts.append(try await onShard(shard) { $0.databases[db].bucketCount }) }
        return counts
    }

    func volatileCounts(db: Int = 0) async throws -> [Int] {
        var counts: [Int] = []
        for shard in 0..<engine.shardCount { counts.append(try await onShard(shard) { $0.databases[db].volatileCount }) }
        return counts
    }

    func keyCounts(db: Int = 0) async throws -> [Int] {
        var counts: [Int] = []
        for shard in 0..<engine.shardCount { counts.append(try await onShard(shard) { $0.databases[db].count }) }
        return counts
    }

    /// The external value pointer of `key` (a raw string's buffer), to tell a move from a copy.
    func payload(of key: String, db: Int = 0) async throws -> UInt64? {
        let bytes = Array(key.utf8)
        return try await onShard(shard(of: key)) { store in bytes.withUnsafeBytes { store.databases[db].find($0)?.payload } }
    }

    /// Makes `key` look last accessed `secondsAgo` seconds ago.
    func setLRU(_ key: String, secondsAgo: UInt32, db: Int = 0) async throws {
        let bytes = Array(key.utf8)
        try await onShard(shard(of: key)) { store in
            bytes.withUnsafeBytes { key in
                if let entry = store.databases[db].find(key) { entry.lru = Clock.lruSeconds() - secondsAgo }
            }
        }
    }

    func expiredKeys() async throws -> Int {
        var total = 0
        for shard in 0..<engine.shardCount { total += try await onShard(shard) { $0.stats.expiredKeys } }
        return total
    }

    func setActiveExpire(_ enabled: Bool) async throws {
        for shard in 0..<engine.shardCount { try await onShard(shard) { $0.activeExpireEnabled = enabled } }
    }
}
