/// Walking members in order: all of them, a rank range, a score range or a lex range, forwards
/// or in reverse (zrangeGeneric*, genericZrangebyscoreCommand, genericZrangebylexCommand).
/// `body` gets the member's bytes (valid only during the call) and its score, and returns
/// whether to go on.
extension SortedSetValue {
    typealias Visitor = (UnsafeRawBufferPointer, Double) -> Bool

    /// Every member from the lowest score.
    func forEach(_ body: Visitor) {
        if isListpack {
            walkListpack(from: listpack.first, reverse: false, body)
        } else {
            index.list.forEach { body($0.member, $0.score) }
        }
    }

    /// Ranks `start...end` (0-based, already clamped to the set) counted from the lowest score,
    /// or from the highest when `reverse`, in that direction.
    func forEach(ranks: ClosedRange<Int>, reverse: Bool, _ body: Visitor) {
        var remaining = ranks.count
        func limited(_ member: UnsafeRawBufferPointer, _ score: Double) -> Bool {
            remaining -= 1
            return body(member, score) && remaining > 0
        }
        if isListpack {
            let memberIndex = reverse ? count - 1 - ranks.lowerBound : ranks.lowerBound
            walkListpack(from: listpack.seek(memberIndex * 2), reverse: reverse, limited)
        } else {
            let rank = reverse ? count - 1 - ranks.lowerBound : ranks.lowerBound
            index.list.forEach(from: index.list.node(atRank: rank), reverse: reverse) { limited($0.member, $0.score) }
        }
    }

    /// Members scored inside `range`, from its low end (or its high end when `reverse`),
    /// skipping `offset` of them first.
    func forEach(in range: ScoreRange, reverse: Bool, offset: Int = 0, _ body: Visitor) {
        visit(reverse: reverse, offset: offset,
              startsRun: { _, score in reverse ? range.isBelowMax(score) : range.isAboveMin(score) },
              staysInRun: { _, score in reverse ? range.isAboveMin(score) : range.isBelowMax(score) },
              skiplistStart: { reverse ? index.list.lastNode(in: range) : index.list.firstNode(in: range) },
              body)
    }

    /// Members inside the lex `range` (meaningful when all scores are equal, as Redis requires).
    func forEach(in range: LexRange, reverse: Bool, offset: Int = 0, _ body: Visitor) {
        visit(reverse: reverse, offset: offset,
              startsRun: { member, _ in reverse ? range.isBelowMax(member) : range.isAboveMin(member) },
              staysInRun: { member, _ in reverse ? range.isAboveMin(member) : range.isBelowMax(member) },
              skiplistStart: { reverse ? index.list.lastNode(in: range) : index.list.firstNode(in: range) },
              body)
    }

    /// ZCOUNT: O(log n) on a skiplist through the ranks of the range's two ends.
    func count(in range: ScoreRange) -> Int {
        if isListpack {
            var total = 0
            forEach(in: range, reverse: false) { _, _ in total += 1; return true }
            return total
        }
        return rankSpan(index.list.firstNode(in: range), index.list.lastNode(in: range))
    }

    /// ZLEXCOUNT.
    func count(in range: LexRange) -> Int {
        if isListpack {
            var total = 0
            forEach(in: range, reverse: false) { _, _ in total += 1; return true }
            return total
        }
        return rankSpan(index.list.firstNode(in: range), index.list.lastNode(in: range))
    }

    private func rankSpan(_ first: SkiplistNode?, _ last: SkiplistNode?) -> Int {
        guard let first, let last,
              let low = index.list.rank(score: first.score, member: first.member),
              let high = index.list.rank(score: last.score, member: last.member) else { return 0 }
        return high - low + 1
    }

    // MARK: shared walks

    /// A range walk: find where the run starts (a skiplist descends to it; a listpack scans),
    /// skip `offset`, then visit while the run lasts.
    private func visit(reverse: Bool, offset: Int,
                       startsRun: (UnsafeRawBufferPointer, Double) -> Bool,
                       staysInRun: (UnsafeRawBufferPointer, Double) -> Bool,
                       skiplistStart: () -> SkiplistNode?, _ body: Visitor) {
        var skip = offset
        var started = false
        func inRun(_ member: UnsafeRawBufferPointer, _ score: Double) -> Bool {
            if !started {
                guard startsRun(member, score) else { return true }
                started = true
            }
            guard staysInRun(member, score) else { return false }
            if skip > 0 {
                skip -= 1
                return true
            }
            return body(member, score)
        }
        if isListpack {
            walkListpack(from: reverse ? listpack.seek(-2) : listpack.first, reverse: reverse, inRun)
        } else if let start = skiplistStart() {
            index.list.forEach(from: start, reverse: reverse) { inRun($0.member, $0.score) }
        }
    }

    /// Visits listpack pairs from the member at `start` towards the tail or the head.
    func walkListpack(from start: Listpack.Position?, reverse: Bool, _ body: Visitor) {
        let list = listpack
        withUnsafeTemporaryAllocation(byteCount: Listpack.integerScratchSize, alignment: 1) { scratch in
            var position = start
            while let memberPosition = position {
                let scorePosition = list.next(after: memberPosition)!
                let score = SortedSetScore.read(list.value(at: scorePosition))
                guard body(list.bytes(at: memberPosition, scratch: scratch), score) else { return }
                if reverse {
                    position = list.previous(before: memberPosition).flatMap { list.previous(before: $0) }
                } else {
                    position = list.next(after: scorePosition)
                }
            }
        }
    }
}
