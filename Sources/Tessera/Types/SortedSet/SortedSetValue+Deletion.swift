/// Removing runs of members: by rank, score or lex range (zremrangeGenericCommand) and from
/// either end (genericZpopCommand).
extension SortedSetValue {
    /// Removes ranks `ranks` (0-based from the lowest, already clamped); returns how many.
    mutating func removeRange(ranks: ClosedRange<Int>) -> Int {
        if isListpack {
            var list = listpack
            list.deleteRange(index: ranks.lowerBound * 2, count: ranks.count * 2)
            payload = list.base
            return ranks.count
        }
        return index.deleteRange(ranks: ranks)
    }

    mutating func removeRange(_ range: ScoreRange) -> Int {
        if isListpack { return removeListpackRun { range.contains($1) } }
        return index.deleteRange(range)
    }

    mutating func removeRange(_ range: LexRange) -> Int {
        if isListpack { return removeListpackRun { member, _ in range.contains(member) } }
        return index.deleteRange(range)
    }

    /// The listpack holds its pairs in order, so the members of a range are one run of pairs:
    /// find its first pair, count it, and delete it with one splice.
    private mutating func removeListpackRun(_ inRange: (UnsafeRawBufferPointer, Double) -> Bool) -> Int {
        var list = listpack
        var firstPair: Int? = nil
        var pairs = 0
        var pairIndex = 0
        walkListpack(from: list.first, reverse: false) { member, score in
            defer { pairIndex += 1 }
            if inRange(member, score) {
                if firstPair == nil { firstPair = pairIndex }
                pairs += 1
                return true
            }
            return firstPair == nil
        }
        guard let firstPair, pairs > 0 else { return 0 }
        list.deleteRange(index: firstPair * 2, count: pairs * 2)
        payload = list.base
        return pairs
    }

    /// Removes the member with the lowest score (or the highest, `highest`), after showing it
    /// to `body`; nothing when the set is empty.
    mutating func popOne(highest: Bool, _ body: (UnsafeRawBufferPointer, Double) -> Void) {
        if isListpack {
            var list = listpack
            guard let position = highest ? list.seek(-2) : list.first else { return }
            walkListpack(from: position, reverse: false) { member, score in body(member, score); return false }
            list.deleteRange(from: position, count: 2)
            payload = list.base
            return
        }
        guard let node = highest ? index.list.last : index.list.first else { return }
        body(node.member, node.score)
        index.dict.remove(node.member)
        index.list.delete(node)
    }
}
