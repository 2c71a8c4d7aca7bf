// swift-tools-version: 6.1
import PackageDescription

// Microbenchmarks of the hot paths (ordo-one/benchmark), a package of their own so the project
// never builds the benchmark tooling; `tools/microbench` runs them and checks the malloc-count
// thresholds in Thresholds/.
let package = Package(
    name: "TesseraBenchmarks",
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder's name (a clone's or a
        // worktree's), which the product references below could not spell.
        .package(name: "Tessera", path: ".."),
        // The trait list replaces the default traits: the malloc counters without the ARC runtime
        // interposer (whose package this machine's mirror does not carry).
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "TesseraBenchmarkSupport",
            dependencies: [.product(name: "Benchmark", package: "benchmark")],
            path: "Support"
        ),
        .executableTarget(
            name: "RESPBenchmarks",
            dependencies: [
                "TesseraBenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "RESP", package: "Tessera"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "RESPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                "TesseraBenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Tessera", package: "Tessera"),
                .product(name: "RESP", package: "Tessera"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
