#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Redis's long double helpers on bytes (util.c `string2ld` and `ld2string(LD_STR_HUMAN)`), for
/// INCRBYFLOAT and HINCRBYFLOAT. No `String`, no Foundation, nothing on the heap: parsing copies
/// into a stack buffer for `strtold`, formatting works in integers.
public enum FloatFormat {
    #if arch(x86_64) || arch(i386)
    /// C's `long double` (x87 80-bit extended on x86, as Redis's INCRBYFLOAT uses).
    public typealias LongDouble = Float80
    #else
    /// Platforms without Float80 (aarch64's 128-bit long double has no Swift type): Double.
    public typealias LongDouble = Double
    #endif

    /// Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are refused, outputs always fit.
    public static let maxLongDoubleChars = 5 * 1024

    // MARK: parsing

    /// Redis's string2ld: what `strtold` accepts (decimal, hex, "inf"), the whole input, no
    /// leading space, no NaN, no overflow, no underflow to zero (and no NUL byte inside).
    public static func parseLongDouble(_ bytes: UnsafeRawBufferPointer) -> LongDouble? {
        let count = bytes.count
        guard count > 0, count < maxLongDoubleChars else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer -> LongDouble? in
            let start = buffer.baseAddress!
            UnsafeMutableRawPointer(start).copyMemory(from: bytes.baseAddress!, byteCount: count)
            start[count] = 0
            switch UInt8(bitPattern: start[0]) {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), 0x0B, 0x0C, UInt8(ascii: "\r"):
                return nil
            default:
                break
            }
            var end: UnsafeMutablePointer<CChar>? = nil
            errno = 0
            #if arch(x86_64) || arch(i386)
            let value = strtold(start, &end)
            #else
            let value = strtod(start, &end)
            #endif
            let failed = errno
            guard end == start + count, !value.isNaN, failed != EINVAL else { return nil }
            if failed == ERANGE && (value.isInfinite || value == 0) { return nil }
            return value
        }
    }

    // MARK: formatting

    /// Calls `body` with `value` as Redis's ld2string(LD_STR_HUMAN) writes it: `"%.17Lf"`
    /// (correctly rounded, ties to even, as glibc does), trailing zeros and a trailing '.'
    /// removed, and "-0" written as "0". `value` must be finite.
    public static func withHumanDigits<R>(_ value: LongDouble, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows
        -> R
    {
        precondition(value.isFinite, "ld2string of a non-finite value")
        let (mantissa, exponent) = decompose(value)
        let negative = value.sign == .minus
        if exponent >= 64 {
            return try withHugeInteger(mantissa, shift: exponent, negative: negative, body)
        }
        // value = integer + fraction / 10^17, the fraction rounded half to even.
        var integer: UInt128
        var fraction: UInt64 = 0
        if exponent >= 0 {
            integer = UInt128(mantissa) << exponent
        } else {
            let shift = -exponent
            integer = shift < 64 ? UInt128(mantissa >> UInt64(shift)) : 0
            let rest = shift < 64 ? mantissa & ((1 << UInt64(shift)) - 1) : mantissa
            // rest / 2^shift < 1; rest * 10^17 < 2^121, so beyond shift 121 it rounds to 0.
            if shift <= 121 && rest != 0 {
                let scaled = UInt128(rest) * UInt128(tenToThe17)
                var quotient = scaled >> shift
                let remainder = scaled & ((1 << UInt128(shift)) - 1)
                let half = UInt128(1) << (shift - 1)
                if remainder > half || (remainder == half && quotient & 1 == 1) { quotient += 1 }
                if quotient == UInt128(tenToThe17) {
                    integer += 1
                } else {
                    fraction = UInt64(quotient)
                }
            }
        }
        // Sign, up to 39 integer digits, '.', 17 fraction digits.
        return try withUnsafeTemporaryAllocation(byteCount: 64, alignment: 1) { buffer in
            var end = 64
            var fractionDigits = 17
            if fraction != 0 {
                while fraction % 10 == 0 {
                    fraction /= 10
                    fractionDigits -= 1
                }
                for _ in 0..<fractionDigits {
                    end -= 1
                    buffer[end] = UInt8(ascii: "0") &+ UInt8(fraction % 10)
                    fraction /= 10
                }
                end -= 1
                buffer[end] = UInt8(ascii: ".")
            }
            var start = end
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(integer % 10)
                integer /= 10
            } while integer != 0
            // "-0" (a negative value that rounds to zero) is written "0".
            if negative && !(end - start == 1 && buffer[start] == UInt8(ascii: "0") && end == 64) {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            return try body(UnsafeRawBufferPointer(rebasing: buffer[start..<64]))
        }
    }

    private static let tenToThe17: UInt64 = 100_000_000_000_000_000

    /// `value` = mantissa * 2^exponent, mantissa with every significand bit (denormals too).
    @inline(__always)
    static func decompose(_ value: LongDouble) -> (mantissa: UInt64, exponent: Int) {
        let magnitude = value.magnitude
        let bias = Int(LongDouble.greatestFiniteMagnitude.exponent)
        let fractionBits = LongDouble.significandBitCount
        let biased = Int(magnitude.exponentBitPattern)
        let bits = UInt64(magnitude.significandBitPattern)
        if biased == 0 { return (bits, 1 - bias - fractionBits) }
        return (bits | (1 << UInt64(fractionBits)), biased - bias - fractionBits)
    }

    /// The decimal digits of mantissa * 2^shift (shift >= 64, at most 16384 bits), by repeated
    /// division of 32-bit limbs by 10^9.
    private static func withHugeInteger<R>(_ mantissa: UInt64, shift: Int, negative: Bool,
                                           _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let limbCount = (64 + shift) / 32 + 1
        return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: limbCount) { limbs in
            limbs.initialize(repeating: 0)
            let wordShift = shift / 32, bitShift = UInt64(shift % 32)
            let wide = UInt128(mantissa) << bitShift
            for index in 0..<3 where wordShift + index < limbCount {
                limbs[wordShift + index] = UInt32(truncatingIfNeeded: wide >> UInt128(32 * index))
            }
            var top = limbCount - 1
            while top > 0 && limbs[top] == 0 { top -= 1 }
            // 32 bits hold at most 9.64 decimal digits.
            let capacity = limbCount * 10 + 2
            return try withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 1) { text in
                var start = capacity
                while true {
                    var remainder: UInt64 = 0
                    var index = top
                    while index >= 0 {
                        let current = remainder << 32 | UInt64(limbs[index])
                        limbs[index] = UInt32(current / 1_000_000_000)
                        remainder = current % 1_000_000_000
                        index -= 1
                    }
                    while top > 0 && limbs[top] == 0 { top -= 1 }
                    let last = top == 0 && limbs[0] == 0
                    for _ in 0..<9 {
                        start -= 1
                        text[start] = UInt8(ascii: "0") &+ UInt8(remainder % 10)
                        remainder /= 10
                        if last && remainder == 0 { break }
                    }
                    if last { break }
                }
                if negative {
                    start -= 1
                    text[start] = UInt8(ascii: "-")
                }
                return try body(UnsafeRawBufferPointer(rebasing: text[start..<capacity]))
            }
        }
    }
}
