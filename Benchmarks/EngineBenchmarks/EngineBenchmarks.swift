import Benchmark
import TesseraBenchmarkSupport

/// The engine below the socket: routing a key, the shard's hash table, and one GET through the
/// whole command path on the client's own shard and across a shard hop.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .tessera
    registerRoutingBenchmarks()
    registerKeyTableBenchmarks()
    registerEngineGetBenchmarks()
}
