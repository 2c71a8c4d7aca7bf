import Atomics

/// `zset-max-listpack-entries` and `zset-max-listpack-value`, mirrored out of the locked
/// `Configuration` so that every ZADD reads two relaxed atomics instead of taking its lock.
public final class SortedSetLimits: Sendable {
    private let entries = ManagedAtomic<Int>(128)
    private let value = ManagedAtomic<Int>(64)

    init(configuration: Configuration) {
        entries.store(Int(configuration.integer("zset-max-listpack-entries")), ordering: .relaxed)
        value.store(Int(configuration.integer("zset-max-listpack-value")), ordering: .relaxed)
        configuration.onChange { [weak self] name, text in self?.apply(name, text) }
    }

    /// The most members a listpack-encoded sorted set holds.
    var maxListpackEntries: Int { entries.load(ordering: .relaxed) }
    /// The longest member (in bytes) a listpack-encoded sorted set holds.
    var maxListpackValue: Int { value.load(ordering: .relaxed) }

    private func apply(_ name: String, _ text: String) {
        switch name {
        case "zset-max-listpack-entries": entries.store(Int(text) ?? 128, ordering: .relaxed)
        case "zset-max-listpack-value": value.store(Int(text) ?? 64, ordering: .relaxed)
        default: break
        }
    }
}
