import Testing
@testable import Tessera

@Suite("Set type API")
struct SetValueTests {
    @Test("A set starts as an intset for an integer first member, as a hashtable otherwise")
    func createdEncoding() {
        let integers = bytes("12") { SetValue.create(for: $0) }
        let words = bytes("a") { SetValue.create(for: $0) }
        let padded = bytes("012") { SetValue.create(for: $0) }
        #expect(integers.encoding == .intset)
        #expect(words.encoding == .hashtable)
        #expect(padded.encoding == .hashtable, "'012' is not the canonical form of an integer")
        integers.free(); words.free(); padded.free()
    }

    @Test("Adding a non-integer member converts an intset to a hashtable with every member kept")
    func convertsOnString() {
        var set = SetValue.emptyIntset()
        for value in [5, -3, 70000, 1 << 40] {
            let added = set.add(integer: Int64(value), maxIntsetEntries: 512)
            #expect(added)
        }
        #expect(set.encoding == .intset)
        let addedString = bytes("x") { set.add($0, maxIntsetEntries: 512) }
        #expect(addedString)
        #expect(set.encoding == .hashtable)
        #expect(members(set) == ["-3", "1099511627776", "5", "70000", "x"])
        #expect(bytes("70000") { set.contains($0) })
        #expect(set.contains(integer: -3))
        set.free()
    }

    @Test("An intset converts once it holds more than set-max-intset-entries members, not at the limit")
    func convertsPastLimit() {
        var set = SetValue.emptyIntset()
        for value in 0..<4 { set.add(integer: Int64(value), maxIntsetEntries: 4) }
        #expect(set.encoding == .intset)
        let addedAgain = set.add(integer: 3, maxIntsetEntries: 4)
        #expect(!addedAgain, "a member already there adds nothing")
        #expect(set.encoding == .intset)
        set.add(integer: 4, maxIntsetEntries: 4)
        #expect(set.encoding == .hashtable)
        #expect(set.count == 5)
        set.remove(integer: 4)
        set.remove(integer: 3)
        #expect(set.encoding == .hashtable, "a set never converts back")
        set.free()
    }

    @Test("Remove answers whether the member was there, for both encodings")
    func remove() {
        for encodingIsHashtable in [false, true] {
            var set = encodingIsHashtable ? SetValue.emptyHashtable() : SetValue.emptyIntset()
            for value in ["1", "2", "3"] { _ = bytes(value) { set.add($0, maxIntsetEntries: 512) } }
            let removed = bytes("2") { set.remove($0) }
            let removedAgain = bytes("2") { set.remove($0) }
            let removedAbsent = bytes("two") { set.remove($0) }
            #expect(removed && !removedAgain && !removedAbsent)
            #expect(set.count == 2)
            #expect(members(set) == ["1", "3"])
            set.free()
        }
    }

    @Test("A clone is deep and keeps the encoding")
    func cloneIsDeep() {
        for first in ["1", "a"] {
            var set = bytes(first) { SetValue.create(for: $0) }
            _ = bytes(first) { set.add($0, maxIntsetEntries: 512) }
            _ = bytes("7") { set.add($0, maxIntsetEntries: 512) }
            var copy = set.clone()
            #expect(copy.encoding == set.encoding)
            #expect(copy.payload != set.payload)
            _ = bytes("8") { copy.add($0, maxIntsetEntries: 512) }
            #expect(set.count == 2)
            #expect(copy.count == 3)
            set.free(); copy.free()
        }
    }

    @Test("Random members come from the set and reach every member")
    func randomMembers() {
        var generator = FastRandom(seed: 42)
        for first in ["1", "a"] {
            var set = bytes(first) { SetValue.create(for: $0) }
            let values = (0..<20).map { first == "a" ? "m\($0)" : "\($0)" }
            for value in values { _ = bytes(value) { set.add($0, maxIntsetEntries: 512) } }
            var seen = Set<String>()
            for _ in 0..<2000 { seen.insert(set.randomMember(using: &generator).withBytes { String(decoding: $0, as: UTF8.self) }) }
            #expect(seen == Set(values))
            set.free()
        }
    }

    @Test("Memory is freed: structure blocks return to zero after free")
    func freesEverything() {
        let before = StructureMemory.liveBlocks
        var set = SetValue.emptyHashtable()
        for value in 0..<300 { _ = bytes("member\(value)") { set.add($0, maxIntsetEntries: 512) } }
        for value in 0..<150 { _ = bytes("member\(value)") { set.remove($0) } }
        #expect(set.bytesUsed > 0)
        set.free()
        #expect(StructureMemory.liveBlocks == before)
    }

    private func bytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        Array(text.utf8).withUnsafeBytes(body)
    }

    private func members(_ set: SetValue) -> [String] {
        var result: [String] = []
        set.forEach { member in result.append(member.withBytes { String(decoding: $0, as: UTF8.self) }) }
        return result.sorted()
    }
}
