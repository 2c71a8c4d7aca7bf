import Atomics

/// The encoding thresholds collection writes read (hash-max-listpack-entries/value), mirrored
/// from `Configuration` into atomics when they change, so a write reads two relaxed loads
/// instead of a locked dictionary; CONFIG SET takes effect at the next write, as in Redis.
public final class CollectionLimits: Sendable {
    private let hashMaxEntries = ManagedAtomic<Int>(512)
    private let hashMaxValue = ManagedAtomic<Int>(64)

    init(configuration: Configuration) {
        for name in ["hash-max-listpack-entries", "hash-max-listpack-value"] {
            update(name, configuration[name] ?? "")
        }
        configuration.onChange { [weak self] name, value in self?.update(name, value) }
    }

    /// The hash thresholds as of now.
    var hash: HashLimits {
        HashLimits(maxEntries: hashMaxEntries.load(ordering: .relaxed), maxValue: hashMaxValue.load(ordering: .relaxed))
    }

    private func update(_ name: String, _ value: String) {
        guard let number = Int(value) else { return }
        switch name {
        case "hash-max-listpack-entries": hashMaxEntries.store(number, ordering: .relaxed)
        case "hash-max-listpack-value": hashMaxValue.store(number, ordering: .relaxed)
        default: break
        }
    }
}

/// When a listpack hash becomes a hashtable: more than `maxEntries` fields, or a field or value
/// longer than `maxValue` bytes.
struct HashLimits {
    var maxEntries: Int
    var maxValue: Int

    static let redisDefaults = HashLimits(maxEntries: 512, maxValue: 64)
}
