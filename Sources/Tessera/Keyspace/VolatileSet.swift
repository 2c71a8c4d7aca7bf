#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of a table that have a deadline, in a dense array so the active expiry cycle can
/// sample them uniformly in O(1) (Redis samples its `expires` dict the same way). Each entry
/// records its own index, so removal is a swap with the last element.
struct VolatileSet {
    private var items: UnsafeMutablePointer<UnsafeMutableRawPointer>? = nil
    private var capacity = 0
    private(set) var count = 0

    mutating func add(_ entry: Entry) {
        if count == capacity {
            capacity = max(16, capacity * 2)
            items = realloc(items, capacity * MemoryLayout<UnsafeMutableRawPointer>.stride)!
                .assumingMemoryBound(to: UnsafeMutableRawPointer.self)
        }
        items![count] = entry.base
        entry.volatileIndex = count
        count += 1
    }

    mutating func remove(_ entry: Entry) {
        let index = entry.volatileIndex
        count -= 1
        if index != count {
            let last = items![count]
            items![index] = last
            Entry(last).volatileIndex = index
        }
    }

    func replace(_ old: Entry, with new: Entry) {
        let index = old.volatileIndex
        items![index] = new.base
        new.volatileIndex = index
    }

    func random<G: RandomNumberGenerator>(using generator: inout G) -> Entry? {
        guard count > 0 else { return nil }
        return Entry(items![Int.random(in: 0..<count, using: &generator)])
    }

    mutating func removeAll() {
        free(items)
        items = nil
        capacity = 0
        count = 0
    }
}
