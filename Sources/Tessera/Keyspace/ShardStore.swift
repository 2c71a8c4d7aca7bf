/// Everything one shard owns: its databases, its lock, its counters. Reached from the shard's
/// own loop, or by the holder of `lock` from another loop (Execution/README.md explains why
/// that is race-free), hence `@unchecked Sendable`.
public final class ShardStore: @unchecked Sendable {
    public let index: Int
    public let databases: [KeyTable]
    let lock = ShardLock()
    /// Clients blocked on this shard's keys (Execution/Blocking).
    let blocking = BlockingRegistry()
    /// Keyspace counters: touched by whoever may touch the keyspace (owner or lock holder).
    var stats = ShardStats()
    /// Per-command counters: touched only by this shard's own loop, which is where a command
    /// runs when it is counted here.
    var commandStats: CommandStats
    var random = FastRandom(seed: UInt64.random(in: 1...UInt64.max))
    /// Active expiry on/off (DEBUG SET-ACTIVE-EXPIRE).
    var activeExpireEnabled = true

    init(index: Int, databaseCount: Int, commandCount: Int) {
        self.index = index
        self.commandStats = CommandStats(count: commandCount)
        self.databases = (0..<databaseCount).map { _ in KeyTable() }
    }

    /// The one place every write to this shard ends (design, issue 3): the dirty counter that
    /// save points and INFO read, and the hook WATCH and keyspace notifications attach to.
    @inline(__always)
    func keyModified(db: Int, key: UnsafeRawBufferPointer, changes: Int = 1) {
        stats.dirty &+= changes
        if blocking.hasWaiters { blocking.markReady(db: db, key: key) }
    }
}

/// Counters of one shard, summed over shards by INFO.
struct ShardStats {
    var dirty = 0
    var expiredKeys = 0
    var expiredStalePercent = 0.0
    var expiredTimeCapReached = 0
    var keyspaceHits = 0
    var keyspaceMisses = 0
    var expireCycleCpuMicros = 0
}

/// xorshift64*: cheap per-shard randomness for sampling (RANDOMKEY, active expiry).
struct FastRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}

/// calls / usec / rejected / failed per command id (INFO commandstats), and error replies by
/// prefix (INFO errorstats).
struct CommandStats {
    var calls: [Int]
    var microseconds: [Int]
    var rejected: [Int]
    var failed: [Int]
    var errorsByPrefix: [String: Int] = [:]
    var errorReplies = 0

    init(count: Int) {
        calls = Array(repeating: 0, count: count)
        microseconds = calls
        rejected = calls
        failed = calls
    }

    mutating func reset() {
        self = CommandStats(count: calls.count)
    }
}
