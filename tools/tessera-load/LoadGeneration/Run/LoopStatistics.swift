/// What the connections of one event loop measured. Only that loop touches it while the run
/// goes, so recording needs no synchronisation; the runner merges the loops' copies at the end.
public final class LoopStatistics {
    public var latency = LatencyHistogram()
    public var requests = 0
    public var errors = 0

    public init() {}

    public var snapshot: Snapshot { Snapshot(latency: latency, requests: requests, errors: errors) }

    public struct Snapshot: Sendable {
        public var latency: LatencyHistogram
        public var requests: Int
        public var errors: Int

        public static func merged(_ parts: [Snapshot]) -> Snapshot {
            var total = Snapshot(latency: LatencyHistogram(), requests: 0, errors: 0)
            for part in parts {
                total.latency.add(part.latency)
                total.requests += part.requests
                total.errors += part.errors
            }
            return total
        }
    }
}
