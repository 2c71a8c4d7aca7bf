/// Where a run is. Connections read it on every batch: requests sent while `measuring` are the
/// measured ones.
public enum RunPhase: Int, Sendable {
    case warmup = 0
    case measuring = 1
    case stopped = 2
}
