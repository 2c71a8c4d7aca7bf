/// The figures of one run, as `--json` prints them and the summary shows them.
public struct LoadReport: Sendable, Equatable {
    public var requests: Int
    public var errors: Int
    public var seconds: Double
    public var latency: LatencySummary
    public var cpuSeconds: Double
    public var connections: Int
    public var pipeline: Int
    public var threads: Int
    public var rate: Double?

    public var requestsPerSecond: Double {
        seconds > 0 ? Double(requests) / seconds : 0
    }
}
