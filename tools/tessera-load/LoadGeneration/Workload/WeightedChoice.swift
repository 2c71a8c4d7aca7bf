/// Picks an index with probability proportional to its weight (`--weights 10,1`).
public struct WeightedChoice: Sendable {
    /// Running totals of the weights; the last one is the sum.
    private let cumulative: [UInt64]

    public init(weights: [UInt64]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 > 0 })
        var total: UInt64 = 0
        cumulative = weights.map { total += $0; return total }
    }

    public var count: Int { cumulative.count }

    /// A linear scan: workloads mix a handful of commands, where it beats a binary search.
    @inline(__always)
    public func pick(_ random: inout FastRandom) -> Int {
        if cumulative.count == 1 { return 0 }
        let ticket = random.next(below: cumulative[cumulative.count - 1])
        var index = 0
        while ticket >= cumulative[index] { index += 1 }
        return index
    }
}
