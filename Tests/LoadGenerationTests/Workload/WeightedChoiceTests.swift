import Testing
@testable import LoadGeneration

@Suite("Weighted command choice")
struct WeightedChoiceTests {
    @Test("weights 10,1 pick the first command about ten times as often")
    func ratio() {
        let choice = WeightedChoice(weights: [10, 1])
        var random = FastRandom(seed: 5)
        var counts = [0, 0]
        for _ in 0..<110_000 { counts[choice.pick(&random)] += 1 }
        #expect(abs(counts[0] - 100_000) < 1_500)
        #expect(abs(counts[1] - 10_000) < 1_500)
    }

    @Test("every index with a weight is reachable and none beyond")
    func reach() {
        let choice = WeightedChoice(weights: [1, 2, 3])
        var random = FastRandom(seed: 9)
        var seen = Set<Int>()
        for _ in 0..<10_000 { seen.insert(choice.pick(&random)) }
        #expect(seen == [0, 1, 2])
    }
}
