/// Everything a run needs, already validated by the command line.
public struct LoadOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 6379
    public var connections = 50
    public var threads = 1
    public var pipeline = 1
    public var duration = 5.0
    /// Stop after exactly this many measured requests instead of after `duration`.
    public var requests: Int?
    public var warmup = 0.0
    /// Open loop at this total rate (requests/s) when set; closed loop otherwise.
    public var rate: Double?
    public var preload = false
    public var workload: Workload

    public init(workload: Workload) {
        self.workload = workload
    }
}
