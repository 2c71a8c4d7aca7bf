/// The benchmarks' keys: `key:<12 digits>`, 16 bytes each, laid out back to back in one block so
/// that choosing a key costs no allocation and no copy.
final class Keys {
    static let width = 16
    let count: Int
    private let storage: UnsafeMutableRawBufferPointer

    init(count: Int, first: Int = 0) {
        self.count = count
        storage = .allocate(byteCount: count * Keys.width, alignment: 8)
        for index in 0..<count {
            Keys.format(first + index, into: UnsafeMutableRawBufferPointer(rebasing: storage[(index * Keys.width)...]))
        }
    }

    deinit { storage.deallocate() }

    subscript(index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[(index * Keys.width)..<((index + 1) * Keys.width)])
    }

    /// `key:000000012345` for 12345.
    static func name(_ number: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: width)
        bytes.withUnsafeMutableBytes { format(number, into: $0) }
        return bytes
    }

    private static func format(_ number: Int, into out: UnsafeMutableRawBufferPointer) {
        out.copyBytes(from: "key:".utf8)
        var rest = number
        for position in stride(from: width - 1, through: 4, by: -1) {
            out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}

/// Visits indices of a table in a scattered order (a stride coprime with the count), so a run of
/// lookups touches memory as random keys would rather than walking it in insertion order.
struct ScatteredIndex {
    private let count: Int
    private var current = 0
    private static let stride = 7_919 * 131

    init(count: Int) { self.count = count }

    mutating func next() -> Int {
        current += ScatteredIndex.stride
        if current >= count { current %= count }
        return current
    }
}
