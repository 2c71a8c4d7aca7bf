import Benchmark
import NIOCore
import Tessera

/// One `GET key:000000012345` (a 16-byte value) as a client's one-command read, through the whole
/// engine: command lookup, routing, the shard's table, the reply. Run by a client on the key's
/// own shard (no hop) and by a client on the other shard (the batch crosses to the owner and the
/// reply comes back: two loop messages per batch).
func registerEngineGetBenchmarks() {
    getBenchmark("GET_local_shard", remote: false)
    getBenchmark("GET_remote_shard", remote: true)
}

private func getBenchmark(_ name: String, remote: Bool) {
    Benchmark(name) { benchmark, driver in
        driver.run(times: benchmark.scaledIterations.count)
    } setup: {
        let engine = EngineHandle.start(shards: 2)
        let key = Keys.name(12_345)
        try await EngineHandle.database.execute([Array("SET".utf8), key, Array(GetFixture.value.utf8)])
        let owner = key.withUnsafeBytes { engine.shardIndex(forKey: $0) }
        let client = remote ? (owner + 1) % engine.shardCount : owner
        let driver = BatchDriver(engine: engine, loopIndex: client, request: GetFixture.request(key))
        let replies = driver.replies()
        precondition(replies == ByteBuffer(string: "$16\r\n\(GetFixture.value)\r\n"),
                     "GET replied \(String(buffer: replies))")
        return driver
    } teardown: {
        try await EngineHandle.stop()
    }
}

enum GetFixture {
    static let value = "0123456789abcdef"

    static func request(_ key: [UInt8]) -> [UInt8] {
        Array("*2\r\n$3\r\nGET\r\n$\(key.count)\r\n".utf8) + key + Array("\r\n".utf8)
    }
}
