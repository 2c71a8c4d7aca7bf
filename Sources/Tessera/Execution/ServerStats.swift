import Atomics

/// Server-wide counters that INFO stats reports and that any loop may bump (rarely: per-command
/// counters live per shard, to keep shared cache lines off the hot path).
public final class ServerStats: Sendable {
    public let netInputBytes = ManagedAtomic<Int>(0)
    public let netOutputBytes = ManagedAtomic<Int>(0)

    public init() {}
}
