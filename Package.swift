// swift-tools-version: 6.1
import PackageDescription

// Release builds skip Swift's dynamic exclusivity checks on the hot path (measured at ~2% of
// server CPU per request in swift_beginAccess / AccessSet::insert); debug builds keep them.
let hotPathSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// Layers (design §1): RESP <- Tessera (engine + embedding API) <- TesseraServer (sockets) <- tessera-server.
let package = Package(
    name: "Tessera",
    products: [
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "Tessera", targets: ["Tessera"]),
        .library(name: "TesseraServer", targets: ["TesseraServer"]),
        .executable(name: "tessera-server", targets: ["tessera-server"]),
        .executable(name: "tessera-load", targets: ["tessera-load"]),
        .executable(name: "tessera-check-rdb", targets: ["tessera-check-rdb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        // SHA1 for DEBUG DIGEST, which must match Redis's digest bit for bit. 4.x, because 3.x
        // imports all of Foundation (and ICU) where 4.x needs only FoundationEssentials, which
        // the server links already.
    ],
    targets: [
        .target(
            name: "RESP",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            exclude: ["README.md"],
            swiftSettings: hotPathSettings
        ),
        .target(
            name: "Tessera",
            dependencies: [
                "RESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md", "Config/README.md", "Execution/README.md", "Types/README.md",
                      "Types/Encodings/README.md", "Types/Structures/README.md", "Types/Bitmap/README.md",
                      "Types/List/README.md", "Types/Hash/README.md", "Types/Set/README.md",
                      "Types/SortedSet/README.md", "Persistence/README.md", "Persistence/RDB/README.md",
                      "Persistence/Fork/README.md", "Persistence/Snapshot/README.md"],
            swiftSettings: hotPathSettings
        ),
        .target(
            name: "TesseraServer",
            dependencies: [
                "Tessera", "RESP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: hotPathSettings
        ),
        .executableTarget(
            name: "tessera-server",
            dependencies: [
                "TesseraServer", "Tessera",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // jemalloc becomes the process allocator by being linked (design §8), not preloaded.
            linkerSettings: [.linkedLibrary("jemalloc")]
        ),
        // The load generator: its logic is a library so the tests can reach it; the executable
        // only parses the command line.
        .target(
            name: "LoadGeneration",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "tools/tessera-load/LoadGeneration",
            exclude: ["README.md"],
            swiftSettings: hotPathSettings
        ),
        .executableTarget(
            name: "tessera-load",
            dependencies: [
                "LoadGeneration",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "tools/tessera-load",
            exclude: ["README.md", "LoadGeneration"]
        ),
        // redis-check-rdb's counterpart: checks an RDB file with the loader's own validation.
        .executableTarget(
            name: "tessera-check-rdb",
            dependencies: ["Tessera"],
            path: "tools/tessera-check-rdb",
            exclude: ["README.md"]
        ),
        .testTarget(name: "RESPTests", dependencies: ["RESP", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "TesseraTests", dependencies: ["Tessera", "RESP", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "TesseraServerTests", dependencies: [
            "TesseraServer", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
        .testTarget(name: "LoadGenerationTests", dependencies: [
            "LoadGeneration", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
        ]),
    ]
)
