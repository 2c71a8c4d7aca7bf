import Testing
@testable import LoadGeneration

@Suite("In-flight requests")
struct InFlightQueueTests {
    @Test("replies are matched to requests oldest first across the ring's wrap")
    func fifo() {
        var queue = InFlightQueue(capacity: 3)
        var next: UInt64 = 0, expected: UInt64 = 0
        for round in 0..<10 {
            while !queue.isFull {
                queue.push(.init(startNanoseconds: next, measured: round.isMultiple(of: 2)))
                next += 1
            }
            for _ in 0..<2 {
                #expect(queue.pop()?.startNanoseconds == expected)
                expected += 1
            }
        }
        #expect(queue.count == 1)
    }

    @Test("a reply with no request outstanding is noticed")
    func empty() {
        var queue = InFlightQueue(capacity: 1)
        #expect(queue.pop() == nil)
    }
}
