import Testing
@testable import Tessera

/// The quicklist against an Array model: thousands of random pushes, pops, inserts, deletes,
/// range deletes and replacements, with the node limits of both kinds of fill checked after
/// every step.
@Suite("Quicklist")
struct QuicklistTests {
    /// The list's elements head to tail, read through the nodes.
    static func elements(_ list: Quicklist) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var cursor = list.first
        withScratch { scratch in
            while let current = cursor {
                result.append(Array(list.bytes(at: current, scratch: scratch)))
                cursor = list.next(after: current)
            }
        }
        return result
    }

    /// The same, walking from the tail, reversed back.
    static func elementsBackwards(_ list: Quicklist) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var cursor = list.last
        withScratch { scratch in
            while let current = cursor {
                result.append(Array(list.bytes(at: current, scratch: scratch)))
                cursor = list.previous(before: current)
            }
        }
        return result.reversed()
    }

    static func element(_ list: Quicklist, at index: Int) -> [UInt8]? {
        guard let cursor = list.cursor(at: index) else { return nil }
        return withScratch { Array(list.bytes(at: cursor, scratch: $0)) }
    }

    /// Links, counts and node limits. A split may leave a node over a size limit by at most the
    /// element that caused it, as in Redis.
    static func checkStructure(_ list: Quicklist, maxElement: Int) {
        var total = 0
        var nodes = 0
        var previous: Quicklist.NodePointer?
        var node = list.head
        while let current = node {
            #expect(current.pointee.prev == previous)
            #expect(current.pointee.count == current.pointee.entries.count)
            #expect(current.pointee.count > 0, "empty node kept")
            if list.fill > 0 {
                #expect(current.pointee.count <= list.fill)
            } else {
                let limit = Quicklist.optimizationLevels[-list.fill - 1]
                #expect(current.pointee.count == 1 || current.pointee.bytes <= limit + maxElement + 12)
            }
            total += current.pointee.count
            nodes += 1
            previous = current
            node = current.pointee.next
        }
        #expect(list.tail == previous)
        #expect(total == list.count)
        #expect(nodes == list.nodeCount)
    }

    static func randomElement(_ generator: inout FastRandom) -> [UInt8] {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return Array(String(Int64.random(in: -100_000...100_000, using: &generator)).utf8)
        case 1: return [UInt8](repeating: UInt8(ascii: "x"), count: Int.random(in: 60...300, using: &generator))
        default: return Array("e\(Int.random(in: 0..<1000, using: &generator))".utf8)
        }
    }

    static func runRandomOperations(fill: Int, steps: Int, seed: UInt64, replaces: Bool) {
        var generator = FastRandom(seed: seed)
        let list = Quicklist.create(fill: fill)
        defer { list.free() }
        var model: [[UInt8]] = []
        for step in 0..<steps {
            let element = randomElement(&generator)
            let index = model.isEmpty ? 0 : Int.random(in: 0..<model.count, using: &generator)
            let operation = Int.random(in: 0..<(replaces ? 10 : 9), using: &generator)
            switch operation {
            case 0, 1:
                element.withUnsafeBytes { list.push($0, at: .head) }
                model.insert(element, at: 0)
            case 2, 3:
                element.withUnsafeBytes { list.push($0, at: .tail) }
                model.append(element)
            case 4:
                var popped: [UInt8]?
                list.pop(from: operation == 4 && step % 2 == 0 ? .head : .tail) { popped = Array($0) }
                if !model.isEmpty { #expect(popped == (step % 2 == 0 ? model.removeFirst() : model.removeLast())) }
            case 5, 6:
                guard let cursor = list.cursor(at: index) else { continue }
                let after = operation == 6
                element.withUnsafeBytes { after ? list.insert($0, after: cursor) : list.insert($0, before: cursor) }
                model.insert(element, at: after ? index + 1 : index)
            case 7:
                guard let cursor = list.cursor(at: index - model.count) else { continue }
                list.deleteEntry(cursor)
                model.remove(at: index)
            case 8:
                let count = Int.random(in: 0...40, using: &generator)
                list.deleteRange(from: index, count: count)
                if !model.isEmpty { model.removeSubrange(index..<min(model.count, index + count)) }
            default:
                guard !model.isEmpty else { continue }
                #expect(element.withUnsafeBytes { list.replace(at: index, with: $0) })
                model[index] = element
            }
            #expect(list.count == model.count)
            if step % 50 == 0 || step == steps - 1 {
                checkStructure(list, maxElement: 300)
                #expect(elements(list) == model)
                #expect(elementsBackwards(list) == model)
            }
        }
    }

    @Test("random operations match an array model with the default fill (-2, 8 KB nodes)")
    func randomDefaultFill() {
        Self.runRandomOperations(fill: -2, steps: 6000, seed: 0x5EED_0001, replaces: false)
    }

    @Test("random operations match an array model with 4 KB nodes (-1)")
    func randomSmallestSizeFill() {
        Self.runRandomOperations(fill: -1, steps: 4000, seed: 0x5EED_0002, replaces: false)
    }

    @Test("random operations match an array model with a count fill of 4 entries, LSET included")
    func randomCountFill() {
        Self.runRandomOperations(fill: 4, steps: 6000, seed: 0x5EED_0003, replaces: true)
    }

    @Test("random operations match an array model with a count fill of 1 entry per node")
    func randomSingleEntryFill() {
        Self.runRandomOperations(fill: 1, steps: 2000, seed: 0x5EED_0004, replaces: true)
    }

    @Test("pushes fill nodes up to the limit, then open new ones")
    func nodeLimits() {
        let counted = Quicklist.create(fill: 3)
        defer { counted.free() }
        for index in 0..<10 { Array("v\(index)".utf8).withUnsafeBytes { counted.push($0, at: .tail) } }
        #expect(counted.nodeCount == 4)
        #expect(counted.head!.pointee.count == 3)
        #expect(counted.tail!.pointee.count == 1)

        let sized = Quicklist.create(fill: -1)
        defer { sized.free() }
        let element = [UInt8](repeating: 97, count: 100)
        for _ in 0..<100 { element.withUnsafeBytes { sized.push($0, at: .head) } }
        var node = sized.head
        while let current = node {
            #expect(current.pointee.bytes <= 4096)
            node = current.pointee.next
        }
        #expect(sized.nodeCount == 3)
    }

    @Test("index lookups accept negative indexes and refuse out of range ones")
    func indexes() {
        let list = Quicklist.create(fill: 2)
        defer { list.free() }
        for index in 0..<7 { Array("\(index)".utf8).withUnsafeBytes { list.push($0, at: .tail) } }
        #expect(Self.element(list, at: 0) == Array("0".utf8))
        #expect(Self.element(list, at: 6) == Array("6".utf8))
        #expect(Self.element(list, at: -1) == Array("6".utf8))
        #expect(Self.element(list, at: -7) == Array("0".utf8))
        #expect(Self.element(list, at: 3) == Array("3".utf8))
        #expect(Self.element(list, at: 7) == nil)
        #expect(Self.element(list, at: -8) == nil)
    }

    @Test("a clone is equal and independent")
    func cloneIsDeep() {
        let list = Quicklist.create(fill: 2)
        for index in 0..<9 { Array("item\(index)".utf8).withUnsafeBytes { list.push($0, at: .tail) } }
        let copy = list.clone()
        #expect(Self.elements(copy) == Self.elements(list))
        #expect(copy.nodeCount == list.nodeCount)
        #expect(copy.bytesUsed == list.bytesUsed)
        list.deleteRange(from: 0, count: 5)
        list.free()
        #expect(Self.elements(copy).count == 9)
        Self.checkStructure(copy, maxElement: 10)
        copy.free()
    }

    @Test("removing by value walks from either end and frees emptied nodes")
    func removeByValue() {
        let list = Quicklist.create(fill: 2)
        defer { list.free() }
        for text in ["a", "b", "a", "a", "c", "a"] { Array(text.utf8).withUnsafeBytes { list.push($0, at: .tail) } }
        #expect(Array("a".utf8).withUnsafeBytes { list.remove($0, limit: 2, from: .tail) } == 2)
        #expect(Self.elements(list) == ["a", "b", "a", "c"].map { Array($0.utf8) })
        #expect(Array("a".utf8).withUnsafeBytes { list.remove($0, limit: 0, from: .head) } == 2)
        #expect(Self.elements(list) == ["b", "c"].map { Array($0.utf8) })
        Self.checkStructure(list, maxElement: 1)
    }

    @Test("bytes used counts the header, the nodes and their listpacks")
    func bytesUsed() {
        let list = Quicklist.create(fill: -2)
        defer { list.free() }
        let empty = list.bytesUsed
        Array("hello".utf8).withUnsafeBytes { list.push($0, at: .tail) }
        #expect(list.bytesUsed == empty + MemoryLayout<QuicklistNode>.stride + list.head!.pointee.bytes)
    }
}
