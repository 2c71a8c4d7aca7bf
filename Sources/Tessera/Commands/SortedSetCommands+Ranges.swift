/// ZRANGE in all its forms, the older Z[REV]RANGE[BYSCORE|BYLEX] spellings, ZRANGESTORE, ZCOUNT
/// and ZLEXCOUNT (Redis 7.0's zrangeGenericCommand and friends).
extension SortedSetCommands {
    static let rangeTable: [CommandSpec] = [
        spec("zrange", arity: -4, flags: [.readonly], since: "1.2.0", summary: "Return a range of members in a sorted set",
             complexity: rangeComplexity, handler: zrange),
        spec("zrevrange", arity: -4, flags: [.readonly], since: "1.2.0",
             summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low",
             complexity: rangeComplexity, handler: zrevrange),
        spec("zrangebyscore", arity: -4, flags: [.readonly], since: "1.0.5",
             summary: "Return a range of members in a sorted set, by score", complexity: limitComplexity, handler: zrangebyscore),
        spec("zrevrangebyscore", arity: -4, flags: [.readonly], since: "2.2.0",
             summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low",
             complexity: limitComplexity, handler: zrevrangebyscore),
        spec("zrangebylex", arity: -4, flags: [.readonly], since: "2.8.9",
             summary: "Return a range of members in a sorted set, by lexicographical range", complexity: limitComplexity,
             handler: zrangebylex),
        spec("zrevrangebylex", arity: -4, flags: [.readonly], since: "2.8.9",
             summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
             complexity: limitComplexity, handler: zrevrangebylex),
        spec("zrangestore", arity: -5, flags: [.write, .denyoom], keys: (1, 2, 1), since: "6.2.0",
             summary: "Store a range of members from sorted set into another key",
             complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
             handler: zrangestore),
        spec("zcount", arity: 4, flags: [.readonly, .fast], fast: true, since: "2.0.0",
             summary: "Count the members in a sorted set with scores within the given values",
             complexity: "O(log(N)) with N being the number of elements in the sorted set.", handler: zcount),
        spec("zlexcount", arity: 4, flags: [.readonly, .fast], fast: true, since: "2.8.9",
             summary: "Count the number of members in a sorted set between a given lexicographical range",
             complexity: "O(log(N)) with N being the number of elements in the sorted set.", handler: zlexcount),
    ]

    private static let rangeComplexity =
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned."
    private static let limitComplexity =
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."

    static func zrange(_ context: inout CommandContext) { rangeGeneric(&context, source: 1, kind: nil, reverse: nil) }
    static func zrevrange(_ context: inout CommandContext) { rangeGeneric(&context, source: 1, kind: .rank, reverse: true) }
    static func zrangebyscore(_ context: inout CommandContext) {
        rangeGeneric(&context, source: 1, kind: .score, reverse: false)
    }
    static func zrevrangebyscore(_ context: inout CommandContext) {
        rangeGeneric(&context, source: 1, kind: .score, reverse: true)
    }
    static func zrangebylex(_ context: inout CommandContext) { rangeGeneric(&context, source: 1, kind: .lex, reverse: false) }
    static func zrevrangebylex(_ context: inout CommandContext) {
        rangeGeneric(&context, source: 1, kind: .lex, reverse: true)
    }
    static func zrangestore(_ context: inout CommandContext) {
        rangeGeneric(&context, source: 2, kind: nil, reverse: nil, destination: 1)
    }

    // MARK: the request

    enum RangeKind { case rank, score, lex }

    /// A parsed range request; lex bounds borrow the argument bytes.
    struct RangeRequest {
        var kind = RangeKind.rank
        var reverse = false
        var withScores = false
        var offset = 0
        var limit = -1
        var ranks = (start: 0, end: 0)
        var scores = ScoreRange.all
        var lex = LexRange.all
    }

    /// Step 1 of zrangeGenericCommand: the options after `source min max`, in any order; REV,
    /// BYSCORE and BYLEX only where the command's name does not fix them. Replies and returns
    /// nil on an error.
    private static func parseRange(_ context: inout CommandContext, source: Int, kind fixedKind: RangeKind?,
                                   reverse fixedReverse: Bool?, storing: Bool) -> RangeRequest? {
        var request = RangeRequest()
        var kind = fixedKind
        var reverse = fixedReverse
        var index = source + 3
        while index < context.arguments.count {
            let argument = context[index]
            let remaining = context.arguments.count - index - 1
            if !storing && Bytes.equalsIgnoringCase(argument, "withscores") {
                request.withScores = true
            } else if Bytes.equalsIgnoringCase(argument, "limit") && remaining >= 2 {
                guard let offset = context.integerArgument(index + 1), let limit = context.integerArgument(index + 2)
                else { return nil }
                request.offset = Int(offset)
                request.limit = Int(limit)
                index += 2
            } else if fixedReverse == nil && reverse == nil && Bytes.equalsIgnoringCase(argument, "rev") {
                reverse = true
            } else if fixedKind == nil && kind == nil && Bytes.equalsIgnoringCase(argument, "bylex") {
                kind = .lex
            } else if fixedKind == nil && kind == nil && Bytes.equalsIgnoringCase(argument, "byscore") {
                kind = .score
            } else {
                context.replyError(ReplyError.syntax)
                return nil
            }
            index += 1
        }
        request.kind = kind ?? .rank
        request.reverse = reverse ?? false
        if request.limit != -1 && request.kind == .rank {
            context.replyError(ReplyError.limitNeedsByScoreOrLex)
            return nil
        }
        if request.withScores && request.kind == .lex {
            context.replyError(ReplyError.withScoresWithByLex)
            return nil
        }
        return parseBounds(&context, &request, source: source) ? request : nil
    }

    /// Step 2: the range itself; score and lex ranges are given high end first when reversed.
    private static func parseBounds(_ context: inout CommandContext, _ request: inout RangeRequest, source: Int) -> Bool {
        var low = source + 1, high = source + 2
        if request.reverse && request.kind != .rank { swap(&low, &high) }
        switch request.kind {
        case .rank:
            guard let start = context.integerArgument(low), let end = context.integerArgument(high) else { return false }
            request.ranks = (Int(start), Int(end))
        case .score:
            guard let range = parseScoreRange(context[low], context[high]) else {
                context.replyError(ReplyError.scoreRangeNotFloat)
                return false
            }
            request.scores = range
        case .lex:
            guard let range = parseLexRange(context[low], context[high]) else {
                context.replyError(ReplyError.lexRangeInvalid)
                return false
            }
            request.lex = range
        }
        return true
    }

    static func parseScoreRange(_ min: UnsafeRawBufferPointer, _ max: UnsafeRawBufferPointer) -> ScoreRange? {
        guard let low = SortedSetScore.parseBound(min), let high = SortedSetScore.parseBound(max) else { return nil }
        return ScoreRange(min: low.value, max: high.value, minExclusive: low.exclusive, maxExclusive: high.exclusive)
    }

    static func parseLexRange(_ min: UnsafeRawBufferPointer, _ max: UnsafeRawBufferPointer) -> LexRange? {
        guard let low = LexRange.Bound(parsing: min), let high = LexRange.Bound(parsing: max) else { return nil }
        return LexRange(min: low, max: high)
    }

    // MARK: running it

    /// zrangeGenericCommand: parse everything, then look the source up and reply (or store).
    private static func rangeGeneric(_ context: inout CommandContext, source: Int, kind: RangeKind?, reverse: Bool?,
                                     destination: Int? = nil) {
        guard let request = parseRange(&context, source: source, kind: kind, reverse: reverse,
                                       storing: destination != nil) else { return }
        var wrongType = false
        let value = read(&context, context[source], wrongType: &wrongType)
        if wrongType { return }
        if let destination {
            store(&context, destination: context[destination], value, request)
        } else if let value {
            reply(&context, value, request)
        } else {
            context.replyArrayHeader(0)
        }
    }

    /// Two walks: one to count (the reply's length), one to write.
    private static func reply(_ context: inout CommandContext, _ value: SortedSetValue, _ request: RangeRequest) {
        var total = 0
        visit(value, request) { _, _ in total += 1; return true }
        let pairs = request.withScores && context.resp == .v3
        context.replyArrayHeader(request.withScores && !pairs ? total * 2 : total)
        visit(value, request) { member, score in
            if pairs { context.replyArrayHeader(2) }
            context.replyBulk(member)
            if request.withScores { context.replyDouble(score) }
            return true
        }
    }

    /// ZRANGESTORE: the result gets the encoding its size calls for; an empty result deletes
    /// the destination.
    private static func store(_ context: inout CommandContext, destination: UnsafeRawBufferPointer,
                              _ value: SortedSetValue?, _ request: RangeRequest) {
        var total = 0, longest = 0
        if let value {
            visit(value, request) { member, _ in
                total += 1
                longest = max(longest, member.count)
                return true
            }
        }
        guard let value, total > 0 else {
            context.keyspace.remove(destination)
            return context.replyInteger(0)
        }
        var result = SortedSetValue.make(expecting: total, longestMember: longest, limits: context.engine.collectionLimits.sortedSet)
        visit(value, request) { member, score in
            result.insert(member, score: score)
            return true
        }
        context.keyspace.store(destination, result.newValue)
        context.replyInteger(total)
    }

    /// The members a request selects, in reply order.
    static func visit(_ value: SortedSetValue, _ request: RangeRequest, _ body: SortedSetValue.Visitor) {
        switch request.kind {
        case .rank:
            guard let ranks = clampRanks(request.ranks.start, request.ranks.end, count: value.count) else { return }
            value.forEach(ranks: ranks, reverse: request.reverse, body)
        case .score, .lex:
            // Redis's `while (offset--)` skips everything for a negative offset.
            guard request.offset >= 0, request.offset == 0 || request.offset < value.count else { return }
            var remaining = request.limit
            func limited(_ member: UnsafeRawBufferPointer, _ score: Double) -> Bool {
                if remaining == 0 { return false }
                remaining -= 1
                return body(member, score)
            }
            if request.kind == .score {
                value.forEach(in: request.scores, reverse: request.reverse, offset: request.offset, limited)
            } else {
                value.forEach(in: request.lex, reverse: request.reverse, offset: request.offset, limited)
            }
        }
    }

    /// Negative ranks count from the end; nil when nothing is left (genericZrangebyrankCommand).
    static func clampRanks(_ start: Int, _ end: Int, count: Int) -> ClosedRange<Int>? {
        var start = start < 0 ? count + start : start
        var end = end < 0 ? count + end : end
        if start < 0 { start = 0 }
        guard start <= end, start < count else { return nil }
        if end >= count { end = count - 1 }
        return start...end
    }

    // MARK: ZCOUNT, ZLEXCOUNT

    static func zcount(_ context: inout CommandContext) {
        guard let range = parseScoreRange(context[2], context[3]) else {
            return context.replyError(ReplyError.scoreRangeNotFloat)
        }
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType { context.replyInteger(0) }
            return
        }
        context.replyInteger(value.count(in: range))
    }

    static func zlexcount(_ context: inout CommandContext) {
        guard let range = parseLexRange(context[2], context[3]) else {
            return context.replyError(ReplyError.lexRangeInvalid)
        }
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType { context.replyInteger(0) }
            return
        }
        context.replyInteger(value.count(in: range))
    }
}
