#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall and monotonic clocks without Foundation; deadlines are Unix milliseconds as in Redis.
public enum Clock {
    @inline(__always)
    public static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    @inline(__always)
    public static func microseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }

    @inline(__always)
    public static func monotonicMicroseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000_000 + now.tv_nsec / 1000
    }

    /// The access clock of OBJECT IDLETIME: Unix seconds, truncated to 32 bits.
    @inline(__always)
    static func lruSeconds() -> UInt32 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        return UInt32(truncatingIfNeeded: now.tv_sec)
    }
}
