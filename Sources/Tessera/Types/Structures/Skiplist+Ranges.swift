/// First and last node of a score or lex range (zslNthInRange's ends, zslFirstInRange,
/// zslLastInLexRange, ...) and range deletion (ZREMRANGEBYSCORE|RANK|LEX, ZPOPMIN/MAX).
extension Skiplist {
    // MARK: score ranges

    /// Whether `range` overlaps the scores from the first node's to the last's (zslIsInRange):
    /// a quick rejection, since the range may still fall between two neighbours.
    func overlaps(_ range: ScoreRange) -> Bool {
        guard !range.isEmpty, let last, let first else { return false }
        return range.isAboveMin(last.score) && range.isBelowMax(first.score)
    }

    /// The lowest node with a score inside `range`.
    func firstNode(in range: ScoreRange) -> SkiplistNode? {
        guard overlaps(range) else { return nil }
        let x = lastBefore { !range.isAboveMin($0.score) }
        guard let candidate = x.next, range.isBelowMax(candidate.score) else { return nil }
        return candidate
    }

    /// The highest node with a score inside `range`.
    func lastNode(in range: ScoreRange) -> SkiplistNode? {
        guard overlaps(range) else { return nil }
        let x = lastBefore { range.isBelowMax($0.score) }
        guard x != head, range.isAboveMin(x.score) else { return nil }
        return x
    }

    /// Deletes every node with a score inside `range`, calling `removing` with each before it
    /// is freed (so the owner can drop it from its dict). Returns how many were deleted.
    @discardableResult
    func deleteRange(_ range: ScoreRange, removing: (SkiplistNode) -> Void = { _ in }) -> Int {
        deleteRun(from: { !range.isAboveMin($0.score) }, while: { node, _ in range.isBelowMax(node.score) }, removing)
    }

    // MARK: lex ranges (meaningful when every score is equal, as ZRANGEBYLEX requires)

    /// Whether `range` overlaps the members from the first node's to the last's
    /// (zslIsInLexRange), a quick rejection like `overlaps(_: ScoreRange)`.
    func overlaps(_ range: LexRange) -> Bool {
        guard !range.isEmpty, let last, let first else { return false }
        return range.isAboveMin(last.member) && range.isBelowMax(first.member)
    }

    func firstNode(in range: LexRange) -> SkiplistNode? {
        guard overlaps(range) else { return nil }
        let x = lastBefore { !range.isAboveMin($0.member) }
        guard let candidate = x.next, range.isBelowMax(candidate.member) else { return nil }
        return candidate
    }

    func lastNode(in range: LexRange) -> SkiplistNode? {
        guard overlaps(range) else { return nil }
        let x = lastBefore { range.isBelowMax($0.member) }
        guard x != head, range.isAboveMin(x.member) else { return nil }
        return x
    }

    @discardableResult
    func deleteRange(_ range: LexRange, removing: (SkiplistNode) -> Void = { _ in }) -> Int {
        deleteRun(from: { !range.isAboveMin($0.member) }, while: { node, _ in range.isBelowMax(node.member) }, removing)
    }

    // MARK: rank ranges

    /// Deletes the nodes at 0-based ranks `start...end` (clamped by the caller, as ZREMRANGEBYRANK
    /// does). Returns how many were deleted.
    @discardableResult
    func deleteRange(ranks: ClosedRange<Int>, removing: (SkiplistNode) -> Void = { _ in }) -> Int {
        var traversed = 0
        return withUnsafeTemporaryAllocation(of: SkiplistNode.self, capacity: Skiplist.maxLevel) { update in
            var x = head
            for i in stride(from: level - 1, through: 0, by: -1) {
                while let forward = x.forward(i), traversed + x.span(i) <= ranks.lowerBound {
                    traversed += x.span(i)
                    x = forward
                }
                update[i] = x
            }
            return deleteFollowing(update, while: { _, index in traversed + index <= ranks.upperBound }, removing)
        }
    }

    // MARK: shared walks

    /// The last node (or the head) for which `isBefore` holds, descending level by level;
    /// `isBefore` must hold for a prefix of the list.
    private func lastBefore(_ isBefore: (SkiplistNode) -> Bool) -> SkiplistNode {
        var x = head
        for i in stride(from: level - 1, through: 0, by: -1) {
            while let forward = x.forward(i), isBefore(forward) { x = forward }
        }
        return x
    }

    private func deleteRun(from isBefore: (SkiplistNode) -> Bool, while inRun: (SkiplistNode, Int) -> Bool,
                           _ removing: (SkiplistNode) -> Void) -> Int {
        withUnsafeTemporaryAllocation(of: SkiplistNode.self, capacity: Skiplist.maxLevel) { update in
            var x = head
            for i in stride(from: level - 1, through: 0, by: -1) {
                while let forward = x.forward(i), isBefore(forward) { x = forward }
                update[i] = x
            }
            return deleteFollowing(update, while: inRun, removing)
        }
    }

    /// Deletes the nodes after `update[0]` while `inRun(node, index in the run)` holds.
    private func deleteFollowing(_ update: UnsafeMutableBufferPointer<SkiplistNode>,
                                 while inRun: (SkiplistNode, Int) -> Bool,
                                 _ removing: (SkiplistNode) -> Void) -> Int {
        var removed = 0
        var cursor = update[0].next
        while let node = cursor, inRun(node, removed) {
            cursor = node.next
            unlink(node, update: update)
            removing(node)
            StructureMemory.deallocate(node.base)
            removed += 1
        }
        return removed
    }
}
