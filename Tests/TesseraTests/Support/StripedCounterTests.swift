import Testing
@testable import Tessera

@Suite("StripedCounter")
struct StripedCounterTests {
    @Test("adds on every stripe are summed")
    func sumsStripes() {
        let counter = StripedCounter(stripes: 3)
        counter.add(5, stripe: 0)
        counter.add(7, stripe: 2)
        counter.add(11, stripe: 2)
        counter.add(2, stripe: 1)
        #expect(counter.load() == 25)
    }

    @Test("a reset counts from zero again, and later adds count from there")
    func resetsToZero() {
        let counter = StripedCounter(stripes: 8)
        counter.add(100, stripe: 2)
        counter.add(50, stripe: 6)
        counter.reset()
        #expect(counter.load() == 0)
        counter.add(3, stripe: 2)
        counter.add(4, stripe: 7)
        #expect(counter.load() == 7)
        counter.reset()
        counter.reset()
        #expect(counter.load() == 0)
    }

    @Test("loops adding on their own stripes at once lose nothing")
    func concurrentWritersOnOwnStripes() async {
        let counter = StripedCounter(stripes: 4)
        await withTaskGroup(of: Void.self) { group in
            for stripe in 0..<4 {
                group.addTask { for _ in 0..<10_000 { counter.add(3, stripe: stripe) } }
            }
        }
        #expect(counter.load() == 4 * 10_000 * 3)
    }
}
