/// Redis's integer text rules, shared by the request parser, the reply decoder and the
/// encoder so that all three agree on what a number looks like.
enum RedisInteger {
    /// `string2ll` from util.c: an optional `-`, no `+`, no leading zeros (so "0" is the
    /// only spelling of zero and "-0" is rejected), nothing else, no overflow.
    /// Parses `bytes[from..<to]`.
    @inline(__always)
    static func parse(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int64? {
        let length = to - from
        // LONG_STR_SIZE: no valid spelling is 21 bytes or longer.
        if length <= 0 || length >= 21 { return nil }
        var index = from
        if length == 1 && bytes[index] == UInt8(ascii: "0") { return 0 }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
            if index == to { return nil }
        }
        let first = bytes[index] &- UInt8(ascii: "0")
        guard first >= 1 && first <= 9 else { return nil }
        var value = UInt64(first)
        index += 1
        while index < to {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            value = sum
            index += 1
        }
        if negative {
            if value > UInt64(Int64.max) + 1 { return nil }
            return Int64(truncatingIfNeeded: 0 &- value)
        }
        if value > UInt64(Int64.max) { return nil }
        return Int64(value)
    }

    /// Longest output of `write`: "-9223372036854775808".
    static let maxWidth = 20

    @inline(__always)
    static func digitCount(_ magnitude: UInt64) -> Int {
        var count = 1
        var threshold: UInt64 = 10
        // 10^19 is the last power of ten that fits, so stop before it would wrap.
        while count < 20 && magnitude >= threshold {
            count += 1
            threshold &*= 10
        }
        return count
    }

    /// `ll2string`: writes the decimal text of `value` at `destination`, which must have
    /// room for `maxWidth` bytes; returns the number of bytes written.
    @inline(__always)
    static func write(_ value: Int64, to destination: UnsafeMutableRawPointer) -> Int {
        var magnitude = value.magnitude
        var sign = 0
        if value < 0 {
            destination.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self)
            sign = 1
        }
        let width = sign + digitCount(magnitude)
        var position = width
        // Two digits per division halves the number of (slow) 64-bit divides.
        while magnitude >= 100 {
            let pair = Int(magnitude % 100)
            magnitude /= 100
            position -= 2
            destination.storeBytes(of: UInt8(truncatingIfNeeded: 48 + pair / 10), toByteOffset: position, as: UInt8.self)
            destination.storeBytes(of: UInt8(truncatingIfNeeded: 48 + pair % 10), toByteOffset: position + 1, as: UInt8.self)
        }
        if magnitude >= 10 {
            position -= 2
            destination.storeBytes(of: UInt8(truncatingIfNeeded: 48 + magnitude / 10), toByteOffset: position, as: UInt8.self)
            destination.storeBytes(of: UInt8(truncatingIfNeeded: 48 + magnitude % 10), toByteOffset: position + 1, as: UInt8.self)
        } else {
            position -= 1
            destination.storeBytes(of: UInt8(truncatingIfNeeded: 48 + magnitude), toByteOffset: position, as: UInt8.self)
        }
        return width
    }
}
