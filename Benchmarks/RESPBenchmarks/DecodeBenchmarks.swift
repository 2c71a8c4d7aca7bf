import Benchmark
import NIOCore
import RESP

/// One read as `redis-benchmark -P 16 -t set` sends it: 16 `SET key:000000012345 <16 bytes>`.
/// Each operation decodes the whole batch into the same span array, as a connection does.
func registerDecodeBenchmarks() {
    Benchmark("Decode_16_pipelined_SETs") { benchmark, read in
        var decoder = RESPRequestDecoder()
        var spans: [ArgumentSpan] = []
        spans.reserveCapacity(3 * Pipeline.depth)
        var commands = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var buffer = read
            spans.removeAll(keepingCapacity: true)
            commands += decodeAll(&buffer, decoder: &decoder, spans: &spans)
        }
        benchmark.stopMeasurement()
        precondition(commands == Pipeline.depth * benchmark.scaledIterations.count, "decoded \(commands) commands")
        blackHole(spans)
    } setup: {
        Pipeline.setRead()
    }
}

enum Pipeline {
    static let depth = 16
    static let key = "key:000000012345"
    static let value = "0123456789abcdef"

    static func setRead() -> ByteBuffer {
        let command = "*3\r\n$3\r\nSET\r\n$\(key.utf8.count)\r\n\(key)\r\n$\(value.utf8.count)\r\n\(value)\r\n"
        var buffer = ByteBuffer()
        for _ in 0..<depth { buffer.writeString(command) }
        return buffer
    }
}

/// Decodes every complete request in `buffer`; returns how many there were.
@inline(never)
func decodeAll(_ buffer: inout ByteBuffer, decoder: inout RESPRequestDecoder, spans: inout [ArgumentSpan]) -> Int {
    var count = 0
    while let request = try! decoder.decode(&buffer, into: &spans) {
        if case .arguments = request { count += 1 }
    }
    return count
}
