/// Rank queries in O(log n) through the spans (zslGetRank, zslGetElementByRank).
extension Skiplist {
    /// The 0-based rank of (`score`, `member`) from the first node, nil when absent. ZREVRANK
    /// is `count - 1 - rank`.
    func rank(score: Double, member: UnsafeRawBufferPointer) -> Int? {
        var traversed = 0
        var x = head
        for i in stride(from: level - 1, through: 0, by: -1) {
            while let forward = x.forward(i),
                  forward.score < score || (forward.score == score && SkiplistNode.compare(forward.member, member) <= 0) {
                traversed += x.span(i)
                x = forward
            }
            if x != head && x.equals(score, member) { return traversed - 1 }
        }
        return nil
    }

    /// The 0-based rank of (`score`, `member`) counted from the last node (ZREVRANK).
    func reverseRank(score: Double, member: UnsafeRawBufferPointer) -> Int? {
        rank(score: score, member: member).map { length - 1 - $0 }
    }

    /// The node at 0-based `rank`, nil when out of range.
    func node(atRank rank: Int) -> SkiplistNode? {
        guard rank >= 0 && rank < length else { return nil }
        let target = rank + 1
        var traversed = 0
        var x = head
        for i in stride(from: level - 1, through: 0, by: -1) {
            while let forward = x.forward(i), traversed + x.span(i) <= target {
                traversed += x.span(i)
                x = forward
            }
            if traversed == target { return x }
        }
        return nil
    }
}
