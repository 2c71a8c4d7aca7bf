/// An entry's back-length (lpEncodeBacklen / lpDecodeBacklen): the entry's size written after it
/// in 7-bit groups, most significant first, every byte but the first with the high bit set, so
/// a reader walking backward from the next entry finds where this one starts.
enum ListpackBacklen {
    static let maximumSize = 5

    /// Bytes needed for `length`. Redis's thresholds are `< 16383`, `< 2097151` and
    /// `< 268435455` (not powers of two minus one), so e.g. 16383 takes 3 bytes; kept exactly.
    static func size(of length: Int) -> Int {
        if length <= 127 { return 1 }
        if length < 16383 { return 2 }
        if length < 2_097_151 { return 3 }
        if length < 268_435_455 { return 4 }
        return 5
    }

    static func write(_ length: Int, to destination: UnsafeMutableRawPointer) {
        let byteCount = size(of: length)
        for index in 0..<byteCount {
            let shift = UInt64(7 * (byteCount - 1 - index))
            var byte = UInt8(truncatingIfNeeded: UInt64(length) >> shift)
            if index > 0 { byte = (byte & 0x7F) | 0x80 }
            destination.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
        }
    }

    /// The length whose back-length ends at `last` (its final byte), reading backward no further
    /// than `lowerBound`; nil if it runs past that or past 5 bytes.
    static func decode(endingAt last: UnsafeRawPointer, lowerBound: UnsafeRawPointer) -> Int? {
        var value = 0
        var shift = 0
        var cursor = last
        while true {
            let byte = cursor.load(as: UInt8.self)
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            guard shift <= 28, cursor > lowerBound else { return nil }
            cursor -= 1
        }
    }
}
