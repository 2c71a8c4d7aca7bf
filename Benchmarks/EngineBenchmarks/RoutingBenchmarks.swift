import Benchmark
@_spi(Benchmarks) import Tessera

/// What every keyed command pays before it runs: the table hash, the Redis Cluster slot, and the
/// engine's shard choice, for 16-byte keys.
func registerRoutingBenchmarks() {
    Benchmark("KeyHash_16B_key") { benchmark, keys in
        var combined: UInt64 = 0
        var index = 0
        for _ in benchmark.scaledIterations {
            combined ^= KeyHash.hash(keys[index])
            index = (index + 1) & (keys.count - 1)
        }
        blackHole(combined)
    } setup: {
        Keys(count: 1024, first: 12_345)
    }

    Benchmark("HashSlot_16B_key") { benchmark, keys in
        var combined = 0
        var index = 0
        for _ in benchmark.scaledIterations {
            combined ^= HashSlot.slot(of: keys[index])
            index = (index + 1) & (keys.count - 1)
        }
        blackHole(combined)
    } setup: {
        Keys(count: 1024, first: 12_345)
    }

    Benchmark("ShardIndex_16B_key_2_shards") { benchmark, state in
        let (engine, keys) = state
        var combined = 0
        var index = 0
        for _ in benchmark.scaledIterations {
            combined ^= engine.shardIndex(forKey: keys[index])
            index = (index + 1) & (keys.count - 1)
        }
        blackHole(combined)
    } setup: {
        (EngineHandle.start(shards: 2), Keys(count: 1024, first: 12_345))
    } teardown: {
        try await EngineHandle.stop()
    }
}
