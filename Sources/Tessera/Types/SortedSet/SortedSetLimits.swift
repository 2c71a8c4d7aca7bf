/// When a listpack sorted set becomes a skiplist (zset-max-listpack-entries / -value), as
/// read from `CollectionLimits` at the time of a write.
struct SortedSetLimits {
    /// The most members a listpack-encoded sorted set holds.
    var maxListpackEntries: Int
    /// The longest member (in bytes) a listpack-encoded sorted set holds.
    var maxListpackValue: Int

    static let redisDefaults = SortedSetLimits(maxListpackEntries: 128, maxListpackValue: 64)
}
