import Benchmark
import TesseraBenchmarkSupport

/// The wire codec alone: decoding a pipelined read and encoding replies, no engine.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .tessera
    registerDecodeBenchmarks()
    registerEncodeBenchmarks()
}
