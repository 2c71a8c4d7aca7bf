import Benchmark
import NIOCore
import RESP

/// The replies of the common commands, each written into one reused buffer as a connection's
/// batch writes them (cleared per operation, so it never grows).
func registerEncodeBenchmarks() {
    encodeBenchmark("Encode_OK") { out, _ in
        out.writeRESPSimpleString("OK")
    }
    encodeBenchmark("Encode_bulk_16B") { out, bulk in
        out.writeRESPBulkString(bulk)
    }
    encodeBenchmark("Encode_integer") { out, _ in
        out.writeRESPInteger(1_234_567)
    }
    encodeBenchmark("Encode_array_of_10_bulks") { out, bulk in
        out.writeRESPArrayHeader(10)
        for _ in 0..<10 { out.writeRESPBulkString(bulk) }
    }
}

private func encodeBenchmark(_ name: String,
                             _ write: @escaping (inout ByteBuffer, UnsafeRawBufferPointer) -> Void) {
    Benchmark(name) { benchmark in
        let bulk = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { bulk.deallocate() }
        bulk.copyBytes(from: "0123456789abcdef".utf8)
        var out = ByteBuffer()
        out.reserveCapacity(1024)
        var written = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            out.clear()
            write(&out, UnsafeRawBufferPointer(bulk))
            written &+= out.readableBytes
        }
        benchmark.stopMeasurement()
        blackHole(written)
    }
}
