#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C's `strtod` over bytes, the reading Redis gives scores (getDoubleFromObject, zslParseRange)
/// and SORT's weights: decimal or hex, `inf`, `nan`, leading spaces. The bytes are copied with a
/// terminating NUL (on the stack when small), since the argument bytes are not C strings. Each
/// caller applies its own checks to what this reports.
public enum CStrtod {
    public struct Reading {
        public let value: Double
        /// How many bytes strtod consumed (it stops at the first NUL, as on a C string).
        public let consumed: Int
        /// errno was ERANGE: overflow to ±HUGE_VAL or underflow.
        public let rangeError: Bool
    }

    public static func read(_ bytes: UnsafeRawBufferPointer) -> Reading {
        let count = bytes.count
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            let start = buffer.baseAddress!
            if count > 0 { UnsafeMutableRawPointer(start).copyMemory(from: bytes.baseAddress!, byteCount: count) }
            start[count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            errno = 0
            let value = strtod(start, &end)
            return Reading(value: value, consumed: end! - start, rangeError: errno == ERANGE)
        }
    }
}
