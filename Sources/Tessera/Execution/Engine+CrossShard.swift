import NIOCore

extension Engine {
    /// Holds the locks of `shards` (taken in ascending order, so never in a cycle), runs `body` on
    /// the loop of the last one while every listed shard is quiescent, releases them and
    /// delivers `body`'s result on `origin`. This one mechanism makes multi-key commands atomic
    /// and isolated (design §2); EXEC and blocking moves build on it.
    ///
    /// `body` may touch the keyspace of every listed shard: each owner loop saw its shard's
    /// `acquire` before our message chain reached here (the loops' task queues order memory), and
    /// touches nothing of its keyspace until its `release`, which follows `body`.
    func runHoldingShards<T: Sendable>(_ shards: [Int], origin: any EventLoop,
                                       _ body: @escaping @Sendable () -> T,
                                       completion: @escaping @Sendable (T) -> Void) {
        precondition(!shards.isEmpty && shards == shards.sorted())
        @Sendable func acquire(_ position: Int) {
            let index = shards[position]
            onShardLoop(index) {
                self.stores[index].lock.acquire {
                    if position + 1 < shards.count { acquire(position + 1) } else { finish() }
                }
            }
        }
        @Sendable func finish() {
            let result = body()
            // Clients blocked on keys the body wrote are served before anyone else sees them.
            serveBlockedClients(holding: shards)
            for index in shards {
                onShardLoop(index) { self.stores[index].lock.release() }
            }
            if origin.inEventLoop { completion(result) } else { origin.execute { completion(result) } }
        }
        acquire(0)
    }
}

extension Engine {
    /// Runs `body` holding every shard, from async code off the loops (start-up loading, the
    /// embedding API's snapshots), and returns its result.
    func holdingAllShards<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            runHoldingShards(Array(0..<shardCount), origin: loops[0], body,
                             completion: { continuation.resume(returning: $0) })
        }
    }
}

extension Engine {
    /// Takes every shard's lock (in ascending order, as `runHoldingShards`) and returns once all
    /// are held, for work that runs off the loops while they keep serving what needs no shard
    /// (the start-up load). `releaseAllShards` gives them back.
    func acquireAllShards() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            @Sendable func acquire(_ index: Int) {
                onShardLoop(index) {
                    self.stores[index].lock.acquire {
                        if index + 1 < self.shardCount { acquire(index + 1) } else { continuation.resume() }
                    }
                }
            }
            acquire(0)
        }
    }

    /// Releases what `acquireAllShards` took, each on its own loop.
    func releaseAllShards() {
        for index in 0..<shardCount {
            onShardLoop(index) { self.stores[index].lock.release() }
        }
    }
}
