import Testing
@testable import LoadGeneration

@Suite("Zipf sampler")
struct ZipfSamplerTests {
    @Test("draws stay in 0..<count", arguments: [(UInt64(1), 0.99), (2, 0.99), (10, 1.0), (1_000, 0.5), (1_000, 1.5)])
    func range(count: UInt64, exponent: Double) {
        let sampler = ZipfSampler(count: count, exponent: exponent)
        var random = FastRandom(seed: 7)
        for _ in 0..<20_000 { #expect(sampler.sample(&random) < count) }
    }

    @Test("key k comes up with probability proportional to 1/(k+1)^s")
    func skew() {
        let sampler = ZipfSampler(count: 1_000, exponent: 0.99)
        var random = FastRandom(seed: 11)
        var counts = [Int](repeating: 0, count: 1_000)
        let draws = 400_000
        for _ in 0..<draws { counts[Int(sampler.sample(&random))] += 1 }
        for rank: UInt64 in [0, 1, 2, 9, 99] {
            let expected = sampler.probability(ofRank: rank) * Double(draws)
            let observed = Double(counts[Int(rank)])
            // Five standard deviations of a binomial count.
            #expect(abs(observed - expected) < 5 * expected.squareRoot() + 1, "rank \(rank): \(observed) vs \(expected)")
        }
        #expect(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[99])
    }

    @Test("a larger exponent concentrates more draws on the hottest key")
    func exponentOrdersSkew() {
        func shareOfHottest(_ exponent: Double) -> Double {
            let sampler = ZipfSampler(count: 100_000, exponent: exponent)
            var random = FastRandom(seed: 3)
            var hits = 0
            for _ in 0..<100_000 where sampler.sample(&random) == 0 { hits += 1 }
            return Double(hits) / 100_000
        }
        #expect(shareOfHottest(0.5) < shareOfHottest(0.99))
        #expect(shareOfHottest(0.99) < shareOfHottest(1.5))
    }
}
