/// How far a start-up load has come: INFO's loading_* fields while `loading:1`.
struct LoadProgress: Sendable {
    /// Unix seconds when the load began.
    var startedAt: Int64 = 0
    var totalBytes = 0
    var loadedBytes = 0

    /// loading_loaded_perc.
    var percent: Double { totalBytes > 0 ? Double(loadedBytes) * 100 / Double(totalBytes) : 0 }

    /// loading_eta_seconds, extrapolated from the rate so far, as Redis does (1 before any
    /// progress).
    func etaSeconds(now: Int64) -> Int64 {
        let elapsed = now - startedAt
        guard loadedBytes > 0, elapsed > 0 else { return 1 }
        let rate = Double(loadedBytes) / Double(elapsed)
        return Int64(Double(totalBytes - loadedBytes) / rate)
    }
}
