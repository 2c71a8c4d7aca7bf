#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws ranks 0..<count with P(k) proportional to 1/(k+1)^exponent, rank 0 the most popular.
///
/// Rejection-inversion (Hörmann and Derflinger, 1996): O(1) per draw and O(1) memory for any
/// keyspace, where a cumulative table would cost 8 bytes per key. Everything that depends only
/// on the parameters is computed once in `init`.
public struct ZipfSampler: Sendable {
    public let count: UInt64
    public let exponent: Double
    private let integralAtFirst: Double
    private let integralAtEnd: Double
    private let acceptanceWidth: Double

    public init(count: UInt64, exponent: Double) {
        precondition(count >= 1 && exponent > 0)
        self.count = count
        self.exponent = exponent
        integralAtFirst = Self.hIntegral(1.5, exponent) - 1
        integralAtEnd = Self.hIntegral(Double(count) + 0.5, exponent)
        acceptanceWidth = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, exponent) - Self.h(2, exponent), exponent)
    }

    @inline(__always)
    public func sample(_ random: inout FastRandom) -> UInt64 {
        while true {
            let u = integralAtEnd + random.nextUnitInterval() * (integralAtFirst - integralAtEnd)
            let x = Self.hIntegralInverse(u, exponent)
            let rank = min(max((x + 0.5).rounded(.down), 1), Double(count))
            if rank - x <= acceptanceWidth || u >= Self.hIntegral(rank + 0.5, exponent) - Self.h(rank, exponent) {
                return UInt64(rank) - 1
            }
        }
    }

    /// The probability the distribution gives `rank`, by direct summation (for tests and checks).
    public func probability(ofRank rank: UInt64) -> Double {
        var normalizer = 0.0
        for k in 1...count { normalizer += pow(Double(k), -exponent) }
        return pow(Double(rank + 1), -exponent) / normalizer
    }

    private static func h(_ x: Double, _ s: Double) -> Double { exp(-s * log(x)) }

    private static func hIntegral(_ x: Double, _ s: Double) -> Double {
        let logX = log(x)
        return expm1OverX((1 - s) * logX) * logX
    }

    private static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
        let t = max(x * (1 - s), -1)
        return exp(log1pOverX(t) * x)
    }

    /// log(1+x)/x, continuous at 0.
    private static func log1pOverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }

    /// (exp(x)-1)/x, continuous at 0.
    private static func expm1OverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3.0) * (1 + 0.25 * x))
    }
}
