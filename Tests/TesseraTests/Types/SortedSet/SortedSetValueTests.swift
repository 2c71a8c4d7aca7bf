import Testing
@testable import Tessera

/// The sorted-set type API over both encodings: the same operations give the same answers as a
/// model whether the set is a listpack or a skiplist, and conversions keep every pair.
@Suite("Sorted set value")
struct SortedSetValueTests {
    typealias B = StructureBytes

    /// Limits with `entries` and `value` as CONFIG SET would leave them.
    static func limits(entries: Int = 128, value: Int = 64) -> SortedSetLimits {
        let configuration = Configuration()
        try? configuration.set("zset-max-listpack-entries", String(entries))
        try? configuration.set("zset-max-listpack-value", String(value))
        return CollectionLimits(configuration: configuration).sortedSet
    }

    static func add(_ set: inout SortedSetValue, _ member: String, _ score: Double,
                    options: SortedSetValue.AddOptions = .init(), limits: SortedSetLimits) -> SortedSetValue.AddOutcome {
        B.with(member) { set.add($0, score: score, options: options, limits: limits) }
    }

    static func contents(_ set: SortedSetValue) -> [(String, Double)] {
        var pairs: [(String, Double)] = []
        set.forEach { member, score in pairs.append((B.string(member), score)); return true }
        return pairs
    }

    /// The model's order: by score, then member bytes.
    static func sorted(_ model: [String: Double]) -> [(String, Double)] {
        model.sorted { $0.value < $1.value || ($0.value == $1.value && bytesPrecede(Array($0.key.utf8), Array($1.key.utf8))) }
            .map { ($0.key, $0.value) }
    }

    @Test("random adds, updates and removes agree with a model in both encodings", arguments: [0, 1_000])
    func randomModel(entries: Int) {
        let limits = Self.limits(entries: entries)
        var set = SortedSetValue.make(expecting: 0, longestMember: 0, limits: limits)
        var model: [String: Double] = [:]
        var generator = FastRandom(seed: 7)
        for _ in 0..<3_000 {
            let member = Int.random(in: 0..<2, using: &generator) == 0
                ? "m\(Int.random(in: 0..<300, using: &generator))" : "\(Int.random(in: -50..<300, using: &generator))"
            let score = Double(Int.random(in: -10..<10, using: &generator)) / 4
            if Int.random(in: 0..<3, using: &generator) == 0 {
                #expect(B.with(member) { set.remove($0) } == (model.removeValue(forKey: member) != nil))
            } else {
                let expected: SortedSetValue.AddOutcome =
                    model[member] == nil ? .added(score) : model[member] == score ? .unchanged(score) : .updated(score)
                #expect(Self.add(&set, member, score, limits: limits) == expected)
                model[member] = score
            }
        }
        #expect(set.encoding == (entries == 0 ? .skiplist : .listpack))
        #expect(set.count == model.count)
        let expected = Self.sorted(model)
        let actual = Self.contents(set)
        #expect(actual.map(\.0) == expected.map(\.0) && actual.map(\.1) == expected.map(\.1))
        for (rank, pair) in expected.enumerated() {
            let found = B.with(pair.0) { set.rank(of: $0, reverse: false) }
            #expect(found?.rank == rank && found?.score == pair.1)
            #expect(B.with(pair.0) { set.rank(of: $0, reverse: true) }?.rank == expected.count - 1 - rank)
        }
        set.free()
    }

    @Test("score and lex ranges, with offsets and reversed, are the same in both encodings")
    func rangesAgree() {
        var small = SortedSetValue.make(expecting: 0, longestMember: 0, limits: Self.limits())
        var large = SortedSetValue.make(expecting: 0, longestMember: 0, limits: Self.limits(entries: 0))
        for (index, member) in ["a", "b", "c", "d", "e", "f", "g", "h"].enumerated() {
            _ = Self.add(&small, member, Double(index / 2), limits: Self.limits())
            _ = Self.add(&large, member, Double(index / 2), limits: Self.limits(entries: 0))
        }
        func members(_ set: SortedSetValue, _ range: ScoreRange, reverse: Bool, offset: Int) -> [String] {
            var result: [String] = []
            set.forEach(in: range, reverse: reverse, offset: offset) { member, _ in result.append(B.string(member)); return true }
            return result
        }
        let ranges = [ScoreRange(min: 1, max: 2), ScoreRange(min: 1, max: 2, minExclusive: true),
                      ScoreRange(min: 0, max: 3, maxExclusive: true), ScoreRange(min: 5, max: 1), .all]
        for range in ranges {
            for reverse in [false, true] {
                for offset in 0..<3 {
                    #expect(members(small, range, reverse: reverse, offset: offset)
                        == members(large, range, reverse: reverse, offset: offset))
                }
            }
            #expect(small.count(in: range) == large.count(in: range))
        }
        #expect(members(small, ScoreRange(min: 1, max: 2), reverse: false, offset: 0) == ["c", "d", "e", "f"])
        #expect(members(large, ScoreRange(min: 1, max: 2, minExclusive: true), reverse: true, offset: 1) == ["e"])
        #expect(large.count(in: ScoreRange(min: 0, max: 3, maxExclusive: true)) == 6)
        small.free()
        large.free()
    }

    @Test("a listpack converts to a skiplist past zset-max-listpack-entries and -value, keeping every pair")
    func conversionAtThresholds() {
        let limits = Self.limits(entries: 4, value: 8)
        var set = SortedSetValue.make(expecting: 1, longestMember: 1, limits: limits)
        for index in 0..<4 { _ = Self.add(&set, "m\(index)", Double(index), limits: limits) }
        #expect(set.encoding == .listpack)
        _ = Self.add(&set, "m4", 4, limits: limits)
        #expect(set.encoding == .skiplist)
        #expect(Self.contents(set).map(\.0) == ["m0", "m1", "m2", "m3", "m4"])
        set.free()

        var long = SortedSetValue.make(expecting: 1, longestMember: 1, limits: limits)
        _ = Self.add(&long, "12345678", 1, limits: limits)
        #expect(long.encoding == .listpack)
        _ = Self.add(&long, "123456789", 2, limits: limits)
        #expect(long.encoding == .skiplist)
        long.convertToListpack()
        #expect(long.encoding == .listpack && Self.contents(long).map(\.1) == [1, 2])
        long.free()
    }

    @Test("ZADD options: NX, XX, GT, LT and INCR, NaN refused")
    func addOptions() {
        let limits = Self.limits()
        var set = SortedSetValue.make(expecting: 1, longestMember: 1, limits: limits)
        #expect(Self.add(&set, "a", 5, limits: limits) == .added(5))
        #expect(Self.add(&set, "a", 6, options: .init(onlyNew: true), limits: limits) == .refused)
        #expect(Self.add(&set, "b", 6, options: .init(onlyExisting: true), limits: limits) == .refused)
        #expect(Self.add(&set, "a", 4, options: .init(onlyGreater: true), limits: limits) == .refused)
        #expect(Self.add(&set, "a", 4, options: .init(onlyLess: true), limits: limits) == .updated(4))
        #expect(Self.add(&set, "a", 1.5, options: .init(increment: true), limits: limits) == .updated(5.5))
        #expect(Self.add(&set, "a", .infinity, limits: limits) == .updated(.infinity))
        #expect(Self.add(&set, "a", -.infinity, options: .init(increment: true), limits: limits) == .notANumber)
        #expect(B.with("a") { set.score(of: $0) } == .infinity)
        set.free()
    }

    @Test("scores are stored as Redis's d2string writes them and read back exactly")
    func scoreText() {
        withUnsafeTemporaryAllocation(byteCount: SortedSetScore.scratchSize, alignment: 1) { scratch in
            #expect(B.string(SortedSetScore.format(0.1, into: scratch)) == "0.10000000000000001")
            #expect(B.string(SortedSetScore.format(-3, into: scratch)) == "-3")
            #expect(B.string(SortedSetScore.format(-.infinity, into: scratch)) == "-inf")
            #expect(B.string(SortedSetScore.format(1e300, into: scratch)) == "1.0000000000000001e+300")
        }
        #expect(B.with("1e3") { SortedSetScore.parse($0) } == 1000)
        #expect(B.with(" 1") { SortedSetScore.parse($0) } == nil)
        #expect(B.with("nan") { SortedSetScore.parse($0) } == nil)
        #expect(B.with("-inf") { SortedSetScore.parse($0) } == -.infinity)
        #expect(B.with("(") { SortedSetScore.parseBound($0) }.map { $0.value } == 0)
        #expect(B.with("((1") { SortedSetScore.parseBound($0) } == nil)
    }

    @Test("clone copies both encodings; free returns every block")
    func cloneAndFree() {
        let before = StructureMemory.liveBlocks
        var set = SortedSetValue.make(expecting: 0, longestMember: 0, limits: Self.limits(entries: 0))
        for index in 0..<50 { _ = Self.add(&set, "m\(index)", Double(index % 7), limits: Self.limits(entries: 0)) }
        let copy = set.clone()
        #expect(Self.contents(copy).map(\.0) == Self.contents(set).map(\.0))
        copy.free()
        set.free()
        #expect(StructureMemory.liveBlocks == before)
    }
}
