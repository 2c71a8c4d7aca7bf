import Testing
@testable import Tessera

/// `ByteDict` against a Swift Set/Dictionary model: membership and values under random
/// operations, incremental growth and shrink, SCAN's guarantee across resizes, random members,
/// cloning and freeing without leaks.
@Suite("ByteDict")
struct ByteDictTests {
    typealias B = StructureBytes

    @discardableResult
    func insert(_ dict: ByteDict, _ member: String) -> Bool { B.with(member) { dict.insert($0) } }

    @discardableResult
    func set(_ dict: ByteDict, _ member: String, _ value: String) -> Bool {
        B.with(member) { member in B.with(value) { dict.set(member, value: $0) } }
    }

    @discardableResult
    func remove(_ dict: ByteDict, _ member: String) -> Bool { B.with(member) { dict.remove($0) } }

    func value(_ dict: ByteDict, _ member: String) -> String? {
        B.with(member) { dict.find($0).map { B.string($0.value) } }
    }

    func members(_ dict: ByteDict) -> [String] {
        var result: [String] = []
        dict.forEach { result.append(B.string($0.member)) }
        return result
    }

    /// A full SCAN, calling `between` after every step (it may write to the dict).
    func scanAll(_ dict: ByteDict, between: (Int) -> Void = { _ in }) -> [String] {
        var seen: [String] = []
        var cursor: UInt64 = 0
        var step = 0
        repeat {
            cursor = dict.scan(cursor: cursor) { seen.append(B.string($0.member)) }
            between(step)
            step += 1
        } while cursor != 0
        return seen
    }

    @Test("SADD/SREM/SISMEMBER-style operations agree with a Set model", arguments: [1, 2, 3] as [UInt64])
    func setModel(seed: UInt64) {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: seed)
        let dict = ByteDict.make(.none)
        var model = Set<String>()
        for _ in 0..<20_000 {
            let member = "member:\(Int.random(in: 0..<1_500, using: &generator))"
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: #expect(insert(dict, member) == model.insert(member).inserted)
            case 1: #expect(remove(dict, member) == (model.remove(member) != nil))
            default: #expect(B.with(member) { dict.contains($0) } == model.contains(member))
            }
            #expect(dict.count == model.count)
        }
        #expect(Set(members(dict)) == model)
        #expect(members(dict).count == model.count)
        dict.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("HSET/HDEL/HGET-style operations agree with a Dictionary model, values of every length", arguments: [7, 8] as [UInt64])
    func hashModel(seed: UInt64) {
        let before = StructureMemory.liveBlocks
        var generator = FastRandom(seed: seed)
        let dict = ByteDict.make(.bytes)
        var model: [String: String] = [:]
        for _ in 0..<20_000 {
            let member = "field:\(Int.random(in: 0..<1_000, using: &generator))"
            switch Int.random(in: 0..<4, using: &generator) {
            case 0, 1:
                // Lengths repeat often, so same-length overwrites in place are exercised too.
                let value = String(repeating: "v", count: Int.random(in: 0..<4, using: &generator) * 7)
                    + String(Int.random(in: 0..<10, using: &generator))
                #expect(set(dict, member, value) == (model.updateValue(value, forKey: member) == nil))
            case 2: #expect(remove(dict, member) == (model.removeValue(forKey: member) != nil))
            default: #expect(value(dict, member) == model[member])
            }
        }
        #expect(dict.count == model.count)
        for (member, expected) in model { #expect(value(dict, member) == expected) }
        #expect(value(dict, "absent") == nil)
        dict.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("Empty members and values are stored like any other")
    func emptyBytes() {
        let dict = ByteDict.make(.bytes)
        #expect(set(dict, "", ""))
        #expect(value(dict, "") == "")
        #expect(!set(dict, "", "x"))
        #expect(value(dict, "") == "x")
        #expect(remove(dict, ""))
        #expect(dict.isEmpty)
        dict.free()
    }

    @Test("The dict grows at load factor 1 and shrinks below 10% full, incrementally")
    func growAndShrink() {
        let dict = ByteDict.make(.none)
        for index in 0..<4 { insert(dict, "m\(index)") }
        #expect(dict.size(0) == 4 && !dict.isRehashing)
        insert(dict, "m4")
        #expect(dict.isRehashing)
        #expect(dict.size(1) == 8)
        dict.rehashCompletely()
        #expect(dict.size(0) == 8 && dict.size(1) == 0 && dict.count == 5)

        for index in 5..<1_000 { insert(dict, "m\(index)") }
        dict.rehashCompletely()
        #expect(dict.size(0) == 1_024)
        // 103 of 1024 buckets is still 10% (integer percent, as htNeedsResize): no shrink yet.
        for index in 0..<897 { remove(dict, "m\(index)") }
        #expect(dict.count == 103)
        #expect(dict.size(0) == 1_024 && !dict.isRehashing)
        remove(dict, "m897")
        #expect(dict.isRehashing)
        #expect(dict.size(1) == 128)
        dict.rehashCompletely()
        #expect(dict.size(0) == 128)
        for index in 898..<1_000 { #expect(B.with("m\(index)") { dict.contains($0) }) }
        dict.free()
    }

    @Test("An insert that starts a grow moves at most one bucket per write, not the whole table")
    func rehashIsIncremental() {
        let dict = ByteDict.make(.none)
        for index in 0..<4_096 { insert(dict, "member:\(index)") }
        dict.rehashCompletely()
        #expect(dict.size(0) == 4_096 && dict.used(0) == 4_096)
        var longestChain = 0
        for bucket in 0..<dict.size(0) {
            var length = 0
            dict.visitBucket(table: 0, bucket) { _ in length += 1 }
            longestChain = max(longestChain, length)
        }

        insert(dict, "trigger")
        #expect(dict.isRehashing)
        #expect(dict.size(1) == 8_192)
        #expect(dict.used(0) == 4_096)
        for step in 1...50 {
            insert(dict, "more:\(step)")
            let moved = dict.used(1) - (step + 1)
            #expect(moved <= step * longestChain)
            #expect(dict.used(0) >= 4_096 - step * longestChain)
        }
        // Every member stays reachable mid-rehash.
        for index in 0..<4_096 { #expect(B.with("member:\(index)") { dict.contains($0) }) }
        dict.free()
    }

    @Test("SCAN of a stable dict returns every member exactly once")
    func scanStable() {
        let dict = ByteDict.make(.none)
        #expect(dict.scan(cursor: 0) { _ in Issue.record("an empty dict visited a member") } == 0)
        for index in 0..<5_000 { insert(dict, "m\(index)") }
        dict.rehashCompletely()
        let seen = scanAll(dict)
        #expect(seen.count == 5_000)
        #expect(Set(seen).count == 5_000)
        dict.free()
    }

    @Test("SCAN returns every member present throughout while the dict grows and shrinks between calls",
          arguments: [11, 12, 13] as [UInt64])
    func scanAcrossResizes(seed: UInt64) {
        var generator = FastRandom(seed: seed)
        let dict = ByteDict.make(.none)
        for index in 0..<300 { insert(dict, "stable:\(index)") }
        var transient: [String] = []
        var everPresent = Set((0..<300).map { "stable:\($0)" })
        var sawRehashBetweenSteps = false
        let seen = scanAll(dict) { step in
            // Grow for a while, then shrink well below 10%, then grow again: each phase leaves
            // rehashes half done between SCAN calls.
            let phase = (step / 10) % 3
            if phase != 1 {
                for _ in 0..<Int.random(in: 20..<60, using: &generator) {
                    let member = "transient:\(step):\(transient.count)"
                    insert(dict, member)
                    transient.append(member)
                    everPresent.insert(member)
                }
            } else {
                while let member = transient.popLast() { remove(dict, member) }
            }
            if dict.isRehashing { sawRehashBetweenSteps = true }
        }
        #expect(sawRehashBetweenSteps)
        let seenSet = Set(seen)
        for index in 0..<300 { #expect(seenSet.contains("stable:\(index)"), "stable:\(index) missed") }
        #expect(seenSet.isSubset(of: everPresent))
        dict.free()
    }

    @Test("Random members are drawn fairly: each of 10 members within 10,000 draws")
    func randomDistribution() {
        var generator = FastRandom(seed: 42)
        let dict = ByteDict.make(.none)
        #expect(dict.fairRandomEntry(using: &generator) == nil)
        #expect(dict.randomEntry(using: &generator) == nil)
        for index in 0..<10 { insert(dict, "m\(index)") }
        var fair: [String: Int] = [:]
        var plain: [String: Int] = [:]
        for _ in 0..<10_000 {
            fair[B.string(dict.fairRandomEntry(using: &generator)!.member), default: 0] += 1
            plain[B.string(dict.randomEntry(using: &generator)!.member), default: 0] += 1
        }
        #expect(fair.count == 10)
        #expect(plain.count == 10)
        // Not degenerate: no member drawn fewer than a quarter of its fair share.
        #expect(fair.values.min()! > 250)
        dict.free()
    }

    @Test("Random members come from both tables while a rehash is under way")
    func randomMidRehash() {
        var generator = FastRandom(seed: 5)
        let dict = ByteDict.make(.none)
        for index in 0..<1_125 { insert(dict, "m\(index)") }
        #expect(dict.isRehashing)
        #expect(dict.used(1) > 100)
        var drawn = Set<String>()
        for _ in 0..<20_000 {
            drawn.insert(B.string(dict.fairRandomEntry(using: &generator)!.member))
            drawn.insert(B.string(dict.randomEntry(using: &generator)!.member))
        }
        #expect(drawn.isSubset(of: Set((0..<1_125).map { "m\($0)" })))
        #expect(drawn.count > 1_000)
        dict.free()
    }

    @Test("SPOP-style draining by random member returns every member once and empties the dict")
    func drainByRandom() {
        var generator = FastRandom(seed: 9)
        let dict = ByteDict.make(.none)
        for index in 0..<2_000 { insert(dict, "m\(index)") }
        var popped = Set<String>()
        while let entry = dict.fairRandomEntry(using: &generator) {
            let member = B.string(entry.member)
            #expect(popped.insert(member).inserted)
            #expect(remove(dict, member))
        }
        #expect(popped.count == 2_000)
        #expect(dict.isEmpty)
        dict.free()
    }

    @Test("A clone is a deep copy: same members and values, independent afterwards, freed separately")
    func cloneIsDeep() {
        let before = StructureMemory.liveBlocks
        let dict = ByteDict.make(.bytes)
        for index in 0..<3_000 { set(dict, "f\(index)", "value:\(index)") }
        let copy = dict.clone()
        #expect(copy.count == 3_000)
        for index in 0..<3_000 { #expect(value(copy, "f\(index)") == "value:\(index)") }
        set(dict, "f0", "changed")
        remove(dict, "f1")
        #expect(value(copy, "f0") == "value:0")
        #expect(value(copy, "f1") == "value:1")
        dict.free()
        #expect(value(copy, "f2") == "value:2")
        copy.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("removeAll frees every entry and leaves a usable empty dict")
    func removeAllKeepsDictUsable() {
        let before = StructureMemory.liveBlocks
        let dict = ByteDict.make(.none)
        for index in 0..<1_000 { insert(dict, "m\(index)") }
        dict.removeAll()
        #expect(dict.isEmpty)
        #expect(StructureMemory.liveBlocks == before + 1)
        #expect(insert(dict, "again"))
        #expect(members(dict) == ["again"])
        dict.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    @Test("Bytes used covers header, buckets and every entry, and grows with the values")
    func bytesUsed() {
        let dict = ByteDict.make(.bytes)
        let empty = dict.bytesUsed
        #expect(empty >= ByteDict.headerSize)
        for index in 0..<100 { set(dict, "f\(index)", String(repeating: "x", count: 100)) }
        let full = dict.bytesUsed
        #expect(full >= empty + 100 * (20 + 100) + 128 * 8)
        dict.free()
    }
}
