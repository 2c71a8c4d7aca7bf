/// The hash a shard's table buckets keys by. Independent of the routing slot (CRC16 has too few
/// bits for a large table) and seeded per process so bucket layouts are not predictable from
/// outside, as Redis seeds siphash.
// SPI-public only so Benchmarks/ can time it; the engine's own calls stay in-module.
@_spi(Benchmarks) public enum KeyHash {
    nonisolated(unsafe) static var seed: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()

    @inline(__always)
    public static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h = seed ^ (UInt64(truncatingIfNeeded: key.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = key.baseAddress else { return mix(h) }
        let count = key.count
        var offset = 0
        while offset + 8 <= count {
            h = mix(h ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                tail |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) << shift
                shift += 8
                offset += 1
            }
            h = mix(h ^ tail)
        }
        return mix(h)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: 0xA076_1D64_78BD_642F)
        return product.high ^ product.low
    }
}
