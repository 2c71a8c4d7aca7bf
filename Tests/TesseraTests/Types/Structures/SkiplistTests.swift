import Testing
@testable import Tessera

/// `Skiplist` against a sorted-array model: order by (score, member bytes), ranks both ways,
/// rank lookups, score and lex ranges with every kind of bound, range deletions, score updates
/// in place and by relinking, cloning and freeing without leaks.
@Suite("Skiplist")
struct SkiplistTests {
    typealias Item = (score: Double, member: [UInt8])

    static func sorted(_ model: [[UInt8]: Double]) -> [Item] {
        model.map { (score: $0.value, member: $0.key) }.sorted { a, b in
            a.score < b.score || (a.score == b.score && bytesPrecede(a.member, b.member))
        }
    }

    func contents(_ list: Skiplist, reverse: Bool = false) -> [Item] {
        var items: [Item] = []
        list.forEach(reverse: reverse) { node in
            items.append((node.score, Array(node.member)))
            return true
        }
        return items
    }

    func same(_ a: [Item], _ b: [Item]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.score == $1.score && $0.member == $1.member }
    }

    /// Checks order both ways, every rank and every rank lookup against the model.
    func verify(_ list: Skiplist, _ model: [[UInt8]: Double]) {
        let expected = SkiplistTests.sorted(model)
        #expect(list.count == expected.count)
        #expect(same(contents(list), expected))
        #expect(same(contents(list, reverse: true), expected.reversed()))
        for (index, item) in expected.enumerated() {
            item.member.withUnsafeBytes { member in
                #expect(list.rank(score: item.score, member: member) == index)
                #expect(list.reverseRank(score: item.score, member: member) == expected.count - 1 - index)
            }
            let node = list.node(atRank: index)
            #expect(node.map { Array($0.member) } == item.member)
        }
        #expect(list.node(atRank: expected.count) == nil)
        #expect(list.node(atRank: -1) == nil)
        #expect(list.first.map { Array($0.member) } == expected.first?.member)
        #expect(list.last.map { Array($0.member) } == expected.last?.member)
    }

    static let scores: [Double] = [-.infinity, -2.5, 0, 1, 1, 1, 2, 3.5, 1e300, .infinity]
    static let alphabet: [UInt8] = [0x00, 0x41, 0x61, 0x62, 0x7F, 0x80, 0xFF]

    static func randomMember<G: RandomNumberGenerator>(_ generator: inout G) -> [UInt8] {
        (0..<Int.random(in: 0...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
    }

    @Test("Inserts, deletes and score updates agree with a sorted model, ranks included",
          arguments: [1, 2, 3] as [UInt64])
    func randomModel(seed: UInt64) {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: seed)
        let list = Skiplist.make(seed: seed)
        var model: [[UInt8]: Double] = [:]
        for step in 1...6_000 {
            let member = SkiplistTests.randomMember(&generator)
            let score = SkiplistTests.scores.randomElement(using: &generator)!
            member.withUnsafeBytes { bytes in
                switch (Int.random(in: 0..<3, using: &generator), model[member]) {
                case (0, nil):
                    let node = list.insert(score: score, member: bytes)
                    #expect(node.score == score && Array(node.member) == member)
                    model[member] = score
                case (1, let current?):
                    #expect(!list.delete(score: current == 0 ? 1 : 0, member: bytes), "wrong score must not match")
                    #expect(list.delete(score: current, member: bytes))
                    model[member] = nil
                case (2, let current?):
                    let rank = list.rank(score: current, member: bytes)!
                    let node = list.node(atRank: rank)!
                    list.updateScore(of: node, to: score)
                    #expect(node.score == score && Array(node.member) == member, "the node keeps its address")
                    model[member] = score
                case (_, nil):
                    #expect(!list.delete(score: score, member: bytes), "an absent member is not deleted")
                default:
                    #expect(list.rank(score: model[member]!, member: bytes) != nil)
                }
            }
            if step % 500 == 0 { verify(list, model) }
        }
        verify(list, model)
        list.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("Equal scores are ordered by member bytes: memcmp order, a shorter prefix first")
    func equalScoresByMember() {
        let list = Skiplist.make(seed: 4)
        let members: [[UInt8]] = [[0x62], [0x61], [0x61, 0x62], [], [0x80], [0x61, 0x00], [0x7F]]
        for member in members { member.withUnsafeBytes { _ = list.insert(score: 7, member: $0) } }
        #expect(contents(list).map(\.member) == [[], [0x61], [0x61, 0x00], [0x61, 0x62], [0x62], [0x7F], [0x80]])
        list.free()
    }

    @Test("A score update keeps the node in place when its order allows, and relinks the same node otherwise")
    func updateScore() {
        let list = Skiplist.make(seed: 5)
        var nodes: [SkiplistNode] = []
        for (index, name) in ["a", "b", "c", "d"].enumerated() {
            nodes.append(StructureBytes.with(name) { list.insert(score: Double(index + 1), member: $0) })
        }
        let b = nodes[1]
        list.updateScore(of: b, to: 2.5)
        #expect(list.node(atRank: 1) == b && b.score == 2.5)
        list.updateScore(of: b, to: 10)
        #expect(list.last == b && list.node(atRank: 3) == b)
        #expect(StructureBytes.with("b") { list.rank(score: 10, member: $0) } == 3)
        list.updateScore(of: b, to: -1)
        #expect(list.first == b && b.previous == nil && b.next == nodes[0] && nodes[0].previous == b)
        #expect(contents(list).map(\.member) == ["b", "a", "c", "d"].map { Array($0.utf8) })
        #expect(contents(list).map(\.score) == [-1, 1, 3, 4])
        list.free()
    }

    // MARK: ranges

    static func randomScoreRange<G: RandomNumberGenerator>(_ generator: inout G) -> ScoreRange {
        let bounds: [Double] = [-.infinity, .infinity, -1, 0, 3, 3.5, 10, 24, 49, 50, 60]
        return ScoreRange(min: bounds.randomElement(using: &generator)!, max: bounds.randomElement(using: &generator)!,
                          minExclusive: Bool.random(using: &generator), maxExclusive: Bool.random(using: &generator))
    }

    @Test("First and last node in a score range, with inclusive and exclusive ends and infinities",
          arguments: [21, 22] as [UInt64])
    func scoreRanges(seed: UInt64) {
        var generator = FastRandom(seed: seed)
        let list = Skiplist.make(seed: seed)
        var model: [[UInt8]: Double] = [:]
        for index in 0..<300 {
            let member = Array("m\(index)".utf8)
            let score = Double(Int.random(in: 0..<50, using: &generator))
            model[member] = score
            member.withUnsafeBytes { _ = list.insert(score: score, member: $0) }
        }
        let sorted = SkiplistTests.sorted(model)
        for _ in 0..<500 {
            let range = SkiplistTests.randomScoreRange(&generator)
            let inside = sorted.filter { range.contains($0.score) }
            #expect(list.firstNode(in: range).map { Array($0.member) } == inside.first?.member)
            #expect(list.lastNode(in: range).map { Array($0.member) } == inside.last?.member)
            if !inside.isEmpty { #expect(list.overlaps(range)) }
        }
        #expect(list.firstNode(in: ScoreRange.all) == list.first)
        #expect(list.lastNode(in: ScoreRange.all) == list.last)
        #expect(list.firstNode(in: ScoreRange(min: 5, max: 5, minExclusive: true)) == nil)
        #expect(list.firstNode(in: ScoreRange(min: 6, max: 5)) == nil)
        list.free()

        // Overlapping the span of scores is not containing one: [2, 3] between 1 and 5.
        let sparse = Skiplist.make(seed: seed)
        StructureBytes.with("a") { _ = sparse.insert(score: 1, member: $0) }
        StructureBytes.with("b") { _ = sparse.insert(score: 5, member: $0) }
        #expect(sparse.overlaps(ScoreRange(min: 2, max: 3)))
        #expect(sparse.firstNode(in: ScoreRange(min: 2, max: 3)) == nil)
        #expect(sparse.lastNode(in: ScoreRange(min: 2, max: 3)) == nil)
        #expect(!sparse.overlaps(ScoreRange(min: 5, max: 7, minExclusive: true)))
        #expect(sparse.lastNode(in: ScoreRange(min: 1, max: 5, maxExclusive: true)).map { Array($0.member) } == [0x61])
        sparse.free()
    }

    @Test("ZREMRANGEBYSCORE-style deletion removes exactly the model's range and reports each member",
          arguments: [31, 32] as [UInt64])
    func deleteScoreRanges(seed: UInt64) {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: seed)
        for _ in 0..<40 {
            let list = Skiplist.make(seed: generator.next())
            var model: [[UInt8]: Double] = [:]
            for index in 0..<120 {
                let member = Array("m\(index)".utf8)
                model[member] = Double(Int.random(in: 0..<50, using: &generator))
                member.withUnsafeBytes { _ = list.insert(score: model[member]!, member: $0) }
            }
            let range = SkiplistTests.randomScoreRange(&generator)
            var reported: [[UInt8]] = []
            let removed = list.deleteRange(range) { reported.append(Array($0.member)) }
            let expected = SkiplistTests.sorted(model).filter { range.contains($0.score) }
            #expect(removed == expected.count)
            #expect(reported == expected.map(\.member))
            for item in expected { model[item.member] = nil }
            verify(list, model)
            list.free()
        }
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("ZREMRANGEBYRANK-style deletion removes the ranks asked for", arguments: [41] as [UInt64])
    func deleteRankRanges(seed: UInt64) {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: seed)
        for _ in 0..<40 {
            let list = Skiplist.make(seed: generator.next())
            var model: [[UInt8]: Double] = [:]
            for index in 0..<100 {
                let member = Array("m\(index)".utf8)
                model[member] = Double(Int.random(in: 0..<20, using: &generator))
                member.withUnsafeBytes { _ = list.insert(score: model[member]!, member: $0) }
            }
            let start = Int.random(in: 0..<100, using: &generator)
            let end = Int.random(in: start..<100, using: &generator)
            var reported: [[UInt8]] = []
            #expect(list.deleteRange(ranks: start...end) { reported.append(Array($0.member)) } == end - start + 1)
            let expected = Array(SkiplistTests.sorted(model)[start...end])
            #expect(reported == expected.map(\.member))
            for item in expected { model[item.member] = nil }
            verify(list, model)
            list.free()
        }
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("Lex range items parse as ZRANGEBYLEX's: [a, (a, -, + and nothing else")
    func lexBoundParsing() {
        func parse(_ text: String) -> LexRange.Bound? { StructureBytes.with(text) { LexRange.Bound(parsing: $0) } }
        guard case .lowest = parse("-") else { Issue.record("- is the lowest bound"); return }
        guard case .highest = parse("+") else { Issue.record("+ is the highest bound"); return }
        guard case .inclusive(let a) = parse("[abc"), a.count == 3 else { Issue.record("[abc is inclusive"); return }
        guard case .exclusive(let b) = parse("(ab"), b.count == 2 else { Issue.record("(ab is exclusive"); return }
        guard case .inclusive(let empty) = parse("["), empty.count == 0 else { Issue.record("[ is the empty member"); return }
        #expect(parse("abc") == nil)
        #expect(parse("") == nil)
        #expect(parse("+x") == nil)
        #expect(parse("-a") == nil)
    }

    @Test("A lex range is empty when min sorts above max, or they meet with an exclusive end")
    func lexRangeEmptiness() {
        func range(_ min: String, _ max: String, _ body: (LexRange) -> Void) {
            StructureBytes.with(min) { low in
                StructureBytes.with(max) { high in
                    body(LexRange(min: LexRange.Bound(parsing: low)!, max: LexRange.Bound(parsing: high)!))
                }
            }
        }
        range("-", "+") { #expect(!$0.isEmpty) }
        range("+", "-") { #expect($0.isEmpty) }
        range("-", "-") { #expect($0.isEmpty) }
        range("+", "+") { #expect($0.isEmpty) }
        range("[a", "[a") { #expect(!$0.isEmpty) }
        range("(a", "[a") { #expect($0.isEmpty) }
        range("[a", "(a") { #expect($0.isEmpty) }
        range("[b", "[a") { #expect($0.isEmpty) }
        range("[a", "+") { #expect(!$0.isEmpty) }
        range("-", "(a") { #expect(!$0.isEmpty) }
        range("+", "[a") { #expect($0.isEmpty) }
        range("[a", "-") { #expect($0.isEmpty) }
    }

    @Test("First, last and deletion in lex ranges agree with the model when all scores are equal",
          arguments: [51, 52] as [UInt64])
    func lexRanges(seed: UInt64) {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: seed)
        let letters = Array("abc".utf8)
        func randomText() -> [UInt8] {
            (0..<Int.random(in: 0...3, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
        }
        func randomBound() -> [UInt8] {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: return Array("-".utf8)
            case 1: return Array("+".utf8)
            case 2, 3: return Array("[".utf8) + randomText()
            default: return Array("(".utf8) + randomText()
            }
        }
        for _ in 0..<60 {
            let list = Skiplist.make(seed: generator.next())
            var model: [[UInt8]: Double] = [:]
            for _ in 0..<25 {
                let member = randomText()
                if model[member] == nil {
                    model[member] = 0
                    member.withUnsafeBytes { _ = list.insert(score: 0, member: $0) }
                }
            }
            let sorted = SkiplistTests.sorted(model)
            let minText = randomBound(), maxText = randomBound()
            minText.withUnsafeBytes { low in
                maxText.withUnsafeBytes { high in
                    let range = LexRange(min: LexRange.Bound(parsing: low)!, max: LexRange.Bound(parsing: high)!)
                    let inside = sorted.filter { item in item.member.withUnsafeBytes { range.contains($0) } }
                    #expect(list.firstNode(in: range).map { Array($0.member) } == inside.first?.member)
                    #expect(list.lastNode(in: range).map { Array($0.member) } == inside.last?.member)
                    var reported: [[UInt8]] = []
                    #expect(list.deleteRange(range) { reported.append(Array($0.member)) } == inside.count)
                    #expect(reported == inside.map(\.member))
                    for item in inside { model[item.member] = nil }
                }
            }
            verify(list, model)
            list.free()
        }
        #expect(StructureMemory.liveBlocks == before)
    }

    // MARK: whole list

    @Test("A clone has the same members in the same order and is independent")
    func cloneIsDeep() {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: 61)
        let list = Skiplist.make(seed: 61)
        var model: [[UInt8]: Double] = [:]
        for index in 0..<2_000 {
            let member = Array("m\(index)".utf8)
            model[member] = Double(Int.random(in: 0..<100, using: &generator))
            member.withUnsafeBytes { _ = list.insert(score: model[member]!, member: $0) }
        }
        let copy = list.clone()
        verify(copy, model)
        list.deleteRange(ranks: 0...999)
        verify(copy, model)
        list.free()
        copy.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("Levels stay within 32 and are spread at p = 1/4")
    func levelDistribution() {
        let list = Skiplist.make(seed: 71)
        var levels = [Int](repeating: 0, count: Skiplist.maxLevel + 1)
        for index in 0..<20_000 {
            let node = StructureBytes.with("m\(index)") { list.insert(score: Double(index), member: $0) }
            levels[node.levelCount] += 1
        }
        #expect(levels[0] == 0)
        // About 3/4 of nodes have one level, 3/16 two: allow a wide margin.
        #expect((14_000...16_000).contains(levels[1]))
        #expect((3_200...4_300).contains(levels[2]))
        #expect(list.level <= Skiplist.maxLevel)
        list.free()
    }

    @Test("Bytes used counts every node")
    func bytesUsed() {
        let list = Skiplist.make(seed: 81)
        let empty = list.bytesUsed
        for index in 0..<100 { StructureBytes.with(String(repeating: "m", count: 50) + "\(index)") { _ = list.insert(score: 1, member: $0) } }
        #expect(list.bytesUsed >= empty + 100 * (24 + 50 + 16))
        list.removeAll()
        #expect(list.bytesUsed == empty)
        #expect(list.count == 0 && list.first == nil && list.last == nil)
        list.free()
    }
}
