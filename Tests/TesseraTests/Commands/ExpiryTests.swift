import RESP
import Testing
@testable import Tessera

@Suite("Expiry", .serialized)
struct ExpiryTests {
    static let nxAndXX = RESPValue.error("ERR NX and XX, GT or LT options at the same time are not compatible")
    static let gtAndLt = RESPValue.error("ERR GT and LT options at the same time are not compatible")

    func ttl(_ db: Database, _ key: String, _ command: String = "TTL") async throws -> Int64 {
        try await db.run([command, key]).integerValue ?? Int64.min
    }

    func nowSeconds() -> Int64 { Clock.milliseconds() / 1000 }

    // MARK: setting deadlines

    @Test("EXPIRE and PEXPIRE set relative deadlines; EXPIREAT and PEXPIREAT absolute ones")
    func settingDeadlines() async throws {
        try await withDatabase { db async throws in
            try await db.execute("MSET", "a", "1", "b", "2", "c", "3", "d", "4")
            #expect(try await db.execute("EXPIRE", "a", "100") == .integer(1))
            #expect((90...100).contains(try await ttl(db, "a")))
            #expect((90_000...100_000).contains(try await ttl(db, "a", "PTTL")))
            #expect(try await db.execute("PEXPIRE", "b", "50000") == .integer(1))
            #expect((40_000...50_000).contains(try await ttl(db, "b", "PTTL")))
            let at = nowSeconds() + 1000
            #expect(try await db.run(["EXPIREAT", "c", String(at)]) == .integer(1))
            #expect(try await db.execute("EXPIRETIME", "c") == .integer(at))
            #expect(try await db.execute("PEXPIRETIME", "c") == .integer(at * 1000))
            #expect(try await db.run(["PEXPIREAT", "d", String(at * 1000 + 999)]) == .integer(1))
            #expect(try await db.execute("PEXPIRETIME", "d") == .integer(at * 1000 + 999))
            // EXPIRETIME rounds the millisecond deadline to the nearest second.
            #expect(try await db.execute("EXPIRETIME", "d") == .integer(at + 1))
            #expect(try await db.run(["PEXPIREAT", "d", String(at * 1000 + 499)]) == .integer(1))
            #expect(try await db.execute("EXPIRETIME", "d") == .integer(at))
        }
    }

    @Test("The EXPIRE family replies 0 for a missing key")
    func missingKey() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("EXPIRE", "nokey", "100") == .integer(0))
            #expect(try await db.execute("PEXPIRE", "nokey", "100") == .integer(0))
            #expect(try await db.execute("EXPIREAT", "nokey", "99999999999") == .integer(0))
            #expect(try await db.execute("PEXPIREAT", "nokey", "99999999999") == .integer(0))
            #expect(try await db.execute("EXPIRE", "nokey", "-1") == .integer(0))
            #expect(try await db.execute("DBSIZE") == .integer(0))
        }
    }

    @Test("A deadline already reached deletes the key, replies 1 and counts one change, not an expiry")
    func pastDeadlines() async throws {
        try await withDatabase { db async throws in
            let cases: [(String, String)] = [("EXPIRE", "0"), ("EXPIRE", "-10"), ("PEXPIRE", "-1"), ("EXPIREAT", "1"),
                                             ("PEXPIREAT", "1000"), ("EXPIRE", "-9223372036854775"),
                                             ("PEXPIREAT", "-1"), ("PEXPIRE", "-9223372036854775808")]
            for (command, time) in cases {
                try await db.execute("SET", "k", "v")
                let dirty = try await db.dirty()
                #expect(try await db.run([command, "k", time]) == .integer(1), "\(command) \(time)")
                #expect(try await db.execute("EXISTS", "k") == .integer(0), "\(command) \(time)")
                #expect(try await db.dirty() == dirty + 1, "\(command) \(time)")
            }
            #expect(try await db.expiredKeys() == 0)
        }
    }

    @Test("Times that overflow are rejected with the command's name; the TTL is unchanged")
    func overflow() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v")
            let cases: [(String, String)] = [
                ("EXPIRE", "9223372036854775"), ("EXPIRE", "9223372036854775807"), ("EXPIRE", "-9223372036854775808"),
                ("PEXPIRE", "9223372036854775807"), ("PEXPIRE", "9223372036854775000"),
                ("EXPIREAT", "9223372036854776"), ("EXPIREAT", "-9223372036854776"),
            ]
            for (command, time) in cases {
                #expect(try await db.run([command, "k", time])
                    == .error("ERR invalid expire time in '\(command.lowercased())' command"), "\(command) \(time)")
            }
            #expect(try await db.execute("TTL", "k") == .integer(-1))
            // Large absolute deadlines that fit are accepted.
            #expect(try await db.execute("PEXPIREAT", "k", "9223372036854775807") == .integer(1))
            #expect(try await db.execute("PEXPIRETIME", "k") == .integer(9_223_372_036_854_775_807))
            #expect(try await db.execute("EXPIRETIME", "k") == .integer(9_223_372_036_854_776))
            #expect(try await db.execute("EXPIREAT", "k", "9223372036854775") == .integer(1))
            #expect(try await db.execute("EXPIRETIME", "k") == .integer(9_223_372_036_854_775))
        }
    }

    @Test("A time that is not an integer is rejected")
    func notAnInteger() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v")
            for command in ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"] {
                for time in ["abc", "1.5", "", " 1", "+1", "01"] {
                    #expect(try await db.run([command, "k", time]) == .error("ERR value is not an integer or out of range"))
                }
            }
            #expect(try await db.execute("TTL", "k") == .integer(-1))
        }
    }

    // MARK: NX XX GT LT

    @Test("NX sets only without a deadline, XX only with one")
    func nxAndXx() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v")
            #expect(try await db.execute("EXPIRE", "k", "100", "XX") == .integer(0))
            #expect(try await db.execute("TTL", "k") == .integer(-1))
            #expect(try await db.execute("EXPIRE", "k", "100", "NX") == .integer(1))
            #expect(try await db.execute("EXPIRE", "k", "200", "nx") == .integer(0))
            #expect((90...100).contains(try await ttl(db, "k")))
            #expect(try await db.execute("EXPIRE", "k", "200", "XX") == .integer(1))
            #expect((190...200).contains(try await ttl(db, "k")))
            #expect(try await db.execute("PEXPIRE", "k", "300000", "xx") == .integer(1))
            #expect((290...300).contains(try await ttl(db, "k")))
        }
    }

    @Test("GT treats a persistent key as an infinite TTL; LT sets a deadline on it")
    func gtLtOnPersistentKeys() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v")
            #expect(try await db.execute("EXPIRE", "k", "100", "GT") == .integer(0))
            #expect(try await db.execute("TTL", "k") == .integer(-1))
            #expect(try await db.execute("EXPIRE", "k", "100", "LT") == .integer(1))
            #expect((90...100).contains(try await ttl(db, "k")))
            // A past time with LT on a persistent key deletes it.
            try await db.execute("SET", "p", "v")
            #expect(try await db.execute("EXPIRE", "p", "-1", "LT") == .integer(1))
            #expect(try await db.execute("EXISTS", "p") == .integer(0))
        }
    }

    @Test("GT and LT compare with the current deadline, alone or with XX")
    func gtLtOnVolatileKeys() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v", "EX", "100")
            #expect(try await db.execute("EXPIRE", "k", "50", "GT") == .integer(0))
            #expect(try await db.execute("PEXPIREAT", "k", "1", "GT") == .integer(0))
            #expect(try await db.execute("EXPIRE", "k", "200", "GT") == .integer(1))
            #expect(try await db.execute("EXPIRE", "k", "300", "LT") == .integer(0))
            #expect(try await db.execute("EXPIRE", "k", "150", "lt") == .integer(1))
            #expect((140...150).contains(try await ttl(db, "k")))
            #expect(try await db.execute("PEXPIRE", "k", "500000", "XX", "GT") == .integer(1))
            #expect(try await db.execute("PEXPIRE", "k", "100", "XX", "GT") == .integer(0))
            #expect(try await db.execute("PEXPIRE", "k", "100", "XX", "LT") == .integer(1))
            #expect(try await db.execute("EXPIRE", "k", "200", "GT", "GT") == .integer(1))
            #expect(try await db.execute("EXPIRE", "k", "300", "XX", "GT", "xx") == .integer(1))
            // A past time: GT never applies it, LT deletes the key.
            #expect(try await db.execute("EXPIRE", "k", "-1", "GT") == .integer(0))
            #expect(try await db.execute("EXISTS", "k") == .integer(1))
            #expect(try await db.execute("EXPIRE", "k", "-1", "LT") == .integer(1))
            #expect(try await db.execute("EXISTS", "k") == .integer(0))
        }
    }

    @Test("Incompatible and unknown options are rejected before the time is read")
    func optionErrors() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v")
            #expect(try await db.execute("EXPIRE", "k", "10", "NX", "XX") == Self.nxAndXX)
            #expect(try await db.execute("EXPIRE", "k", "10", "NX", "GT") == Self.nxAndXX)
            #expect(try await db.execute("PEXPIRE", "k", "10", "LT", "NX") == Self.nxAndXX)
            #expect(try await db.execute("EXPIRE", "k", "10", "LT", "GT", "NX") == Self.nxAndXX)
            #expect(try await db.execute("EXPIREAT", "k", "10", "GT", "LT") == Self.gtAndLt)
            #expect(try await db.execute("PEXPIREAT", "k", "10", "XX", "LT", "GT") == Self.gtAndLt)
            #expect(try await db.execute("EXPIRE", "k", "10", "FOO") == .error("ERR Unsupported option FOO"))
            #expect(try await db.execute("EXPIRE", "k", "10", "nx", "bar") == .error("ERR Unsupported option bar"))
            #expect(try await db.execute("EXPIRE", "k", "10", "a\r\nb") == .error("ERR Unsupported option a  b"))
            // Options first: a bad time with a bad option reports the option, on any key.
            #expect(try await db.execute("EXPIRE", "k", "abc", "FOO") == .error("ERR Unsupported option FOO"))
            #expect(try await db.execute("EXPIRE", "nokey", "abc", "NX", "XX") == Self.nxAndXX)
            #expect(try await db.execute("EXPIRE", "nokey", "abc")
                == .error("ERR value is not an integer or out of range"))
            #expect(try await db.execute("TTL", "k") == .integer(-1))
        }
    }

    // MARK: TTL family and PERSIST

    @Test("TTL, PTTL, EXPIRETIME and PEXPIRETIME: -2 for a missing key, -1 without a deadline")
    func ttlOfMissingAndPersistentKeys() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v")
            for command in ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"] {
                #expect(try await db.run([command, "nokey"]) == .integer(-2))
                #expect(try await db.run([command, "k"]) == .integer(-1))
                #expect(try await db.run([command]) == .error("ERR wrong number of arguments for '\(command.lowercased())' command"))
                #expect(try await db.run([command, "a", "b"])
                    == .error("ERR wrong number of arguments for '\(command.lowercased())' command"))
            }
        }
    }

    @Test("TTL rounds to the nearest second")
    func ttlRounding() async throws {
        try await withDatabase { db async throws in
            // Between two PTTL readings, TTL is the rounded seconds of a time in between.
            for px in ["2700", "2200", "100500", "100499"] {
                try await db.execute("SET", "k", "v", "PX", px)
                let before = try await ttl(db, "k", "PTTL")
                let seconds = try await ttl(db, "k")
                let after = try await ttl(db, "k", "PTTL")
                #expect((after + 500) / 1000 <= seconds && seconds <= (before + 500) / 1000, "PX \(px)")
            }
            try await db.execute("SET", "k", "v", "PX", "2700")
            let seconds = try await ttl(db, "k")
            #expect(seconds == 3 || seconds == 2)
        }
    }

    @Test("PERSIST removes a deadline and reports whether there was one")
    func persist() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v", "EX", "100")
            #expect(try await db.volatileCounts().reduce(0, +) == 1)
            #expect(try await db.execute("PERSIST", "k") == .integer(1))
            #expect(try await db.execute("TTL", "k") == .integer(-1))
            #expect(try await db.volatileCounts().reduce(0, +) == 0)
            #expect(try await db.execute("PERSIST", "k") == .integer(0))
            #expect(try await db.execute("PERSIST", "nokey") == .integer(0))
            #expect(try await db.execute("PERSIST") == .error("ERR wrong number of arguments for 'persist' command"))
            #expect(try await db.execute("GET", "k") == .bulk("v"))
        }
    }

    @Test("SET without KEEPTTL drops the deadline; DEL and recreate has none")
    func overwritesDropTheDeadline() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "k", "v", "EX", "100")
            try await db.execute("SET", "k", "w")
            #expect(try await db.execute("TTL", "k") == .integer(-1))
            try await db.execute("SET", "k", "v", "EX", "100")
            try await db.execute("SET", "k", "w", "KEEPTTL")
            #expect((90...100).contains(try await ttl(db, "k")))
            try await db.execute("DEL", "k")
            try await db.execute("SET", "k", "v")
            #expect(try await db.execute("TTL", "k") == .integer(-1))
        }
    }

    // MARK: lazy and active expiry

    @Test("Expired keys are invisible to EXISTS, TYPE, TTL, KEYS, SCAN and RANDOMKEY; DBSIZE counts them until reaped")
    func expiredKeysAreInvisible() async throws {
        try await withDatabase { db async throws in
            try await db.setActiveExpire(false)
            let (a, b) = db.keysOnDistinctShards()
            try await db.run(["MSET", a, "1", b, "2", "c", "3"])
            try await db.run(["PEXPIRE", a, "30"])
            try await db.run(["PEXPIRE", b, "30"])
            try await Task.sleep(for: .milliseconds(80))
            // DBSIZE is the table size, as Redis's dictSize: expired keys count until reaped.
            #expect(try await db.execute("DBSIZE") == .integer(3))
            #expect(try await db.keys("*") == ["c"])
            #expect(try await db.execute("DBSIZE") == .integer(3))
            #expect(try await db.scanAll(["COUNT", "100"]) == ["c"])
            // SCAN reaped the two it met.
            #expect(try await db.execute("DBSIZE") == .integer(1))
            #expect(try await db.expiredKeys() == 2)

            try await db.run(["MSET", a, "1", b, "2"])
            try await db.run(["PEXPIRE", a, "30"])
            try await db.run(["PEXPIRE", b, "30"])
            try await Task.sleep(for: .milliseconds(80))
            #expect(try await db.run(["EXISTS", a, b, "c"]) == .integer(1))
            #expect(try await db.run(["TYPE", a]) == .simpleString("none"))
            #expect(try await db.run(["TTL", b]) == .integer(-2))
            #expect(try await db.expiredKeys() == 4)
            #expect(try await db.execute("DBSIZE") == .integer(1))

            try await db.run(["SET", a, "1", "PX", "30"])
            try await Task.sleep(for: .milliseconds(80))
            for _ in 0..<20 { #expect(try await db.execute("RANDOMKEY") == .bulk("c")) }
            try await db.run(["SET", b, "1", "PX", "30"])
            try await db.execute("DEL", "c")
            try await Task.sleep(for: .milliseconds(80))
            #expect(try await db.execute("RANDOMKEY") == .null)
            #expect(try await db.execute("DBSIZE") == .integer(0))
            #expect(try await db.expiredKeys() == 6)
        }
    }

    @Test("Writes and moves treat an expired key as missing")
    func writesSeeExpiredKeysAsMissing() async throws {
        try await withDatabase { db async throws in
            try await db.setActiveExpire(false)
            try await db.execute("SET", "k", "old", "PX", "30")
            try await db.execute("SET", "m", "old", "PX", "30")
            try await db.execute("SET", "dst", "old", "PX", "30")
            try await Task.sleep(for: .milliseconds(80))
            #expect(try await db.execute("SET", "k", "new", "NX") == .ok)
            #expect(try await db.execute("TTL", "k") == .integer(-1))
            #expect(try await db.execute("RENAME", "m", "z") == .error("ERR no such key"))
            #expect(try await db.execute("COPY", "m", "z") == .integer(0))
            #expect(try await db.execute("MOVE", "m", "1") == .integer(0))
            #expect(try await db.execute("EXPIRE", "m", "100") == .integer(0))
            #expect(try await db.execute("PERSIST", "m") == .integer(0))
            #expect(try await db.execute("RENAMENX", "k", "dst") == .integer(1))
            #expect(try await db.execute("GET", "dst") == .bulk("new"))
        }
    }

    @Test("Active expiry removes 1000 keys nobody reads from every shard")
    func activeExpiry() async throws {
        try await withDatabase { db async throws in
            try await db.execute("SET", "persistent", "v")
            try await db.execute("SET", "later", "v", "EX", "1000")
            for index in 0..<1000 {
                try await db.run(["SET", "temp:\(index)", "v", "PX", "50"])
            }
            // Both shards hold some of them.
            #expect(Set((0..<1000).map { db.shard(of: "temp:\($0)") }).count == 2)
            // hz 10: a cycle every 100 ms; 1.5 s is plenty, but allow a slow machine some slack.
            try await Task.sleep(for: .milliseconds(1500))
            var counts = try await db.keyCounts()
            for _ in 0..<30 where counts.reduce(0, +) > 2 {
                try await Task.sleep(for: .milliseconds(100))
                counts = try await db.keyCounts()
            }
            #expect(counts.reduce(0, +) == 2)
            #expect(try await db.volatileCounts().reduce(0, +) == 1)
            #expect(try await db.expiredKeys() == 1000)
            #expect(try await db.execute("DBSIZE") == .integer(2))
            #expect(try await db.execute("GET", "persistent") == .bulk("v"))
            #expect(try await db.execute("TTL", "later").integerValue! > 990)
        }
    }

    @Test("Active expiry works in every database")
    func activeExpiryInOtherDatabases() async throws {
        try await withDatabase { db async throws in
            let connection = db.connection()
            try await connection.execute("SELECT", "5")
            for index in 0..<100 { try await connection.execute(["SET", "t\(index)", "v", "PX", "30"].map { Array($0.utf8) }) }
            #expect(try await db.keyCounts(db: 0).reduce(0, +) == 0)
            var remaining = 100
            for _ in 0..<30 where remaining > 0 {
                try await Task.sleep(for: .milliseconds(100))
                remaining = try await db.keyCounts(db: 5).reduce(0, +)
            }
            #expect(remaining == 0)
            #expect(try await connection.execute("DBSIZE") == .integer(0))
        }
    }

    @Test("A key read after its deadline is reaped lazily and counted as expired")
    func lazyExpiry() async throws {
        try await withDatabase { db async throws in
            try await db.setActiveExpire(false)
            try await db.execute("SET", "k", "v", "PX", "30")
            try await db.execute("SET", "keep", "v")
            try await Task.sleep(for: .milliseconds(80))
            #expect(try await db.keyCounts().reduce(0, +) == 2)
            #expect(try await db.execute("GET", "k") == .null)
            #expect(try await db.keyCounts().reduce(0, +) == 1)
            #expect(try await db.volatileCounts().reduce(0, +) == 0)
            #expect(try await db.expiredKeys() == 1)
            #expect(try await db.execute("GET", "keep") == .bulk("v"))
        }
    }
}
