import NIOCore

/// The one clock every phase and latency is measured on: NIO's uptime (CLOCK_MONOTONIC), the
/// same on every thread, so a timestamp taken on one event loop compares with one from another.
public enum MonotonicClock {
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        NIODeadline.now().uptimeNanoseconds
    }
}
