import Histogram

/// Request latencies in microseconds, 3 significant digits (as redis-benchmark keeps them).
public struct LatencyHistogram: Sendable {
    /// One hour: anything longer is recorded as one hour rather than lost.
    public static let highestMicroseconds: UInt64 = 3_600_000_000

    public private(set) var histogram = Histogram<UInt64>(
        highestTrackableValue: highestMicroseconds, numberOfSignificantValueDigits: .three)

    public init() {}

    @inline(__always)
    public mutating func record(nanoseconds: UInt64) {
        histogram.record(min(nanoseconds / 1_000, Self.highestMicroseconds))
    }

    public mutating func add(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
    }

    public var count: UInt64 { histogram.totalCount }

    /// The figures a report shows, in milliseconds.
    public var summary: LatencySummary {
        guard histogram.totalCount > 0 else { return LatencySummary() }
        func ms(_ microseconds: UInt64) -> Double { Double(microseconds) / 1_000 }
        return LatencySummary(
            min: ms(histogram.min), mean: histogram.mean / 1_000,
            p50: ms(histogram.valueAtPercentile(50)), p90: ms(histogram.valueAtPercentile(90)),
            p99: ms(histogram.valueAtPercentile(99)), p999: ms(histogram.valueAtPercentile(99.9)),
            max: ms(histogram.max))
    }
}

public struct LatencySummary: Sendable, Equatable {
    public var min = 0.0, mean = 0.0, p50 = 0.0, p90 = 0.0, p99 = 0.0, p999 = 0.0, max = 0.0
}
