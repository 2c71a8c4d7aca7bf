import RESP
import Testing
@testable import Tessera

@Suite("SORT and SORT_RO")
struct SortCommandTests {
    // MARK: option parsing

    @Test("SORT options: any case, the last LIMIT, BY and STORE win, GETs add up")
    func optionsParse() throws {
        try withArguments(["SORT", "l", "desc", "Alpha", "LIMIT", "1", "2", "limit", "-3", "5", "BY", "w_*",
                           "GET", "#", "by", "nosort", "get", "n_*", "ASC", "STORE", "a", "store", "b"]) { arguments in
            let options = try SortOptions(parsing: arguments, readOnly: false)
            #expect(!options.descending)
            #expect(options.alpha)
            #expect(options.limitStart == -3 && options.limitCount == 5)
            #expect(options.by == 15 && options.dontSort)
            #expect(options.gets == [13, 17])
            #expect(options.store == 22)
        }
        try withArguments(["SORT", "l", "BY", "nosort", "BY", "w_*"]) { arguments in
            let options = try SortOptions(parsing: arguments, readOnly: false)
            // a BY without * stops the sort for good, as Redis never clears its flag
            #expect(options.by == 5 && options.dontSort)
        }
    }

    @Test("SORT option errors: unknown words, missing arguments, LIMIT not integers, STORE in SORT_RO")
    func optionErrors() {
        func failure(_ words: [String], readOnly: Bool = false) -> SortOptions.Failure? {
            withArguments(words) { arguments in
                do throws(SortOptions.Failure) {
                    _ = try SortOptions(parsing: arguments, readOnly: readOnly)
                    return nil
                } catch {
                    return error
                }
            }
        }
        #expect(failure(["SORT", "l", "FOO"]) == .syntax)
        #expect(failure(["SORT", "l", "LIMIT", "0"]) == .syntax)
        #expect(failure(["SORT", "l", "LIMIT", "a", "1"]) == .notInteger)
        #expect(failure(["SORT", "l", "LIMIT", "0", "1.5"]) == .notInteger)
        #expect(failure(["SORT", "l", "STORE"]) == .syntax)
        #expect(failure(["SORT", "l", "BY"]) == .syntax)
        #expect(failure(["SORT", "l", "GET"]) == .syntax)
        #expect(failure(["SORT_RO", "l", "STORE", "d"], readOnly: true) == .syntax)
        #expect(failure(["SORT", "l", "STORE", "d"]) == nil)
        // the first error found, left to right
        #expect(failure(["SORT", "l", "LIMIT", "x", "1", "FOO"]) == .notInteger)
        #expect(failure(["SORT", "l", "FOO", "LIMIT", "x", "1"]) == .syntax)
    }

    @Test("COMMAND GETKEYS finds keys as sortGetKeys does; the router also sees SORT's real STORE key")
    func keyFinding() {
        withArguments(["SORT", "l", "LIMIT", "0", "1", "STORE", "d"]) { #expect(SortOptions.keyIndexes($0) == [1, 6]) }
        withArguments(["SORT", "l", "GET", "store", "BY", "store"]) { #expect(SortOptions.keyIndexes($0) == [1]) }
        withArguments(["SORT", "l", "STORE"]) { #expect(SortOptions.keyIndexes($0) == [1]) }
        withArguments(["SORT", "l", "STORE", "get", "STORE", "d"]) { arguments in
            // sortGetKeys skips GET's "argument" and misses the second STORE, as Redis does
            #expect(SortOptions.keyIndexes(arguments) == [1, 3])
            #expect(reached(arguments) == ["d"])
        }
    }

    @Test("Only BY and GET patterns with a * reach other keys; a {tag} before the * pins their slot")
    func patternsReach() {
        withArguments(["SORT", "l"]) { #expect(reached($0) == []) }
        withArguments(["SORT", "l", "GET", "#", "BY", "nosort", "GET", "fixed"]) { #expect(reached($0) == []) }
        withArguments(["SORT", "l", "BY", "nosort", "BY", "w_*"]) { #expect(reached($0) == []) }
        withArguments(["SORT", "l", "BY", "w_*"]) { #expect(reached($0) == nil) }
        withArguments(["SORT", "l", "GET", "{t}w_*->f", "STORE", "d"]) { #expect(reached($0) == ["d", "{t}"]) }
        withArguments(["SORT", "l", "GET", "w_*{t}"]) { #expect(reached($0) == nil) }
        withArguments(["SORT", "l", "BY", "w_*", "FOO"]) { #expect(reached($0) == []) }
    }

    // MARK: patterns

    @Test("Patterns: # alone, the first *, the first -> after it with a field, NUL ends the search")
    func patternParsing() {
        let hash = pattern("#")
        #expect(hash.isElement && !hash.namesKeys)
        #expect(!pattern("##").isElement && !pattern("#\0x").namesKeys)
        #expect(pattern("#\0x").isElement)
        let field = pattern("w_*->rank")
        #expect(field.star == 2 && field.keyEnd == 3 && field.field == 5..<9)
        let noField = pattern("w_*->")
        #expect(noField.field == nil && noField.keyEnd == 5)
        let arrowBeforeStar = pattern("h->*")
        #expect(arrowBeforeStar.star == 3 && arrowBeforeStar.field == nil)
        #expect(pattern("nostar").star == nil)
        #expect(pattern("a\0*").star == nil)
        #expect(fixedSlot("{t}w_*") == "{t}")
        #expect(fixedSlot("w_{t}x*") == "w_{t}")
        #expect(fixedSlot("{}w_*") == nil)
        #expect(fixedSlot("{t*}") == nil)
        #expect(fixedSlot("w_*{t}") == nil)
    }

    // MARK: weights, windows and order

    @Test("Weights read as strtod reads them: spaces, hex, inf, up to a NUL; not NaN, overflow or junk")
    func weights() {
        func weight(_ text: String) -> Double? { Array(text.utf8).withUnsafeBytes { SortCommand.weight(of: $0) } }
        #expect(weight("10") == 10)
        #expect(weight("-1.5") == -1.5)
        #expect(weight(" 2") == 2)
        #expect(weight("") == 0)
        #expect(weight("0x10") == 16)
        #expect(weight("1\0junk") == 1)
        #expect(weight("inf") == .infinity)
        #expect(weight("-Infinity") == -.infinity)
        #expect(weight("1e400") == nil)
        #expect(weight("1e-320") == nil)
        #expect(weight("nan") == nil)
        #expect(weight("2 ") == nil)
        #expect(weight("pear") == nil)
        #expect(weight("9223372036854775807") == 9_223_372_036_854_775_807.0)
    }

    @Test("LIMIT windows: negative offset is 0, negative count is all, past the end is empty")
    func limitWindows() {
        #expect(SortCommand.limitWindow(start: 0, count: -1, length: 4) == 0..<4)
        #expect(SortCommand.limitWindow(start: 1, count: 2, length: 4) == 1..<3)
        #expect(SortCommand.limitWindow(start: -1, count: 2, length: 4) == 0..<2)
        #expect(SortCommand.limitWindow(start: 3, count: 10, length: 4) == 3..<4)
        #expect(SortCommand.limitWindow(start: 10, count: 1, length: 4) == 0..<0)
        #expect(SortCommand.limitWindow(start: 0, count: 0, length: 4) == 0..<0)
        #expect(SortCommand.limitWindow(start: 1, count: -7, length: 4) == 1..<4)
        #expect(SortCommand.limitWindow(start: .max, count: .max, length: 4) == 0..<0)
        #expect(SortCommand.limitWindow(start: 2, count: .max, length: 4) == 2..<4)
        #expect(SortCommand.limitWindow(start: 0, count: -1, length: 0) == 0..<0)
    }

    @Test("ALPHA compares C strings unless stored; missing BY values first; ties keep load order, DESC too")
    func ordering() {
        func sorted(_ elements: [String], by values: [String?]? = nil, alpha: Bool = true, binary: Bool = false,
                    descending: Bool = false, weights: [Double]? = nil) -> [String] {
            var vector = SortVector()
            for (index, element) in elements.enumerated() {
                Array(element.utf8).withUnsafeBytes { vector.append($0) }
                if let value = values?[index] { Array(value.utf8).withUnsafeBytes { vector.setByValue($0, of: index) } }
                if let weights { vector.items[index].weight = weights[index] }
            }
            SortOrder(alpha: alpha, byPattern: values != nil, binary: binary, descending: descending).sort(&vector)
            return vector.items.map { elements[$0.position] }
        }
        #expect(sorted(["b", "a\0z", "a\0y", "a"]) == ["a\0z", "a\0y", "a", "b"])
        #expect(sorted(["b", "a\0z", "a\0y", "a"], binary: true) == ["a", "a\0y", "a\0z", "b"])
        #expect(sorted(["b", "a\0z", "a\0y", "a"], descending: true) == ["b", "a\0z", "a\0y", "a"])
        #expect(sorted(["\u{e9}", "z", "Z"]) == ["Z", "z", "\u{e9}"])
        #expect(sorted(["x", "y", "z", "w"], by: ["b", nil, "a", nil]) == ["y", "w", "z", "x"])
        #expect(sorted(["x", "y", "z", "w"], by: ["b", nil, "a", nil], descending: true) == ["x", "z", "y", "w"])
        #expect(sorted(["10", "9", "b", "a"], alpha: false, weights: [1, 1, 0, 0]) == ["a", "b", "10", "9"])
        #expect(sorted(["10", "9", "b", "a"], alpha: false, descending: true, weights: [1, 1, 0, 0])
            == ["9", "10", "b", "a"])
    }

    // MARK: through the engine

    @Test("SORT answers like Redis on lists, sets and sorted sets of every encoding")
    func sortsEveryType() async throws {
        try await withDatabase { db async throws in
            try await db.run(["RPUSH", "l", "3", "1", "2", "10", "-0.5"])
            try await db.run(["SADD", "s", "3", "1", "2", "10"])
            try await db.run(["SADD", "hs", "3", "1", "2", "10", "x"])
            try await db.run(["SREM", "hs", "x"])
            try await db.run(["ZADD", "z", "1", "3", "2", "1", "3", "2", "4", "10"])
            #expect(try await db.run(["SORT", "l"]) == bulks("-0.5", "1", "2", "3", "10"))
            for key in ["s", "hs", "z"] {
                #expect(try await db.run(["SORT", key]) == bulks("1", "2", "3", "10"))
                #expect(try await db.run(["SORT_RO", key, "DESC", "LIMIT", "1", "2"]) == bulks("3", "2"))
                #expect(try await db.run(["SORT", key, "ALPHA"]) == bulks("1", "10", "2", "3"))
            }
            #expect(try await db.run(["SORT", "nokey", "DESC", "ALPHA", "GET", "x_*"]) == .array([]))
        }
    }

    @Test("BY nosort keeps a list's or sorted set's order, DESC reverses it and LIMIT takes a range of it")
    func nosort() async throws {
        try await withDatabase { db async throws in
            try await db.run(["RPUSH", "l", "c", "a", "b", "d"])
            try await db.run(["ZADD", "z", "1", "c", "2", "a", "3", "b", "4", "d"])
            for key in ["l", "z"] {
                #expect(try await db.run(["SORT", key, "BY", "nosort"]) == bulks("c", "a", "b", "d"))
                #expect(try await db.run(["SORT", key, "BY", "nosort", "DESC"]) == bulks("d", "b", "a", "c"))
                #expect(try await db.run(["SORT", key, "BY", "nosort", "LIMIT", "1", "2"]) == bulks("a", "b"))
                #expect(try await db.run(["SORT", key, "BY", "nosort", "DESC", "LIMIT", "1", "2"]) == bulks("b", "a"))
                #expect(try await db.run(["SORT", key, "BY", "constant", "LIMIT", "3", "5"]) == bulks("d"))
            }
        }
    }

    @Test("SORT converts a listpack sorted set to a skiplist, even SORT_RO, as Redis 7.0 does")
    func zsetConversion() async throws {
        try await withDatabase { db async throws in
            try await db.run(["ZADD", "z", "1", "a"])
            #expect(try await db.run(["OBJECT", "ENCODING", "z"]) == .bulk("listpack"))
            #expect(try await db.run(["SORT_RO", "z", "BY", "nosort"]) == bulks("a"))
            #expect(try await db.run(["OBJECT", "ENCODING", "z"]) == .bulk("skiplist"))
            #expect(try await db.run(["ZSCORE", "z", "a"]) == .bulk("1"))
        }
    }

    @Test("BY and GET read strings and hash fields; missing ones weigh 0 or come back null")
    func byAndGet() async throws {
        try await withDatabase(shards: 4) { db async throws in
            try await db.run(["RPUSH", "l", "1", "2", "3"])
            try await db.run(["MSET", "w_1", "30", "w_2", "10", "n_1", "one", "n_3", "three"])
            try await db.run(["HSET", "h_1", "f", "b"])
            try await db.run(["HSET", "h_2", "f", "a"])
            try await db.run(["HSET", "h_3", "g", "z"])
            #expect(try await db.run(["SORT", "l", "BY", "w_*"]) == bulks("3", "2", "1"))
            #expect(try await db.run(["SORT", "l", "BY", "h_*->f", "ALPHA"]) == bulks("3", "2", "1"))
            #expect(try await db.run(["SORT", "l", "GET", "#", "GET", "n_*", "GET", "h_*->f"])
                == .array([.bulk("1"), .bulk("one"), .bulk("b"), .bulk("2"), .null, .bulk("a"),
                           .bulk("3"), .bulk("three"), .null]))
            #expect(try await db.run(["SORT", "l", "GET", "n_"]) == .array([.null, .null, .null]))
            // a key of the wrong type is as good as missing
            #expect(try await db.run(["SORT", "l", "GET", "h_*"]) == .array([.null, .null, .null]))
            try await db.run(["SET", "w_3", "x"])
            #expect(try await db.run(["SORT", "l", "BY", "w_*"])
                == .error("ERR One or more scores can't be converted into double"))
        }
    }

    @Test("STORE writes a list (replacing any type and TTL), deletes the key when empty, and counts")
    func store() async throws {
        try await withDatabase(shards: 4) { db async throws in
            try await db.run(["SADD", "s", "b", "a", "c"])
            try await db.run(["SET", "dst", "old", "EX", "100"])
            #expect(try await db.run(["SORT", "s", "BY", "nosort", "STORE", "dst"]) == .integer(3))
            #expect(try await db.run(["LRANGE", "dst", "0", "-1"]) == bulks("a", "b", "c"))
            #expect(try await db.run(["TTL", "dst"]) == .integer(-1))
            let before = try await db.dirty()
            #expect(try await db.run(["SORT", "s", "ALPHA", "GET", "#", "GET", "no_*", "STORE", "s"]) == .integer(6))
            #expect(try await db.dirty() - before == 6)
            #expect(try await db.run(["LRANGE", "s", "0", "-1"]) == bulks("a", "", "b", "", "c", ""))
            #expect(try await db.run(["SORT", "nokey", "STORE", "s"]) == .integer(0))
            #expect(try await db.run(["EXISTS", "s"]) == .integer(0))
        }
    }

    @Test("SORT fails against a key holding a string or a hash; errors before WRONGTYPE")
    func errors() async throws {
        try await withDatabase { db async throws in
            try await db.run(["SET", "str", "v"])
            try await db.run(["HSET", "h", "a", "1"])
            try await db.run(["RPUSH", "words", "pear", "apple"])
            let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")
            #expect(try await db.run(["SORT", "str"]) == wrongType)
            #expect(try await db.run(["SORT_RO", "h"]) == wrongType)
            #expect(try await db.run(["SORT", "str", "FOO"]) == .error("ERR syntax error"))
            #expect(try await db.run(["SORT", "words"])
                == .error("ERR One or more scores can't be converted into double"))
            #expect(try await db.run(["SORT", "words", "BY", "nosort"]) == bulks("pear", "apple"))
            #expect(try await db.run(["SORT"]) == .error("ERR wrong number of arguments for 'sort' command"))
        }
    }

    @Test("A SORT whose BY and GET keys span shards never sees half of an MSET")
    func patternsAreAtomic() async throws {
        try await withDatabase(shards: 4) { db async throws in
            let ids = (0..<16).map(String.init)
            #expect(Set(ids.map { db.shard(of: "w_\($0)") }).count > 1)
            try await db.run(["RPUSH", "ids"] + ids)
            try await db.run(["MSET"] + ids.flatMap { ["w_\($0)", "0"] })
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for generation in 1...100 {
                        try await db.run(["MSET"] + ids.flatMap { ["w_\($0)", String(generation)] })
                    }
                }
                group.addTask {
                    for _ in 0..<100 {
                        let reply = try await db.run(["SORT", "ids", "BY", "w_*", "GET", "w_*"])
                        guard case .array(let values) = reply else {
                            Issue.record("SORT did not answer an array")
                            return
                        }
                        #expect(Set(values).count == 1, "saw a mix of two MSETs: \(values)")
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    // MARK: helpers

    private func bulks(_ items: String...) -> RESPValue { .array(items.map { .bulk($0) }) }

    private func pattern(_ text: String) -> SortPattern {
        // The pattern keeps a view of its bytes; the tests only read fields computed at init.
        Array(text.utf8).withUnsafeBytes { SortPattern($0) }
    }

    private func fixedSlot(_ text: String) -> String? {
        Array(text.utf8).withUnsafeBytes { bytes in
            SortPattern(bytes).fixedSlotKey.map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The keys SORT's router hook names besides the key arguments; nil for "any slot".
    private func reached(_ arguments: Arguments) -> [String]? {
        var keys: [String] = []
        let bounded = SortOptions.reachedKeys(readOnly: false)(arguments) {
            keys.append(String(decoding: $0, as: UTF8.self))
        }
        return bounded ? keys : nil
    }
}

/// Calls `body` with `words` as a command's arguments.
func withArguments<R>(_ words: [String], _ body: (Arguments) throws -> R) rethrows -> R {
    let batch = CommandBatch(arguments: words.map { Array($0.utf8) })
    return try batch.storage.withUnsafeReadableBytes { raw in
        try batch.spans.withUnsafeBufferPointer { spans in
            try body(Arguments(base: raw.baseAddress!, spans: spans))
        }
    }
}
