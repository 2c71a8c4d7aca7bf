/// Adding, updating and removing single members (zsetAdd, zsetRemoveFromSkiplist, zzlInsert,
/// zzlDelete) and the conversions between the two encodings.
extension SortedSetValue {
    /// ZADD's NX, XX, GT, LT and INCR.
    struct AddOptions {
        var onlyNew = false
        var onlyExisting = false
        var onlyGreater = false
        var onlyLess = false
        var increment = false
    }

    /// What zsetAdd did.
    enum AddOutcome: Equatable {
        case added(Double)
        case updated(Double)
        /// Present with that score already.
        case unchanged(Double)
        /// Not processed: NX on a present member, XX on an absent one, GT/LT refusing the score.
        case refused
        /// INCR produced NaN (inf + -inf); nothing changed.
        case notANumber
    }

    /// zsetAdd: `score` must not be NaN (ZADD refuses those before changing anything). Converts
    /// to a skiplist when the new member does not fit the listpack limits.
    mutating func add(_ member: UnsafeRawBufferPointer, score requested: Double, options: AddOptions,
                      limits: SortedSetLimits) -> AddOutcome {
        if let current = score(of: member) {
            if options.onlyNew { return .refused }
            var score = requested
            if options.increment {
                score += current
                if score.isNaN { return .notANumber }
            }
            if (options.onlyLess && score >= current) || (options.onlyGreater && score <= current) {
                return .refused
            }
            guard score != current else { return .unchanged(current) }
            update(member, to: score)
            return .updated(score)
        }
        if options.onlyExisting { return .refused }
        if isListpack && (count + 1 > limits.maxListpackEntries || member.count > limits.maxListpackValue) {
            convertToSkiplist()
        }
        insert(member, score: requested)
        return .added(requested)
    }

    /// Inserts a member known to be absent. A listpack stores `-0` as the integer 0 (so it reads
    /// back as `0`, as from Redis's listpack); a skiplist keeps `-0`, as Redis's does.
    mutating func insert(_ member: UnsafeRawBufferPointer, score: Double) {
        if isListpack {
            listpackInsert(member, score: score)
        } else {
            let node = index.list.insert(score: score, member: member)
            index.dict.insert(node: node.base)
        }
    }

    /// Moves a present member to `score`.
    private mutating func update(_ member: UnsafeRawBufferPointer, to score: Double) {
        if isListpack {
            var list = listpack
            let position = list.find(member, skip: 1)!
            list.deleteRange(from: position, count: 2)
            payload = list.base
            listpackInsert(member, score: score)
        } else {
            index.add(member, score: score)
        }
    }

    /// zsetDel: removes `member`; returns whether it was present.
    @discardableResult
    mutating func remove(_ member: UnsafeRawBufferPointer) -> Bool {
        if isListpack {
            var list = listpack
            guard let position = list.find(member, skip: 1) else { return false }
            list.deleteRange(from: position, count: 2)
            payload = list.base
            return true
        }
        return index.remove(member)
    }

    /// zzlInsert: before the first pair that sorts after (score, member), else at the tail.
    private mutating func listpackInsert(_ member: UnsafeRawBufferPointer, score: Double) {
        var list = listpack
        withUnsafeTemporaryAllocation(byteCount: Listpack.integerScratchSize + SortedSetScore.scratchSize,
                                      alignment: 1) { scratch in
            let memberScratch = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<Listpack.integerScratchSize])
            let scoreScratch = UnsafeMutableRawBufferPointer(rebasing: scratch[Listpack.integerScratchSize...])
            var position = list.first
            while let memberPosition = position {
                let scorePosition = list.next(after: memberPosition)!
                let existing = SortedSetScore.read(list.value(at: scorePosition))
                if existing > score || (existing == score
                    && SkiplistNode.compare(list.bytes(at: memberPosition, scratch: memberScratch), member) > 0) {
                    let inserted = list.insert(.bytes(member), before: memberPosition)
                    list.insert(SortedSetScore.element(score, scratch: scoreScratch), after: inserted)
                    return
                }
                position = list.next(after: scorePosition)
            }
            list.append(.bytes(member))
            list.append(SortedSetScore.element(score, scratch: scoreScratch))
        }
        payload = list.base
    }

    // MARK: conversions

    /// zsetConvert to skiplist: every pair into a new index; the listpack is freed.
    mutating func convertToSkiplist() {
        guard isListpack else { return }
        let list = listpack
        let converted = SortedSetIndex.make()
        if count > 0 { converted.dict.reserve(count) }
        forEach { member, score in
            let node = converted.list.insert(score: score, member: member)
            converted.dict.insert(node: node.base)
            return true
        }
        list.free()
        encoding = .skiplist
        payload = converted.header
    }

    /// zsetConvert to listpack (ZRANGESTORE, ZUNIONSTORE results that fit): pairs in order.
    mutating func convertToListpack() {
        guard !isListpack else { return }
        var list = Listpack.create()
        withUnsafeTemporaryAllocation(byteCount: SortedSetScore.scratchSize, alignment: 1) { scratch in
            index.list.forEach { node in
                list.append(.bytes(node.member))
                list.append(SortedSetScore.element(node.score, scratch: scratch))
                return true
            }
        }
        index.free()
        encoding = .listpack
        payload = list.base
    }

    /// zsetConvertToListpackIfNeeded: back to a listpack when the members fit the limits.
    mutating func convertToListpackIfFits(longestMember: Int, limits: SortedSetLimits) {
        guard !isListpack, count <= limits.maxListpackEntries, longestMember <= limits.maxListpackValue else { return }
        convertToListpack()
    }
}
