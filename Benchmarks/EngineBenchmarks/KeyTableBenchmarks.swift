import Benchmark
@_spi(Benchmarks) import Tessera

/// A shard's hash table on its own at a realistic size: 1M keys of 16 bytes with 16-byte values
/// (embstr entries), looked up and overwritten in a scattered order.
func registerKeyTableBenchmarks() {
    Benchmark("KeyTable_get_1M_keys") { benchmark, filled in
        var order = ScatteredIndex(count: filled.keys.count)
        var found = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let key = filled.keys[order.next()]
            if let entry = filled.table.find(key, hash: KeyHash.hash(key)) { found &+= entry.stringBytes.count }
        }
        benchmark.stopMeasurement()
        precondition(found == 16 * benchmark.scaledIterations.count, "a key was missing")
    } setup: {
        FilledTable(count: 1_000_000)
    }

    Benchmark("KeyTable_overwrite_1M_keys") { benchmark, filled in
        var order = ScatteredIndex(count: filled.keys.count)
        let value = filled.value
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let key = filled.keys[order.next()]
            filled.table.store(key, hash: KeyHash.hash(key), value: NewValue.string(value), expiry: .clear)
        }
        benchmark.stopMeasurement()
        precondition(filled.table.count == filled.keys.count, "an overwrite added a key")
    } setup: {
        FilledTable(count: 1_000_000)
    }
}

/// A table holding `count` keys, each with the same 16-byte value.
final class FilledTable {
    let keys: Keys
    let table = KeyTable()
    private let valueStorage: UnsafeMutableRawBufferPointer
    var value: UnsafeRawBufferPointer { UnsafeRawBufferPointer(valueStorage) }

    init(count: Int) {
        keys = Keys(count: count)
        valueStorage = .allocate(byteCount: 16, alignment: 1)
        valueStorage.copyBytes(from: "0123456789abcdef".utf8)
        for index in 0..<count {
            let key = keys[index]
            table.store(key, hash: KeyHash.hash(key), value: NewValue.string(value), expiry: .clear)
        }
    }

    deinit { valueStorage.deallocate() }
}
