/// Integer parsing and formatting on bytes, with Redis's exact rules (string2ll / ll2string), so
/// that the hot path never builds a `String`.
public enum Integer {
    /// Redis's string2ll: optional '-', no '+', no leading zeros, no spaces, fits in Int64.
    @inlinable
    public static func parseStrict(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        guard count > 0, count <= 20 else { return nil }
        if count == 1 && bytes[0] == UInt8(ascii: "0") { return 0 }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
            guard count > 1 else { return nil }
        }
        // First digit 1-9; the rest 0-9.
        guard bytes[index] >= UInt8(ascii: "1") && bytes[index] <= UInt8(ascii: "9") else { return nil }
        var magnitude: UInt64 = 0
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1 && !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Calls `body` with the decimal digits of `value`, formatted on the stack.
    @inlinable
    public static func withDigits<R>(_ value: Int64, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(byteCount: 24, alignment: 1) { buffer in
            try body(format(value, into: buffer))
        }
    }

    /// `value` in decimal, right-aligned at the end of `scratch` (at least 20 bytes); returns
    /// the digits.
    @inlinable
    public static func format(_ value: Int64, into scratch: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        precondition(scratch.count >= 20, "scratch buffer too small for an Int64")
        let end = scratch.count
        var index = end
        var magnitude = value.magnitude
        repeat {
            index -= 1
            scratch[index] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude != 0
        if value < 0 {
            index -= 1
            scratch[index] = UInt8(ascii: "-")
        }
        return UnsafeRawBufferPointer(rebasing: scratch[index..<end])
    }

    /// The number of bytes `value` takes in decimal.
    public static func digitCount(_ value: Int64) -> Int {
        var count = value < 0 ? 2 : 1
        var magnitude = value.magnitude
        while magnitude >= 10 { magnitude /= 10; count += 1 }
        return count
    }
}
