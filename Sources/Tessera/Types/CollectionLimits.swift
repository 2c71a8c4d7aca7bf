import Atomics

/// The encoding thresholds collection writes read (hash-max-listpack-*, list-max-listpack-size,
/// ...), mirrored from `Configuration` into atomics when they change, so a write reads relaxed
/// loads instead of a locked dictionary; CONFIG SET takes effect at the next write, as in Redis.
/// Each type adds its directives here.
public final class CollectionLimits: Sendable {
    private let hashMaxEntries = ManagedAtomic<Int>(512)
    private let hashMaxValue = ManagedAtomic<Int>(64)
    private let listMaxListpackSize = ManagedAtomic<Int>(-2)
    private let setMaxIntset = ManagedAtomic<Int>(512)
    private let zsetMaxEntries = ManagedAtomic<Int>(128)
    private let zsetMaxValue = ManagedAtomic<Int>(64)

    init(configuration: Configuration) {
        for name in ["hash-max-listpack-entries", "hash-max-listpack-value", "list-max-listpack-size",
                     "set-max-intset-entries", "zset-max-listpack-entries", "zset-max-listpack-value"] {
            update(name, configuration[name] ?? "")
        }
        configuration.onChange { [weak self] name, value in self?.update(name, value) }
    }

    /// The hash thresholds as of now.
    var hash: HashLimits {
        HashLimits(maxEntries: hashMaxEntries.load(ordering: .relaxed), maxValue: hashMaxValue.load(ordering: .relaxed))
    }

    /// list-max-listpack-size: the node fill a new list gets (Types/List).
    var listFill: Int { listMaxListpackSize.load(ordering: .relaxed) }

    /// set-max-intset-entries: past it an intset set becomes a hashtable (Types/Set).
    var setMaxIntsetEntries: Int { setMaxIntset.load(ordering: .relaxed) }

    /// The sorted-set thresholds as of now (Types/SortedSet).
    var sortedSet: SortedSetLimits {
        SortedSetLimits(maxListpackEntries: zsetMaxEntries.load(ordering: .relaxed),
                        maxListpackValue: zsetMaxValue.load(ordering: .relaxed))
    }

    private func update(_ name: String, _ value: String) {
        guard let number = Int(value) else { return }
        switch name {
        case "hash-max-listpack-entries": hashMaxEntries.store(number, ordering: .relaxed)
        case "hash-max-listpack-value": hashMaxValue.store(number, ordering: .relaxed)
        case "list-max-listpack-size": listMaxListpackSize.store(number, ordering: .relaxed)
        case "set-max-intset-entries": setMaxIntset.store(number, ordering: .relaxed)
        case "zset-max-listpack-entries": zsetMaxEntries.store(number, ordering: .relaxed)
        case "zset-max-listpack-value": zsetMaxValue.store(number, ordering: .relaxed)
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
