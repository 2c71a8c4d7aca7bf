import NIOCore

/// One shard of the keyspace as a Swift actor whose executor is its SwiftNIO event loop (design
/// §2, §8): code already on the loop enters it with `assumeIsolated`, once per batch, and
/// other loops reach it with one `execute` message per batch.
public actor Shard {
    public nonisolated let loop: any EventLoop
    nonisolated let store: ShardStore
    nonisolated(unsafe) weak var engine: Engine?
    private var cron: RepeatedTask?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        loop.executor.asUnownedSerialExecutor()
    }

    public nonisolated var index: Int { store.index }

    /// Runs `body` as this shard, from code already on its loop. What the shard owns (its store)
    /// is nonisolated state guarded by the loop itself, so checking the loop is the whole entry:
    /// `assumeIsolated` costs 130–200 ns and boxes its closure (2 mallocs per batch, measured by
    /// Benchmarks/EngineBenchmarks), this check 30–40 ns and nothing (design §8).
    @inline(__always)
    nonisolated func enter<T>(_ body: () throws -> T) rethrows -> T {
        loop.preconditionInEventLoop()
        return try body()
    }

    init(loop: any EventLoop, store: ShardStore) {
        self.loop = loop
        self.store = store
    }

    /// Starts the cron at the configured hz, or restarts it at a new one (CONFIG SET hz).
    nonisolated func startCron() {
        let hz = max(1, min(500, Int(engine?.configuration.integer("hz") ?? 10)))
        loop.execute {
            self.assumeIsolated { shard in
                shard.cron?.cancel()
                shard.cron = shard.loop.scheduleRepeatedTask(initialDelay: .milliseconds(Int64(1000 / hz)),
                                                             delay: .milliseconds(Int64(1000 / hz))) { _ in
                    shard.assumeIsolated { $0.runCron() }
                }
            }
        }
    }

    /// The shard's serverCron share: active expiry, incremental rehashing and publishing its dirty
    /// counter for the save points (Persistence/Snapshot), skipped while a
    /// cross-shard command holds the shard.
    private func runCron() {
        guard !store.lock.isHeld else { return }
        engine?.snapshots.publishDirty(shard: store.index, store.stats.dirty)
        if store.activeExpireEnabled {
            ActiveExpiry.cycle(store)
        }
        for table in store.databases {
            table.rehash(forMicroseconds: 1000)
            table.shrinkIfSparse()
        }
    }
}
