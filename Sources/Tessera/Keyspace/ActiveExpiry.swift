/// Redis's active expire cycle, per shard: sample 20 keys with a deadline in each database,
/// delete the expired ones, repeat while more than a quarter of a sample was expired (design §3), and stop
/// after a time budget (25 ms per second at hz 10, as ACTIVE_EXPIRE_CYCLE_SLOW).
enum ActiveExpiry {
    static let keysPerLoop = 20
    static let acceptableStalePercent = 25
    static let budgetMicroseconds = 25_000

    static func cycle(_ store: ShardStore) {
        let start = Clock.monotonicMicroseconds()
        let now = Clock.milliseconds()
        var sampled = 0, expired = 0
        for db in 0..<store.databases.count {
            let table = store.databases[db]
            while table.volatileCount > 0 {
                var expiredThisRound = 0
                let samples = min(keysPerLoop, table.volatileCount)
                for _ in 0..<samples {
                    guard let entry = table.randomVolatileEntry(using: &store.random),
                          let deadline = entry.expireAt else { break }
                    if now > deadline {
                        // The key's bytes live in the entry being freed: keep a copy for the
                        // modification hook (WATCH, propagation as DEL), as lazy expiry has.
                        let key = Array(entry.key)
                        key.withUnsafeBytes { key in
                            table.remove(key, hash: KeyHash.hash(key))
                            store.keyModified(db: db, key: key, changes: 0)
                        }
                        store.stats.expiredKeys &+= 1
                        expiredThisRound += 1
                    }
                }
                sampled += samples
                expired += expiredThisRound
                if Clock.monotonicMicroseconds() - start > budgetMicroseconds {
                    store.stats.expiredTimeCapReached &+= 1
                    break
                }
                if expiredThisRound * 100 / samples <= acceptableStalePercent { break }
            }
        }
        store.stats.expireCycleCpuMicros &+= Clock.monotonicMicroseconds() - start
        if sampled > 0 {
            let current = Double(expired) / Double(sampled)
            store.stats.expiredStalePercent = store.stats.expiredStalePercent * 0.95 + current * 0.05
        }
    }
}
