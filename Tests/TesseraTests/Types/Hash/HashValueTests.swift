import Testing
@testable import Tessera

/// `HashValue` against a Dictionary model, in both encodings: set/get/delete, integer
/// entries read back as text, conversion at exactly the thresholds (never back), counters,
/// random pairs, SCAN, clone and free.
@Suite("HashValue")
struct HashValueTests {
    typealias B = StructureBytes

    @discardableResult
    func set(_ hash: inout HashValue, _ field: String, _ value: String,
             _ limits: HashLimits = .redisDefaults) -> Bool {
        B.with(field) { field in B.with(value) { hash.set(field, $0, limits: limits) } }
    }

    func get(_ hash: HashValue, _ field: String) -> String? {
        B.with(field) { hash.withValue(of: $0) { $0.map(B.string) } }
    }

    func contents(_ hash: HashValue) -> [String: String] {
        var result: [String: String] = [:]
        hash.forEach { result[B.string($0)] = B.string($1) }
        return result
    }

    @Test("set, get, delete and length agree with a dictionary in both encodings", arguments: [false, true])
    func model(converted: Bool) {
        var hash = HashValue.makeEmpty()
        defer { hash.free() }
        if converted { hash.convertToHashtable() }
        var model: [String: String] = [:]
        var generator = FastRandom(seed: 42)
        for step in 0..<2_000 {
            let field = "f\(Int.random(in: 0..<60, using: &generator))"
            if step % 3 == 2 {
                let removed = B.with(field) { hash.delete($0) }
                #expect(removed == (model.removeValue(forKey: field) != nil))
            } else {
                let value = step % 2 == 0 ? "\(step)" : "v\(step)"
                #expect(set(&hash, field, value) == (model.updateValue(value, forKey: field) == nil))
            }
        }
        #expect(hash.count == model.count)
        #expect(contents(hash) == model)
        for (field, value) in model {
            #expect(get(hash, field) == value)
            #expect(B.with(field) { hash.valueLength(of: $0) } == value.utf8.count)
        }
        #expect(get(hash, "absent") == nil)
        #expect(hash.encoding == (converted ? .hashtable : .listpack))
    }

    @Test("a listpack becomes a hashtable past the entry count, not at it")
    func entriesThreshold() {
        var hash = HashValue.makeEmpty()
        defer { hash.free() }
        let limits = HashLimits(maxEntries: 4, maxValue: 64)
        for index in 0..<4 { set(&hash, "f\(index)", "v", limits) }
        #expect(hash.encoding == .listpack)
        set(&hash, "f0", "updated", limits)
        #expect(hash.encoding == .listpack)
        set(&hash, "f4", "v", limits)
        #expect(hash.encoding == .hashtable)
        #expect(contents(hash).count == 5 && get(hash, "f0") == "updated")
        B.with("f4") { _ = hash.delete($0) }
        #expect(hash.encoding == .hashtable, "conversion is one way")
    }

    @Test("a field or value longer than the value limit converts, one of exactly the limit does not")
    func valueThreshold() {
        let limits = HashLimits(maxEntries: 512, maxValue: 8)
        var fits = HashValue.makeEmpty()
        set(&fits, String(repeating: "f", count: 8), String(repeating: "v", count: 8), limits)
        #expect(fits.encoding == .listpack)
        fits.free()
        for (field, value) in [(String(repeating: "f", count: 9), "v"), ("f", String(repeating: "v", count: 9))] {
            var hash = HashValue.makeEmpty()
            set(&hash, "a", "1", limits)
            set(&hash, field, value, limits)
            #expect(hash.encoding == .hashtable)
            #expect(contents(hash) == ["a": "1", field: value])
            hash.free()
        }
    }

    @Test("integer increments read listpack integers and reject text; overflow changes nothing")
    func integerIncrement() {
        var hash = HashValue.makeEmpty()
        defer { hash.free() }
        set(&hash, "n", "9223372036854775806")
        set(&hash, "s", "abc")
        let limits = HashLimits.redisDefaults
        guard case .value(let sum) = B.with("n", { hash.increment($0, by: 1, limits: limits) }) else {
            Issue.record("increment failed"); return
        }
        #expect(sum == Int64.max)
        guard case .overflow = B.with("n", { hash.increment($0, by: 1, limits: limits) }) else {
            Issue.record("overflow not reported"); return
        }
        #expect(get(hash, "n") == "9223372036854775807")
        guard case .notInteger = B.with("s", { hash.increment($0, by: 1, limits: limits) }) else {
            Issue.record("text incremented"); return
        }
        guard case .value(-5) = B.with("new", { hash.increment($0, by: -5, limits: limits) }) else {
            Issue.record("a missing field does not start at 0"); return
        }
    }

    @Test("float increments store the human form and refuse results that are not finite")
    func floatIncrement() {
        var hash = HashValue.makeEmpty()
        defer { hash.free() }
        set(&hash, "f", "10.5")
        var replied = ""
        let result = B.with("f") { hash.increment($0, by: 0.1, limits: .redisDefaults) { replied = B.string($0) } }
        guard case .done = result else { Issue.record("increment failed"); return }
        #expect(replied == "10.6" && get(hash, "f") == "10.6")
        set(&hash, "big", "1e308")
        let huge = B.with("big") { hash.increment($0, by: 1e308, limits: .redisDefaults) { _ in } }
        #if arch(x86_64)
        guard case .done = huge else { Issue.record("long double holds 2e308"); return }
        #endif
        set(&hash, "t", "x")
        guard case .notFloat = B.with("t", { hash.increment($0, by: 1, limits: .redisDefaults) { _ in } }) else {
            Issue.record("text incremented"); return
        }
    }

    @Test("random pairs come from the hash; distinct draws never repeat", arguments: [false, true])
    func random(converted: Bool) {
        var hash = HashValue.makeEmpty()
        defer { hash.free() }
        for index in 0..<40 { set(&hash, "f\(index)", "v\(index)") }
        if converted { hash.convertToHashtable() }
        var generator = FastRandom(seed: 7)
        for count in [1, 5, 13, 30, 39] {
            var seen: [String] = []
            hash.distinctRandomPairs(count, using: &generator) { field, value in
                #expect("v" + B.string(field).dropFirst() == B.string(value))
                seen.append(B.string(field))
            }
            #expect(seen.count == count && Set(seen).count == count)
        }
        var draws = 0
        var fields = Set<String>()
        hash.randomPairs(2_000, using: &generator) { field, _ in draws += 1; fields.insert(B.string(field)) }
        #expect(draws == 2_000 && fields.count == 40)
    }

    @Test("SCAN returns every pair: a listpack in one call, a hashtable by cursor")
    func scan() {
        for converted in [false, true] {
            var hash = HashValue.makeEmpty()
            for index in 0..<300 { set(&hash, "f\(index)", "\(index)") }
            if converted { hash.convertToHashtable() } else { #expect(hash.encoding == .listpack) }
            var seen: [String: String] = [:]
            var cursor: UInt64 = 0
            var calls = 0
            repeat {
                cursor = hash.scan(cursor: cursor, count: 10) { seen[B.string($0)] = B.string($1) }
                calls += 1
            } while cursor != 0
            #expect(seen == contents(hash))
            #expect(converted ? calls > 1 : calls == 1)
            hash.free()
        }
    }

    @Test("a clone is independent; freeing a hashtable returns every block")
    func cloneAndFree() {
        let before = StructureMemory.liveBlocks
        var hash = HashValue.makeEmpty()
        for index in 0..<20 { set(&hash, "f\(index)", "v\(index)") }
        let listpackCopy = hash.clone()
        hash.convertToHashtable()
        var copy = hash.clone()
        set(&copy, "f0", "changed")
        #expect(get(hash, "f0") == "v0" && get(copy, "f0") == "changed")
        #expect(contents(listpackCopy) == contents(hash))
        #expect(hash.bytesUsed > 0)
        hash.free()
        copy.free()
        listpackCopy.free()
        #expect(StructureMemory.liveBlocks == before)
    }
}
