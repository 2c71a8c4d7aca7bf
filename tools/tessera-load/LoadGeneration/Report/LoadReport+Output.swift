extension LoadReport {
    /// One JSON object on one line (no Foundation: every field is a number or null).
    public var json: String {
        let latencyFields = [
            ("min", latency.min), ("mean", latency.mean), ("p50", latency.p50), ("p90", latency.p90),
            ("p99", latency.p99), ("p999", latency.p999), ("max", latency.max),
        ].map { "\"\($0.0)\":\(Self.number($0.1, decimals: 3))" }.joined(separator: ",")
        let fields = [
            "\"requests\":\(requests)",
            "\"errors\":\(errors)",
            "\"seconds\":\(Self.number(seconds, decimals: 6))",
            "\"rps\":\(Self.number(requestsPerSecond, decimals: 2))",
            "\"latency_ms\":{\(latencyFields)}",
            "\"cpu_seconds\":\(Self.number(cpuSeconds, decimals: 6))",
            "\"connections\":\(connections)",
            "\"pipeline\":\(pipeline)",
            "\"threads\":\(threads)",
            "\"rate\":\(rate.map { Self.number($0, decimals: 2) } ?? "null")",
        ]
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A few lines for a person.
    public var summary: String {
        let mode = rate.map { "open loop at \(Self.number($0, decimals: 0)) req/s" } ?? "closed loop"
        return """
            \(requests) requests in \(Self.number(seconds, decimals: 3)) s, \(errors) errors, \
            \(connections) connections, pipeline \(pipeline), \(threads) threads, \(mode)
            throughput: \(Self.number(requestsPerSecond, decimals: 2)) requests/s, \
            CPU \(Self.number(cpuSeconds, decimals: 3)) s
            latency ms: min \(Self.number(latency.min, decimals: 3)) mean \(Self.number(latency.mean, decimals: 3)) \
            p50 \(Self.number(latency.p50, decimals: 3)) p90 \(Self.number(latency.p90, decimals: 3)) \
            p99 \(Self.number(latency.p99, decimals: 3)) p99.9 \(Self.number(latency.p999, decimals: 3)) \
            max \(Self.number(latency.max, decimals: 3))
            """
    }

    /// Fixed-point text, valid JSON for any finite value (non-finite values print as 0).
    static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(Int64(value.rounded())) }
        let units = Int64(scaled)
        let whole = units / Int64(scale), fraction = units % Int64(scale)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}
