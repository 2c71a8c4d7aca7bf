import Testing
@testable import Tessera

/// The zset pair: skiplist and member dict kept in step by every change, members stored once.
@Suite("Sorted set index")
struct SortedSetIndexTests {
    typealias B = StructureBytes

    func add(_ set: SortedSetIndex, _ member: String, _ score: Double) -> SortedSetIndex.AddOutcome {
        B.with(member) { set.add($0, score: score) }
    }

    func score(_ set: SortedSetIndex, _ member: String) -> Double? { B.with(member) { set.score(of: $0) } }
    func rank(_ set: SortedSetIndex, _ member: String, reverse: Bool = false) -> Int? {
        B.with(member) { set.rank(of: $0, reverse: reverse) }
    }

    @Test("ZADD, ZREM, ZSCORE and ZRANK-style operations agree with a model", arguments: [1, 2] as [UInt64])
    func randomModel(seed: UInt64) {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: seed)
        let set = SortedSetIndex.make(seed: seed)
        var model: [String: Double] = [:]
        for step in 1...10_000 {
            let member = "m\(Int.random(in: 0..<800, using: &generator))"
            let newScore = Double(Int.random(in: -20..<20, using: &generator)) / 2
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                let expected: SortedSetIndex.AddOutcome =
                    model[member] == nil ? .added : model[member] == newScore ? .unchanged : .updated
                #expect(add(set, member, newScore) == expected)
                model[member] = newScore
            case 1:
                #expect(B.with(member) { set.remove($0) } == (model.removeValue(forKey: member) != nil))
            default:
                #expect(score(set, member) == model[member])
            }
            #expect(set.count == model.count && set.dict.count == model.count)
            if step % 1_000 == 0 { verifyRanks(set, model) }
        }
        verifyRanks(set, model)
        set.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    func verifyRanks(_ set: SortedSetIndex, _ model: [String: Double]) {
        let sorted = model.sorted { a, b in
            a.value < b.value || (a.value == b.value && bytesPrecede(Array(a.key.utf8), Array(b.key.utf8)))
        }
        for (index, item) in sorted.enumerated() {
            #expect(rank(set, item.key) == index)
            #expect(rank(set, item.key, reverse: true) == sorted.count - 1 - index)
        }
        #expect(rank(set, "absent") == nil)
    }

    @Test("The member dict points at the skiplist nodes: member bytes are stored once")
    func membersStoredOnce() {
        let set = SortedSetIndex.make(seed: 3)
        _ = add(set, "alpha", 1)
        _ = add(set, "beta", 2)
        let entry = B.with("alpha") { set.dict.find($0) }!
        let node = set.list.first!
        #expect(entry.node == node.base)
        #expect(entry.member.baseAddress == node.member.baseAddress)
        // An update that moves the node keeps the dict's pointer valid.
        _ = add(set, "alpha", 5)
        #expect(set.list.last == node)
        #expect(score(set, "alpha") == 5)
        set.free()
    }

    @Test("Range deletions remove the members from the dict too (ZREMRANGEBYSCORE, BYRANK, BYLEX, ZPOPMIN)")
    func rangeDeletionKeepsDictInStep() {
        let before = StructureMemory.liveBlocks
        let set = SortedSetIndex.make(seed: 4)
        for index in 0..<100 { _ = add(set, "m\(index)", Double(index)) }
        var popped: [String] = []
        #expect(set.deleteRange(ranks: 0...1) { popped.append(B.string($0.member)) } == 2)
        #expect(popped == ["m0", "m1"])
        #expect(score(set, "m0") == nil && score(set, "m2") == 2)
        #expect(set.deleteRange(ScoreRange(min: 10, max: 20, minExclusive: true)) == 10)
        #expect(score(set, "m10") == 10 && score(set, "m11") == nil && score(set, "m20") == nil && score(set, "m21") == 21)
        #expect(set.count == 88 && set.dict.count == 88)

        let lex = SortedSetIndex.make(seed: 5)
        for name in ["a", "b", "c", "d"] { _ = add(lex, name, 0) }
        let removed = B.with("(a") { low in
            B.with("[c") { high in
                lex.deleteRange(LexRange(min: LexRange.Bound(parsing: low)!, max: LexRange.Bound(parsing: high)!))
            }
        }
        #expect(removed == 2)
        #expect(score(lex, "a") == 0 && score(lex, "b") == nil && score(lex, "c") == nil && score(lex, "d") == 0)
        #expect(rank(lex, "d") == 1)
        set.free()
        lex.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("A clone has the same scores and ranks and is independent of the original")
    func cloneIsDeep() {
        let before = StructureMemory.liveBlocks
        let set = SortedSetIndex.make(seed: 6)
        for index in 0..<1_000 { _ = add(set, "m\(index)", Double(index % 37)) }
        let copy = set.clone()
        #expect(copy.count == 1_000)
        for index in stride(from: 0, to: 1_000, by: 7) {
            #expect(score(copy, "m\(index)") == Double(index % 37))
            #expect(rank(copy, "m\(index)") == rank(set, "m\(index)"))
        }
        _ = add(set, "m0", 100)
        #expect(B.with("m1") { set.remove($0) })
        #expect(score(copy, "m0") == 0 && score(copy, "m1") == 1)
        set.free()
        #expect(rank(copy, "m5") != nil)
        copy.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("Bytes used adds the index header, the nodes and the dict")
    func bytesUsed() {
        let set = SortedSetIndex.make(seed: 7)
        let empty = set.bytesUsed
        for index in 0..<100 { _ = add(set, "member:\(index)", Double(index)) }
        #expect(set.bytesUsed >= empty + 100 * (24 + 8 + 16) + 100 * 24)
        set.free()
    }
}
