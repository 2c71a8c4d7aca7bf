/// How key numbers are drawn from 0..<keyspace.
public enum KeyDistribution: Sendable {
    case uniform(keyspace: UInt64)
    case zipf(ZipfSampler)

    public init(keyspace: UInt64, zipfExponent: Double?) {
        if let exponent = zipfExponent {
            self = .zipf(ZipfSampler(count: keyspace, exponent: exponent))
        } else {
            self = .uniform(keyspace: keyspace)
        }
    }

    @inline(__always)
    public func draw(_ random: inout FastRandom) -> UInt64 {
        switch self {
        case .uniform(let keyspace): random.next(below: keyspace)
        case .zipf(let sampler): sampler.sample(&random)
        }
    }
}

/// Supplies the key number for each `__key__` a template writes.
public protocol KeySource {
    mutating func nextKey() -> UInt64
}

/// A fresh draw for every `__key__` occurrence, as redis-benchmark does for `__rand_int__`.
public struct RandomKeys: KeySource {
    public let distribution: KeyDistribution
    public var random: FastRandom

    public init(distribution: KeyDistribution, random: FastRandom) {
        self.distribution = distribution
        self.random = random
    }

    @inline(__always)
    public mutating func nextKey() -> UInt64 { distribution.draw(&random) }
}

/// The same key for every occurrence: preloading writes key k under each of its names.
public struct FixedKey: KeySource {
    public var key: UInt64
    public init(_ key: UInt64) { self.key = key }
    @inline(__always)
    public mutating func nextKey() -> UInt64 { key }
}
