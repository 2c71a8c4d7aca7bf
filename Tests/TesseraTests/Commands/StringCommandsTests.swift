#if canImport(Glibc)
import Glibc
#endif
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

// MARK: - helpers

/// What the table holds for a key, read on its shard's loop.
struct KeyState: Sendable, Equatable {
    var encoding: ValueEncoding
    var expireAt: Int64?
}

func keyState(_ db: Database, _ key: String) async throws -> KeyState? {
    let engine = db.engine
    let bytes = Array(key.utf8)
    let shard = bytes.withUnsafeBytes { engine.shardIndex(forKey: $0) }
    return try await engine.loops[shard].submit {
        bytes.withUnsafeBytes { key in
            engine.stores[shard].databases[0].find(key).map { KeyState(encoding: $0.encoding, expireAt: $0.expireAt) }
        }
    }.get()
}

/// The dirty counter summed over shards (each read on its own loop).
func dirtyCount(_ db: Database) async throws -> Int {
    var total = 0
    for shard in 0..<db.engine.shardCount {
        let engine = db.engine
        total += try await engine.loops[shard].submit { engine.stores[shard].stats.dirty }.get()
    }
    return total
}

func shardOf(_ db: Database, _ key: String) -> Int {
    Array(key.utf8).withUnsafeBytes { db.engine.shardIndex(forKey: $0) }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

let notInteger = RESPValue.error("ERR value is not an integer or out of range")
let notFloat = RESPValue.error("ERR value is not a valid float")
let overflow = RESPValue.error("ERR increment or decrement would overflow")
let tooLong = RESPValue.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)")

@Suite("String commands: SET variants, GETSET, GETDEL, GETEX, MSETNX")
struct StringSetVariantTests {
    @Test("SET GET replies the old value and refuses a non-string key without writing")
    func setGet() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "old") == .ok)
            #expect(try await db.execute("SET", "k", "new", "GET") == .bulk("old"))
            #expect(try await db.execute("SET", "missing", "v", "XX", "GET") == .null)
            #expect(try await db.execute("GET", "missing") == .null)
            #expect(try await db.execute("SET", "k", "x", "EX", "10", "EX", "20") == .ok)
            #expect(try await db.execute("SET", "k", "x", "EX", "10", "PX", "20") == .error("ERR syntax error"))
            #expect(try await db.execute("SET", "k", "x", "EX") == .error("ERR syntax error"))
        }
    }

    @Test("SETNX sets a missing key only and replies 1 or 0")
    func setnx() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SETNX", "k", "1") == .integer(1))
            #expect(try await db.execute("SETNX", "k", "2") == .integer(0))
            #expect(try await db.execute("GET", "k") == .bulk("1"))
            #expect(try await keyState(db, "k")?.encoding == .int)
            #expect(try await db.execute("SETNX", "k") == .error("ERR wrong number of arguments for 'setnx' command"))
        }
    }

    @Test("SETEX and PSETEX store the value with a deadline")
    func setexPsetex() async throws {
        try await withDatabase { db async throws in
            let before = Clock.milliseconds()
            #expect(try await db.execute("SETEX", "s", "100", "v") == .ok)
            #expect(try await db.execute("PSETEX", "p", "5000", "w") == .ok)
            #expect(try await db.execute("GET", "s") == .bulk("v"))
            #expect(try await db.execute("GET", "p") == .bulk("w"))
            let s = try #require(try await keyState(db, "s")?.expireAt)
            let p = try #require(try await keyState(db, "p")?.expireAt)
            #expect(s >= before + 100_000 && s <= Clock.milliseconds() + 100_000)
            #expect(p >= before + 5000 && p <= Clock.milliseconds() + 5000)
        }
    }

    @Test("SETEX and PSETEX reject bad expire times with the command's name")
    func setexErrors() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SETEX", "s", "0", "v") == .error("ERR invalid expire time in 'setex' command"))
            #expect(try await db.execute("SETEX", "s", "-5", "v") == .error("ERR invalid expire time in 'setex' command"))
            #expect(try await db.execute("SETEX", "s", "9223372036854775807", "v")
                == .error("ERR invalid expire time in 'setex' command"))
            #expect(try await db.execute("PSETEX", "s", "0", "v") == .error("ERR invalid expire time in 'psetex' command"))
            #expect(try await db.execute("PSETEX", "s", "9223372036854775807", "v")
                == .error("ERR invalid expire time in 'psetex' command"))
            #expect(try await db.execute("SETEX", "s", "abc", "v") == notInteger)
            #expect(try await db.execute("PSETEX", "s", "1.5", "v") == notInteger)
            #expect(try await db.execute("GET", "s") == .null)
        }
    }

    @Test("GETSET returns the old value, stores the new one and clears the TTL")
    func getset() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("GETSET", "k", "a") == .null)
            #expect(try await db.execute("SETEX", "k", "100", "b") == .ok)
            #expect(try await db.execute("GETSET", "k", "c") == .bulk("b"))
            #expect(try await db.execute("GET", "k") == .bulk("c"))
            #expect(try await keyState(db, "k")?.expireAt == nil)
        }
    }

    @Test("GETDEL returns the value and deletes the key")
    func getdel() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "12") == .ok)
            #expect(try await db.execute("GETDEL", "k") == .bulk("12"))
            #expect(try await db.execute("GETDEL", "k") == .null)
            #expect(try await keyState(db, "k") == nil)
        }
    }

    @Test("GETEX sets, keeps or removes the TTL and replies the value")
    func getex() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.execute("GETEX", "k") == .bulk("v"))
            #expect(try await keyState(db, "k")?.expireAt == nil)
            #expect(try await db.execute("GETEX", "k", "EX", "100") == .bulk("v"))
            let deadline = try #require(try await keyState(db, "k")?.expireAt)
            #expect(deadline > Clock.milliseconds() + 90_000)
            #expect(try await db.execute("GETEX", "k", "PXAT", "99999999999999") == .bulk("v"))
            #expect(try await keyState(db, "k")?.expireAt == 99_999_999_999_999)
            #expect(try await db.execute("GETEX", "k", "EXAT", "99999999999") == .bulk("v"))
            #expect(try await keyState(db, "k")?.expireAt == 99_999_999_999_000)
            #expect(try await db.execute("GETEX", "k", "PERSIST") == .bulk("v"))
            #expect(try await keyState(db, "k")?.expireAt == nil)
            #expect(try await db.execute("GETEX", "k", "PX", "100000") == .bulk("v"))
            #expect(try await keyState(db, "k")?.expireAt != nil)
        }
    }

    @Test("GETEX with EXAT or PXAT in the past deletes the key after replying")
    func getexPast() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.execute("GETEX", "k", "EXAT", "1") == .bulk("v"))
            #expect(try await db.execute("GET", "k") == .null)
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.execute("GETEX", "k", "PXAT", "1000") == .bulk("v"))
            #expect(try await keyState(db, "k") == nil)
        }
    }

    @Test("GETEX checks the syntax first, then the key, then the expire time")
    func getexErrors() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v") == .ok)
            for options in [["KEEPTTL"], ["NX"], ["GET"], ["EX"], ["EX", "10", "PERSIST"], ["PERSIST", "EX", "10"],
                            ["EX", "10", "PX", "10"], ["FOO"]] {
                #expect(try await db.execute((["GETEX", "k"] + options).map(bytes)) == .error("ERR syntax error"))
            }
            #expect(try await db.execute("GETEX", "k", "EX", "0") == .error("ERR invalid expire time in 'getex' command"))
            #expect(try await db.execute("GETEX", "k", "EX", "9223372036854775807")
                == .error("ERR invalid expire time in 'getex' command"))
            #expect(try await db.execute("GETEX", "k", "EX", "abc") == notInteger)
            #expect(try await db.execute("GETEX", "missing", "EX", "-1") == .null)
            #expect(try await db.execute("GETEX", "missing", "FOO") == .error("ERR syntax error"))
            #expect(try await db.execute("GETEX", "k", "PERSIST", "PERSIST") == .bulk("v"))
            #expect(try await keyState(db, "k")?.expireAt == nil)
        }
    }

    @Test("MSETNX sets every key or none")
    func msetnx() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("MSETNX", "a", "1", "b", "2", "c", "3") == .integer(1))
            #expect(try await db.execute("MGET", "a", "b", "c") == .array([.bulk("1"), .bulk("2"), .bulk("3")]))
            #expect(try await db.execute("MSETNX", "d", "4", "a", "9") == .integer(0))
            #expect(try await db.execute("MGET", "a", "d") == .array([.bulk("1"), .null]))
            #expect(try await db.execute("MSETNX", "x", "1", "x", "2") == .integer(1))
            #expect(try await db.execute("GET", "x") == .bulk("2"))
            #expect(try await db.execute("MSETNX", "d", "4", "e")
                == .error("ERR wrong number of arguments for 'msetnx' command"))
            #expect(try await db.execute("MSETNX", "d") == .error("ERR wrong number of arguments for 'msetnx' command"))
        }
    }

    @Test("MSETNX across shards is all or nothing")
    func msetnxCrossShard() async throws {
        try await withDatabase { db async throws in
            // "a" and "b" hash to slots 15495 and 3300: different shards of two.
            #expect(shardOf(db, "a") != shardOf(db, "b"))
            #expect(try await db.execute("SET", "b", "taken") == .ok)
            #expect(try await db.execute("MSETNX", "a", "1", "b", "2") == .integer(0))
            #expect(try await db.execute("GET", "a") == .null)
            #expect(try await db.execute("GET", "b") == .bulk("taken"))
            #expect(try await db.execute("MSETNX", "a", "1", "c", "3") == .integer(1))
            #expect(try await db.execute("MGET", "a", "c") == .array([.bulk("1"), .bulk("3")]))
        }
    }

    @Test("Concurrent MSETNX over keys on both shards: exactly one wins, entirely")
    func msetnxConcurrent() async throws {
        try await withDatabase { db async throws in
            let keys = ["a", "b", "c", "d", "e"]
            #expect(Set(keys.map { shardOf(db, $0) }).count == 2)
            let results = try await withThrowingTaskGroup(of: (Int, RESPValue).self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        var arguments = ["MSETNX"]
                        for key in keys { arguments += [key, "w\(writer)"] }
                        return (writer, try await db.execute(arguments.map(bytes)))
                    }
                }
                var collected: [(Int, RESPValue)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            let winners = results.filter { $0.1 == .integer(1) }.map(\.0)
            #expect(winners.count == 1)
            #expect(results.allSatisfy { $0.1 == .integer(1) || $0.1 == .integer(0) })
            let values = try await db.execute((["MGET"] + keys).map(bytes))
            #expect(values == .array(Array(repeating: .bulk("w\(winners.first ?? -1)"), count: keys.count)))
        }
    }
}

@Suite("String commands: counters")
struct StringCounterTests {
    @Test("INCR, DECR, INCRBY and DECRBY count from 0 on a missing key")
    func basics() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("INCR", "n") == .integer(1))
            #expect(try await db.execute("INCRBY", "n", "41") == .integer(42))
            #expect(try await db.execute("DECR", "n") == .integer(41))
            #expect(try await db.execute("DECRBY", "n", "50") == .integer(-9))
            #expect(try await db.execute("DECR", "m") == .integer(-1))
            #expect(try await db.execute("DECRBY", "o", "-5") == .integer(5))
            #expect(try await db.execute("GET", "n") == .bulk("-9"))
        }
    }

    @Test("INCR fails against a key holding a non-integer")
    func nonInteger() async throws {
        try await withDatabase { db async throws in
            for value in ["hello", " 1", "1 ", "007", "-0", "1.5", "+1", "", "99999999999999999999"] {
                #expect(try await db.execute("SET", "k", value) == .ok)
                #expect(try await db.execute("INCR", "k") == notInteger)
                #expect(try await db.execute("DECRBY", "k", "1") == notInteger)
                #expect(try await db.execute("GET", "k") == .bulk(value))
            }
        }
    }

    @Test("INCRBY and DECRBY reject a non-integer increment before looking at the key")
    func badIncrement() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "text") == .ok)
            for increment in ["abc", "1.5", " 1", "+1", "9223372036854775808", ""] {
                #expect(try await db.execute("INCRBY", "k", increment) == notInteger)
                #expect(try await db.execute("DECRBY", "k", increment) == notInteger)
            }
        }
    }

    @Test("Counters refuse to overflow and leave the value unchanged")
    func overflowChecks() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "max", "9223372036854775807") == .ok)
            #expect(try await db.execute("INCR", "max") == overflow)
            #expect(try await db.execute("INCRBY", "max", "0") == .integer(Int64.max))
            #expect(try await db.execute("DECRBY", "max", "-1") == overflow)
            #expect(try await db.execute("SET", "min", "-9223372036854775808") == .ok)
            #expect(try await db.execute("DECR", "min") == overflow)
            #expect(try await db.execute("INCRBY", "min", "-1") == overflow)
            #expect(try await db.execute("INCRBY", "min", "9223372036854775807") == .integer(-1))
            #expect(try await db.execute("GET", "max") == .bulk("9223372036854775807"))
        }
    }

    @Test("DECRBY of -9223372036854775808 fails: its negation would overflow")
    func decrbyMinimum() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("DECRBY", "k", "-9223372036854775808") == .error("ERR decrement would overflow"))
            #expect(try await db.execute("SET", "k", "5") == .ok)
            #expect(try await db.execute("DECRBY", "k", "-9223372036854775808") == .error("ERR decrement would overflow"))
            #expect(try await db.execute("GET", "k") == .bulk("5"))
        }
    }

    @Test("INCR keeps an int-encoded value int and keeps its TTL")
    func intEncodingAndTTL() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SETEX", "k", "100", "10") == .ok)
            let deadline = try #require(try await keyState(db, "k")?.expireAt)
            #expect(try await db.execute("INCR", "k") == .integer(11))
            #expect(try await keyState(db, "k") == KeyState(encoding: .int, expireAt: deadline))
            // A raw "12" (APPEND leaves raw) becomes an int again.
            #expect(try await db.execute("APPEND", "r", "1") == .integer(1))
            #expect(try await db.execute("APPEND", "r", "2") == .integer(2))
            #expect(try await keyState(db, "r")?.encoding == .raw)
            #expect(try await db.execute("INCRBY", "r", "100") == .integer(112))
            #expect(try await keyState(db, "r")?.encoding == .int)
        }
    }

    @Test("Each counter write counts once in the dirty counter, a failed one not at all")
    func dirty() async throws {
        try await withDatabase { db async throws in
            let start = try await dirtyCount(db)
            #expect(try await db.execute("INCR", "n") == .integer(1))
            #expect(try await db.execute("INCR", "n") == .integer(2))
            #expect(try await db.execute("INCRBYFLOAT", "n", "0.5") == .bulk("2.5"))
            #expect(try await db.execute("INCR", "n") == notInteger)
            #expect(try await dirtyCount(db) == start + 3)
        }
    }
}

@Suite("String commands: INCRBYFLOAT")
struct StringIncrByFloatTests {
    @Test("INCRBYFLOAT formats like Redis: 17 decimals, trailing zeros trimmed", arguments: [
        ("10.5", "0.1", "10.6"), ("5.0e3", "2.0e2", "5200"), ("3", "1.5", "4.5"), ("3", "-4.5", "-1.5"),
        ("1", "0.30000000000000004", "1.30000000000000004"), ("0", "1e-17", "0.00000000000000001"),
        ("0", "1e-18", "0"), ("0", "-1e-20", "0"), ("-0.0", "-0.0", "0"), ("10", "-10", "0"),
        ("0", "0.99999999999999999999", "1"), ("0", "-0.99999999999999999999", "-1"),
        ("0", "1e50", "100000000000000000003583830118858923890798487404544"),
        ("1", "123456789012345678", "123456789012345679"), ("9223372036854775807", "1", "9223372036854775808"),
        ("0", "0x10", "16"), ("0", "0x1p-3", "0.125"), ("0", "1.7976931348623157e308",
        "179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384"),
        ("1", "1e-4940", "1"),
        // Exact ties at the 17th decimal round to even, as glibc's printf does.
        ("0", "0x1p-18", "0.00000381469726562"), ("0", "0x3p-18", "0.00001144409179688"),
    ])
    func formatting(start: String, increment: String, expected: String) async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "f", start) == .ok)
            #expect(try await db.execute("INCRBYFLOAT", "f", increment) == .bulk(expected))
            #expect(try await db.execute("GET", "f") == .bulk(expected))
        }
    }

    @Test("INCRBYFLOAT on a missing key starts from 0 and stores a string, not an int")
    func missingKey() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("INCRBYFLOAT", "f", "3.0") == .bulk("3"))
            #expect(try await keyState(db, "f")?.encoding == .embstr)
            #expect(try await db.execute("INCRBYFLOAT", "f", "1e50") == .bulk("100000000000000000003583830118858923890798487404544"))
            #expect(try await keyState(db, "f")?.encoding == .raw)
        }
    }

    @Test("INCRBYFLOAT keeps the TTL")
    func keepsTTL() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SETEX", "f", "100", "1") == .ok)
            let deadline = try #require(try await keyState(db, "f")?.expireAt)
            #expect(try await db.execute("INCRBYFLOAT", "f", "1.25") == .bulk("2.25"))
            #expect(try await keyState(db, "f") == KeyState(encoding: .embstr, expireAt: deadline))
        }
    }

    @Test("INCRBYFLOAT rejects values and increments that are not floats")
    func notFloats() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "f", "1") == .ok)
            for increment in ["abc", " 1", "1 ", "", "nan", "1e5000", "1e-5000", "1_0"] {
                #expect(try await db.execute("INCRBYFLOAT", "f", increment) == notFloat)
            }
            #expect(try await db.execute(["INCRBYFLOAT", "f", "1\u{0}2"].map(bytes)) == notFloat)
            #expect(try await db.execute("SET", "s", "hello") == .ok)
            #expect(try await db.execute("INCRBYFLOAT", "s", "1") == notFloat)
            #expect(try await db.execute("SET", "s", " 1") == .ok)
            #expect(try await db.execute("INCRBYFLOAT", "s", "1") == notFloat)
            #expect(try await db.execute("GET", "f") == .bulk("1"))
        }
    }

    @Test("INCRBYFLOAT refuses to produce NaN or Infinity")
    func infinity() async throws {
        try await withDatabase { db async throws in
            let error = RESPValue.error("ERR increment would produce NaN or Infinity")
            #expect(try await db.execute("INCRBYFLOAT", "f", "inf") == error)
            #expect(try await db.execute("INCRBYFLOAT", "f", "-infinity") == error)
            #expect(try await db.execute("SET", "f", "1.18e4932") == .ok)
            #expect(try await db.execute("INCRBYFLOAT", "f", "1.18e4932") == error)
            #expect(try await db.execute("SET", "g", "inf") == .ok)
            #expect(try await db.execute("INCRBYFLOAT", "g", "-inf") == error)
        }
    }

    #if arch(x86_64)
    @Test("FloatFormat writes what libc's %.17Lf writes, trimmed, for random long doubles")
    func matchesLibc() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            let value: Float80
            switch round % 4 {
            case 0: value = Float80(Double.random(in: -1e6...1e6, using: &generator))
            case 1: value = Float80(sign: .plus, exponent: Int.random(in: -80...80, using: &generator),
                                    significand: Float80.random(in: 1..<2, using: &generator))
            case 2: value = Float80(sign: .minus, exponent: Int.random(in: -16440...16383, using: &generator),
                                    significand: Float80.random(in: 1..<2, using: &generator))
            default: value = Float80(Int64.random(in: .min ... .max, using: &generator)) / 1024
            }
            let ours = FloatFormat.withHumanDigits(value) { String(decoding: $0, as: UTF8.self) }
            #expect(ours == libcHuman(value), "value bits \(value.significandBitPattern) e\(value.exponent)")
            if ours != libcHuman(value) { return }
        }
    }

    func libcHuman(_ value: Float80) -> String {
        var buffer = [CChar](repeating: 0, count: 6000)
        let count = withVaList([value]) { vsnprintf(&buffer, 6000, "%.17Lf", $0) }
        var text = String(decoding: buffer[0..<Int(count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
    #endif

    @Test("FloatFormat parses what Redis's string2ld accepts")
    func parsing() {
        func parse(_ text: String) -> FloatFormat.LongDouble? {
            Array(text.utf8).withUnsafeBytes { FloatFormat.parseLongDouble($0) }
        }
        #expect(parse("1.5") == 1.5)
        #expect(parse("-2e3") == -2000)
        #expect(parse("0x10") == 16)
        #expect(parse(".5") == 0.5)
        #expect(parse("5.") == 5)
        #expect(parse("+5") == 5)
        #expect(parse("inf") == .infinity)
        #expect(parse("1e-4940") != nil)
        #expect(parse("1e-5000") == nil)
        #expect(parse("1e5000") == nil)
        #expect(parse("nan") == nil)
        #expect(parse(" 1") == nil)
        #expect(parse("1 ") == nil)
        #expect(parse("") == nil)
        #expect(parse(String(repeating: "1", count: 5120)) == nil)
    }
}

@Suite("String commands: APPEND, STRLEN, GETRANGE, SETRANGE")
struct StringRangeTests {
    @Test("APPEND creates the key, then appends and replies the new length")
    func append() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("APPEND", "k", "hello") == .integer(5))
            #expect(try await keyState(db, "k")?.encoding == .embstr)
            #expect(try await db.execute("APPEND", "k", " world") == .integer(11))
            #expect(try await keyState(db, "k")?.encoding == .raw)
            #expect(try await db.execute("GET", "k") == .bulk("hello world"))
            // Growing in place past the first reservation.
            var expected = "hello world"
            for index in 0..<200 {
                let piece = "<\(index)>"
                expected += piece
                #expect(try await db.execute("APPEND", "k", piece) == .integer(Int64(expected.utf8.count)))
            }
            #expect(try await db.execute("GET", "k") == .bulk(expected))
            #expect(try await db.execute("APPEND", "n", "12") == .integer(2))
            #expect(try await keyState(db, "n")?.encoding == .int)
        }
    }

    @Test("APPEND to an int or embstr value leaves a raw string and keeps the TTL")
    func appendEncodings() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SETEX", "n", "100", "12345") == .ok)
            let deadline = try #require(try await keyState(db, "n")?.expireAt)
            #expect(try await db.execute("APPEND", "n", "678") == .integer(8))
            #expect(try await db.execute("GET", "n") == .bulk("12345678"))
            #expect(try await keyState(db, "n") == KeyState(encoding: .raw, expireAt: deadline))
            #expect(try await db.execute("SET", "z", "5") == .ok)
            #expect(try await db.execute("APPEND", "z", "") == .integer(1))
            #expect(try await keyState(db, "z")?.encoding == .raw)
            #expect(try await db.execute("APPEND", "empty", "") == .integer(0))
            #expect(try await db.execute("GET", "empty") == .bulk(""))
        }
    }

    @Test("APPEND and SETRANGE refuse strings longer than proto-max-bulk-len")
    func maximumSize() async throws {
        let configuration = Configuration()
        try configuration.set("proto-max-bulk-len", "1mb")
        let db = Database(configuration: configuration, shards: 2)
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 1024 * 1024 - 6)
        #expect(try await db.execute([bytes("SET"), bytes("big"), big]) == .ok)
        #expect(try await db.execute("APPEND", "big", "123456") == .integer(1024 * 1024))
        #expect(try await db.execute("APPEND", "big", "7") == tooLong)
        #expect(try await db.execute("STRLEN", "big") == .integer(1024 * 1024))
        #expect(try await db.execute("SETRANGE", "big", "1048575", "x") == .integer(1024 * 1024))
        #expect(try await db.execute("SETRANGE", "big", "1048576", "x") == tooLong)
        #expect(try await db.execute("SETRANGE", "new", "1048576", "x") == tooLong)
        #expect(try await db.execute("SETRANGE", "new", "9223372036854775807", "x") == tooLong)
        #expect(try await db.execute("GET", "new") == .null)
        try await db.close()
    }

    @Test("STRLEN counts bytes, digits of an int, 0 for a missing key")
    func strlen() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("STRLEN", "missing") == .integer(0))
            #expect(try await db.execute("SET", "s", "hello world") == .ok)
            #expect(try await db.execute("STRLEN", "s") == .integer(11))
            #expect(try await db.execute("SET", "n", "-9223372036854775808") == .ok)
            #expect(try await db.execute("STRLEN", "n") == .integer(20))
            #expect(try await db.execute("SET", "e", "") == .ok)
            #expect(try await db.execute("STRLEN", "e") == .integer(0))
        }
    }

    @Test("GETRANGE takes inclusive ranges with negative indexes from the end", arguments: [
        ("0", "4", "Hello"), ("-5", "-1", "World"), ("-1", "-5", ""), ("5", "2", ""), ("0", "-100", "H"),
        ("-100", "-100", "H"), ("-20", "-30", ""), ("-30", "-20", "H"), ("0", "9223372036854775807", "Hello World"),
        ("-9223372036854775808", "3", "Hell"), ("100", "200", ""), ("10", "10", "d"), ("11", "11", ""),
        ("3", "-1", "lo World"),
    ])
    func getrange(start: String, end: String, expected: String) async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "s", "Hello World") == .ok)
            #expect(try await db.execute("GETRANGE", "s", start, end) == .bulk(expected))
            #expect(try await db.execute("SUBSTR", "s", start, end) == .bulk(expected))
        }
    }

    @Test("GETRANGE of a missing key, an empty string, an int; bad indexes")
    func getrangeEdges() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("GETRANGE", "missing", "0", "10") == .bulk(""))
            #expect(try await db.execute("SET", "e", "") == .ok)
            #expect(try await db.execute("GETRANGE", "e", "0", "-1") == .bulk(""))
            #expect(try await db.execute("GETRANGE", "e", "-1", "0") == .bulk(""))
            #expect(try await db.execute("SET", "n", "1234567") == .ok)
            #expect(try await db.execute("GETRANGE", "n", "1", "3") == .bulk("234"))
            #expect(try await db.execute("GETRANGE", "n", "-3", "-1") == .bulk("567"))
            #expect(try await db.execute("GETRANGE", "n", "a", "1") == notInteger)
            #expect(try await db.execute("GETRANGE", "n", "1", "1.5") == notInteger)
            #expect(try await db.execute("GETRANGE", "missing", "a", "b") == notInteger)
            #expect(try await db.execute("GETRANGE", "n", "0")
                == .error("ERR wrong number of arguments for 'getrange' command"))
            #expect(try await db.execute("SUBSTR", "n", "0") == .error("ERR wrong number of arguments for 'substr' command"))
        }
    }

    @Test("SETRANGE zero-pads a missing key and overwrites an existing one")
    func setrange() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SETRANGE", "k", "5", "hello") == .integer(10))
            #expect(try await db.execute("GET", "k") == .bulkString([0, 0, 0, 0, 0] + bytes("hello")))
            #expect(try await keyState(db, "k")?.encoding == .raw)
            #expect(try await db.execute("SETRANGE", "k", "0", "HE") == .integer(10))
            #expect(try await db.execute("SETRANGE", "k", "12", "x") == .integer(13))
            #expect(try await db.execute("GET", "k") == .bulkString(bytes("HE") + [0, 0, 0] + bytes("hello") + [0, 0] + bytes("x")))
            #expect(try await db.execute("SETRANGE", "k", "100000", "") == .integer(13))
            #expect(try await db.execute("SET", "s", "short") == .ok)
            #expect(try await db.execute("SETRANGE", "s", "2", "ORT") == .integer(5))
            #expect(try await db.execute("GET", "s") == .bulk("shORT"))
            #expect(try await keyState(db, "s")?.encoding == .raw)
        }
    }

    @Test("SETRANGE with an empty value on a missing key replies 0 and creates nothing")
    func setrangeEmpty() async throws {
        try await withDatabase { db async throws in
            let start = try await dirtyCount(db)
            #expect(try await db.execute("SETRANGE", "k", "5", "") == .integer(0))
            #expect(try await db.execute("SETRANGE", "k", "0", "") == .integer(0))
            #expect(try await keyState(db, "k") == nil)
            #expect(try await dirtyCount(db) == start)
        }
    }

    @Test("SETRANGE rejects a negative or non-integer offset")
    func setrangeErrors() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SET", "k", "v") == .ok)
            #expect(try await db.execute("SETRANGE", "k", "-1", "x") == .error("ERR offset is out of range"))
            #expect(try await db.execute("SETRANGE", "k", "-1", "") == .error("ERR offset is out of range"))
            #expect(try await db.execute("SETRANGE", "missing", "-1", "") == .error("ERR offset is out of range"))
            #expect(try await db.execute("SETRANGE", "k", "a", "x") == notInteger)
            #expect(try await db.execute("SETRANGE", "k", "9223372036854775807", "x") == tooLong)
            #expect(try await db.execute("SETRANGE", "k", "536870911", "xx") == tooLong)
            #expect(try await db.execute("SETRANGE", "k", "9223372036854775807", "") == .integer(1))
        }
    }

    @Test("SETRANGE on an int keeps the TTL, leaves a raw string, and counts one write")
    func setrangeInt() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("SETEX", "n", "100", "12345") == .ok)
            let deadline = try #require(try await keyState(db, "n")?.expireAt)
            let start = try await dirtyCount(db)
            #expect(try await db.execute("SETRANGE", "n", "1", "9") == .integer(5))
            #expect(try await dirtyCount(db) == start + 1)
            #expect(try await db.execute("GET", "n") == .bulk("19345"))
            #expect(try await keyState(db, "n") == KeyState(encoding: .raw, expireAt: deadline))
            #expect(try await db.execute("SETRANGE", "n", "7", "0") == .integer(8))
            #expect(try await dirtyCount(db) == start + 2)
            #expect(try await db.execute("GET", "n") == .bulkString(bytes("19345") + [0, 0] + bytes("0")))
            #expect(try await db.execute("SETRANGE", "n", "0", "") == .integer(8))
        }
    }
}

@Suite("String commands: LCS")
struct StringLCSTests {
    @Test("LCS examples from the Redis documentation")
    func documentation() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("MSET", "key1", "ohmytext", "key2", "mynewtext") == .ok)
            #expect(try await db.execute("LCS", "key1", "key2") == .bulk("mytext"))
            #expect(try await db.execute("LCS", "key1", "key2", "LEN") == .integer(6))
            #expect(try await db.execute("LCS", "key1", "key2", "IDX") == .array([
                .bulk("matches"),
                .array([
                    .array([.array([.integer(4), .integer(7)]), .array([.integer(5), .integer(8)])]),
                    .array([.array([.integer(2), .integer(3)]), .array([.integer(0), .integer(1)])]),
                ]),
                .bulk("len"), .integer(6),
            ]))
            #expect(try await db.execute("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4") == .array([
                .bulk("matches"),
                .array([.array([.array([.integer(4), .integer(7)]), .array([.integer(5), .integer(8)])])]),
                .bulk("len"), .integer(6),
            ]))
            #expect(try await db.execute("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == .array([
                .bulk("matches"),
                .array([.array([.array([.integer(4), .integer(7)]), .array([.integer(5), .integer(8)]), .integer(4)])]),
                .bulk("len"), .integer(6),
            ]))
        }
    }

    @Test("LCS of missing keys is empty; ints compare by their digits; keys may be on two shards")
    func edges() async throws {
        try await withDatabase { db async throws in
            #expect(shardOf(db, "a") != shardOf(db, "b"))
            #expect(try await db.execute("MSET", "a", "ohmytext", "b", "mynewtext") == .ok)
            #expect(try await db.execute("LCS", "a", "b") == .bulk("mytext"))
            #expect(try await db.execute("LCS", "a", "missing") == .bulk(""))
            #expect(try await db.execute("LCS", "missing", "other", "LEN") == .integer(0))
            #expect(try await db.execute("LCS", "missing", "other", "IDX")
                == .array([.bulk("matches"), .array([]), .bulk("len"), .integer(0)]))
            #expect(try await db.execute("MSET", "{n}1", "1234567", "{n}2", "2468") == .ok)
            #expect(try await db.execute("LCS", "{n}1", "{n}2") == .bulk("246"))
            #expect(try await db.execute("MSET", "{x}a", "ABCBDAB", "{x}b", "BDCABA") == .ok)
            #expect(try await db.execute("LCS", "{x}a", "{x}b") == .bulk("BDAB"))
            #expect(try await db.execute("LCS", "{x}a", "{x}b", "IDX", "WITHMATCHLEN", "MINMATCHLEN", "-3") == .array([
                .bulk("matches"),
                .array([
                    .array([.array([.integer(5), .integer(6)]), .array([.integer(3), .integer(4)]), .integer(2)]),
                    .array([.array([.integer(3), .integer(4)]), .array([.integer(0), .integer(1)]), .integer(2)]),
                ]),
                .bulk("len"), .integer(4),
            ]))
        }
    }

    @Test("LCS option errors")
    func errors() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("MSET", "{k}1", "abc", "{k}2", "abd") == .ok)
            #expect(try await db.execute("LCS", "{k}1", "{k}2", "LEN", "IDX")
                == .error("ERR If you want both the length and indexes, please just use IDX."))
            #expect(try await db.execute("LCS", "{k}1", "{k}2", "FOO") == .error("ERR syntax error"))
            #expect(try await db.execute("LCS", "{k}1", "{k}2", "MINMATCHLEN") == .error("ERR syntax error"))
            #expect(try await db.execute("LCS", "{k}1", "{k}2", "MINMATCHLEN", "x") == notInteger)
            #expect(try await db.execute("LCS", "{k}1") == .error("ERR wrong number of arguments for 'lcs' command"))
        }
    }

    @Test("LCS IDX replies a map in RESP3, and nulls of the string family are RESP3 nulls")
    func resp3() async throws {
        try await withDatabase { db async throws in
            #expect(try await db.execute("MSET", "{k}1", "ohmytext", "{k}2", "mynewtext") == .ok)
            let engine = db.engine
            let session = ClientSession(id: engine.clients.makeID(), authenticated: true, address: "test", loopIndex: 0)
            session.resp = .v3
            func run(_ arguments: String...) async throws -> RESPValue {
                try await Connection.run(arguments.map(bytes), session: session, engine: engine, loop: engine.loops[0])
            }
            #expect(try await run("LCS", "{k}1", "{k}2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == .map([
                .bulk("matches"),
                .array([.array([.array([.integer(4), .integer(7)]), .array([.integer(5), .integer(8)]), .integer(4)])]),
                .bulk("len"), .integer(6),
            ]))
            #expect(try await run("LCS", "none1", "none2", "IDX")
                == .map([.bulk("matches"), .array([]), .bulk("len"), .integer(0)]))
            #expect(try await run("GETEX", "none") == .null)
            #expect(try await run("INCRBYFLOAT", "f", "1.5") == .bulk("1.5"))
        }
    }

    @Test("LCS refuses a table larger than proto-max-bulk-len")
    func tableLimit() async throws {
        let configuration = Configuration()
        try configuration.set("proto-max-bulk-len", "1mb")
        let db = Database(configuration: configuration, shards: 2)
        let a = [UInt8](repeating: UInt8(ascii: "a"), count: 600)
        #expect(try await db.execute([bytes("MSET"), bytes("{l}a"), a, bytes("{l}b"), a]) == .ok)
        #expect(try await db.execute("LCS", "{l}a", "{l}b", "LEN")
            == .error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"))
        #expect(try await db.execute("SET", "{l}b", String(repeating: "a", count: 400)) == .ok)
        #expect(try await db.execute("LCS", "{l}a", "{l}b", "LEN") == .integer(400))
        try await db.close()
    }
}

@Suite("String commands: table rows")
struct StringCommandSpecTests {
    @Test("Each string command's row matches Redis 7.0's COMMAND INFO", arguments: [
        ("get", 2, ["readonly", "fast"], 1, 1, 1, ["read", "string", "fast"]),
        ("set", -3, ["write", "denyoom"], 1, 1, 1, ["write", "string", "slow"]),
        ("setnx", 3, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("setex", 4, ["write", "denyoom"], 1, 1, 1, ["write", "string", "slow"]),
        ("psetex", 4, ["write", "denyoom"], 1, 1, 1, ["write", "string", "slow"]),
        ("getset", 3, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("getdel", 2, ["write", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("getex", -2, ["write", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("mget", -2, ["readonly", "fast"], 1, -1, 1, ["read", "string", "fast"]),
        ("mset", -3, ["write", "denyoom"], 1, -1, 2, ["write", "string", "slow"]),
        ("msetnx", -3, ["write", "denyoom"], 1, -1, 2, ["write", "string", "slow"]),
        ("incr", 2, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("decr", 2, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("incrby", 3, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("decrby", 3, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("incrbyfloat", 3, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("append", 3, ["write", "denyoom", "fast"], 1, 1, 1, ["write", "string", "fast"]),
        ("strlen", 2, ["readonly", "fast"], 1, 1, 1, ["read", "string", "fast"]),
        ("getrange", 4, ["readonly"], 1, 1, 1, ["read", "string", "slow"]),
        ("substr", 4, ["readonly"], 1, 1, 1, ["read", "string", "slow"]),
        ("setrange", 4, ["write", "denyoom"], 1, 1, 1, ["write", "string", "slow"]),
        ("lcs", -3, ["readonly"], 1, 2, 1, ["read", "string", "slow"]),
    ] as [(String, Int, [String], Int, Int, Int, [String])])
    func rows(name: String, arity: Int, flags: [String], first: Int, last: Int, step: Int, categories: [String]) throws {
        let spec = try #require(Array(name.utf8).withUnsafeBytes { CommandTable.standard.lookup($0) })
        #expect(spec.arity == arity)
        #expect(CommandFlags.names.filter { spec.flags.contains($0.0) }.map(\.1) == flags)
        #expect(spec.firstKey == first && spec.lastKey == last && spec.keyStep == step)
        #expect(spec.categories == categories)
        #expect(spec.group == .string)
    }
}
