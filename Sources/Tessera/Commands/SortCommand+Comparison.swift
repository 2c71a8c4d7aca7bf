#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One element to sort (redisSortObject): where its bytes are, and what it is compared by.
struct SortItem {
    /// The element's bytes in `SortVector.elements`.
    let offset: Int
    let length: Int
    /// Its place in load order, which decides between equal items.
    let position: Int
    /// Numeric sorts: the weight (0 when the BY key is missing).
    var weight: Double = 0
    /// ALPHA with BY: the BY value's bytes in `SortVector.byValues`; -1 when the key is missing.
    var byOffset = -1
    var byLength = 0
}

/// The elements, copied out of the value: reading BY and GET keys may expire (free) keys while
/// SORT runs, and STORE may overwrite the sorted key itself.
struct SortVector {
    var elements: [UInt8] = []
    var byValues: [UInt8] = []
    var items: [SortItem] = []

    mutating func append(_ element: UnsafeRawBufferPointer) {
        items.append(SortItem(offset: elements.count, length: element.count, position: items.count))
        elements.append(contentsOf: element)
    }

    mutating func setByValue(_ value: UnsafeRawBufferPointer, of index: Int) {
        items[index].byOffset = byValues.count
        items[index].byLength = value.count
        byValues.append(contentsOf: value)
    }

    /// Calls `body` with the elements' storage; `SortVector.bytes(of:in:)` slices it.
    func withElements<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        elements.withUnsafeBytes(body)
    }

    static func bytes(of item: SortItem, in elements: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: elements[item.offset..<(item.offset + item.length)])
    }
}

/// sortCompare: numbers by weight, equal weights by the elements' bytes; ALPHA by the BY values
/// (a missing one first) or else the elements. ALPHA compares as strcoll does in the C locale
/// (the bytes up to the first NUL), or, when the result is stored, as compareStringObjects does
/// (all the bytes). DESC negates the comparison. Items still equal keep their load order, as
/// glibc's qsort (a merge sort) keeps them.
struct SortOrder {
    let alpha: Bool
    let byPattern: Bool
    /// STORE: whole binary strings instead of C strings.
    let binary: Bool
    let descending: Bool

    func sort(_ vector: inout SortVector) {
        let order = self
        var items: [SortItem] = []
        swap(&items, &vector.items)
        vector.elements.withUnsafeBytes { elements in
            vector.byValues.withUnsafeBytes { byValues in
                items.sort { order.precedes($0, $1, elements: elements, byValues: byValues) }
            }
        }
        swap(&items, &vector.items)
    }

    func precedes(_ a: SortItem, _ b: SortItem, elements: UnsafeRawBufferPointer,
                  byValues: UnsafeRawBufferPointer) -> Bool {
        let comparison = compare(a, b, elements: elements, byValues: byValues)
        if comparison != 0 { return (descending ? -comparison : comparison) < 0 }
        return a.position < b.position
    }

    func compare(_ a: SortItem, _ b: SortItem, elements: UnsafeRawBufferPointer,
                 byValues: UnsafeRawBufferPointer) -> Int {
        if !alpha {
            if a.weight > b.weight { return 1 }
            if a.weight < b.weight { return -1 }
            return SortOrder.binary(SortVector.bytes(of: a, in: elements), SortVector.bytes(of: b, in: elements))
        }
        if byPattern {
            switch (a.byOffset >= 0, b.byOffset >= 0) {
            case (false, false): return 0
            case (false, true): return -1
            case (true, false): return 1
            case (true, true):
                return strings(UnsafeRawBufferPointer(rebasing: byValues[a.byOffset..<(a.byOffset + a.byLength)]),
                               UnsafeRawBufferPointer(rebasing: byValues[b.byOffset..<(b.byOffset + b.byLength)]))
            }
        }
        return strings(SortVector.bytes(of: a, in: elements), SortVector.bytes(of: b, in: elements))
    }

    private func strings(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        binary ? SortOrder.binary(a, b) : SortOrder.binary(SortOrder.cString(a), SortOrder.cString(b))
    }

    /// memcmp over the common length, then the shorter first.
    static func binary(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let result = memcmp(a.baseAddress!, b.baseAddress!, common)
            if result != 0 { return result < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// The bytes a C string function sees: up to the first NUL.
    static func cString(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard bytes.count > 0, let nul = memchr(bytes.baseAddress!, 0, bytes.count) else { return bytes }
        return UnsafeRawBufferPointer(start: bytes.baseAddress!, count: UnsafeRawPointer(nul) - bytes.baseAddress!)
    }
}
