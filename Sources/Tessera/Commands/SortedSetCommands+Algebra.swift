/// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis 7.0's
/// zunionInterDiffGenericCommand): the result is built in a skiplist-encoded set, replied from
/// it or stored, converted to a listpack when it fits.
extension SortedSetCommands {
    static let algebraTable: [CommandSpec] = [
        spec("zunion", arity: -3, flags: [.readonly, .movableKeys], keys: (0, 0, 0), since: "6.2.0",
             summary: "Add multiple sorted sets",
             complexity: "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
             keyIndexes: { numkeysIndexes($0, at: 1) }, handler: zunion),
        spec("zinter", arity: -3, flags: [.readonly, .movableKeys], keys: (0, 0, 0), since: "6.2.0",
             summary: "Intersect multiple sorted sets", complexity: interComplexity,
             keyIndexes: { numkeysIndexes($0, at: 1) }, handler: zinter),
        spec("zdiff", arity: -3, flags: [.readonly, .movableKeys], keys: (0, 0, 0), since: "6.2.0",
             summary: "Subtract multiple sorted sets", complexity: diffComplexity,
             keyIndexes: { numkeysIndexes($0, at: 1) }, handler: zdiff),
        spec("zunionstore", arity: -4, flags: [.write, .denyoom, .movableKeys], since: "2.0.0",
             summary: "Add multiple sorted sets and store the resulting sorted set in a new key",
             complexity: "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
             keyIndexes: storeIndexes, handler: zunionstore),
        spec("zinterstore", arity: -4, flags: [.write, .denyoom, .movableKeys], since: "2.0.0",
             summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key",
             complexity: interComplexity, keyIndexes: storeIndexes, handler: zinterstore),
        spec("zdiffstore", arity: -4, flags: [.write, .denyoom, .movableKeys], since: "6.2.0",
             summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key",
             complexity: diffComplexity, keyIndexes: storeIndexes, handler: zdiffstore),
        spec("zintercard", arity: -3, flags: [.readonly, .movableKeys], keys: (0, 0, 0), since: "7.0.0",
             summary: "Intersect multiple sorted sets and return the cardinality of the result",
             complexity: "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
             keyIndexes: { numkeysIndexes($0, at: 1) }, handler: zintercard),
    ]

    private static let interComplexity =
        "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set."
    private static let diffComplexity =
        "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set."

    /// The destination, then the numkeys-counted sources.
    private static func storeIndexes(_ arguments: Arguments) -> [Int] {
        [1] + numkeysIndexes(arguments, at: 2)
    }

    enum SetOperation { case union, inter, diff }
    enum Aggregate { case sum, min, max }

    static func zunion(_ context: inout CommandContext) { algebra(&context, .union, numkeysIndex: 1) }
    static func zinter(_ context: inout CommandContext) { algebra(&context, .inter, numkeysIndex: 1) }
    static func zdiff(_ context: inout CommandContext) { algebra(&context, .diff, numkeysIndex: 1) }
    static func zunionstore(_ context: inout CommandContext) { algebra(&context, .union, numkeysIndex: 2, storing: true) }
    static func zinterstore(_ context: inout CommandContext) { algebra(&context, .inter, numkeysIndex: 2, storing: true) }
    static func zdiffstore(_ context: inout CommandContext) { algebra(&context, .diff, numkeysIndex: 2, storing: true) }
    static func zintercard(_ context: inout CommandContext) {
        algebra(&context, .inter, numkeysIndex: 1, cardinalityOnly: true)
    }

    /// One input: its set (nil when the key is missing) and its weight.
    struct Source {
        var value: AlgebraInput?
        var weight = 1.0
        var count: Int { value?.count ?? 0 }
    }

    struct AlgebraRequest {
        var sources: [Source] = []
        var aggregate = Aggregate.sum
        var withScores = false
        var limit = 0
    }

    /// Parsing in Redis's order: numkeys, the keys' types, then WEIGHTS, AGGREGATE, WITHSCORES
    /// (not when storing) and LIMIT (ZINTERCARD only).
    private static func parseAlgebra(_ context: inout CommandContext, _ operation: SetOperation, numkeysIndex: Int,
                                     storing: Bool, cardinalityOnly: Bool) -> AlgebraRequest? {
        guard let numkeys = context.integerArgument(numkeysIndex) else { return nil }
        guard numkeys >= 1 else {
            context.replyError("ERR at least 1 input key is needed for '\(context.spec.fullName)' command")
            return nil
        }
        guard numkeys <= Int64(context.arguments.count - numkeysIndex - 1) else {
            context.replyError(ReplyError.syntax)
            return nil
        }
        var request = AlgebraRequest()
        let setCount = Int(numkeys)
        for index in (numkeysIndex + 1)...(numkeysIndex + setCount) {
            let entry = storing ? context.keyspace.lookupWrite(context[index]) : context.keyspace.lookupRead(context[index])
            var input: AlgebraInput?
            if let entry {
                input = AlgebraInput(entry)
                guard input != nil else {
                    context.replyError(ReplyError.wrongType)
                    return nil
                }
            }
            request.sources.append(Source(value: input))
        }
        var index = numkeysIndex + setCount + 1
        while index < context.arguments.count {
            let remaining = context.arguments.count - index
            let weighted = operation != .diff && !cardinalityOnly
            if weighted && remaining >= setCount + 1 && context.arguments.matches(index, "weights") {
                for source in 0..<setCount {
                    guard let weight = SortedSetScore.parse(context[index + 1 + source]) else {
                        context.replyError(ReplyError.weightNotFloat)
                        return nil
                    }
                    request.sources[source].weight = weight
                }
                index += setCount + 1
            } else if weighted && remaining >= 2 && context.arguments.matches(index, "aggregate") {
                if context.arguments.matches(index + 1, "sum") { request.aggregate = .sum }
                else if context.arguments.matches(index + 1, "min") { request.aggregate = .min }
                else if context.arguments.matches(index + 1, "max") { request.aggregate = .max }
                else {
                    context.replyError(ReplyError.syntax)
                    return nil
                }
                index += 2
            } else if !storing && !cardinalityOnly && context.arguments.matches(index, "withscores") {
                request.withScores = true
                index += 1
            } else if cardinalityOnly && remaining >= 2 && context.arguments.matches(index, "limit") {
                // getPositiveLongFromObjectOrReply: one error for "not an integer" and "negative".
                guard let limit = Integer.parseStrict(context[index + 1]), limit >= 0 else {
                    context.replyError(ReplyError.limitNegative)
                    return nil
                }
                request.limit = Int(limit)
                index += 2
            } else {
                context.replyError(ReplyError.syntax)
                return nil
            }
        }
        return request
    }

    private static func algebra(_ context: inout CommandContext, _ operation: SetOperation, numkeysIndex: Int,
                                storing: Bool = false, cardinalityOnly: Bool = false) {
        guard var request = parseAlgebra(&context, operation, numkeysIndex: numkeysIndex, storing: storing,
                                         cardinalityOnly: cardinalityOnly) else { return }
        if operation != .diff {
            // Smallest first (stable, where Redis's qsort is not): fewer look-ups for ZINTER.
            request.sources = request.sources.enumerated()
                .sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
        }
        if cardinalityOnly { return context.replyInteger(intersectionCount(request)) }
        let result = SortedSetIndex.make()
        var longest = 0
        switch operation {
        case .union: union(request, into: result, longest: &longest)
        case .inter: intersect(request, into: result, longest: &longest)
        case .diff: difference(request, into: result, longest: &longest)
        }
        if storing {
            storeResult(&context, destination: context[1], result, longest: longest)
        } else {
            replyResult(&context, result, withScores: request.withScores)
            result.free()
        }
    }

    // MARK: the operations

    /// zunionInterAggregate; a NaN sum (inf + -inf) becomes 0.
    static func aggregate(_ current: Double, _ value: Double, _ aggregate: Aggregate) -> Double {
        switch aggregate {
        case .sum:
            let sum = current + value
            return sum.isNaN ? 0 : sum
        case .min: return Swift.min(current, value)
        case .max: return Swift.max(current, value)
        }
    }

    /// A weighted score; NaN (0 × inf) becomes 0.
    private static func weighted(_ score: Double, _ weight: Double) -> Double {
        let value = score * weight
        return value.isNaN ? 0 : value
    }

    private static func union(_ request: AlgebraRequest, into result: SortedSetIndex, longest: inout Int) {
        for source in request.sources {
            guard let value = source.value else { continue }
            value.forEach { member, score in
                let score = weighted(score, source.weight)
                if let node = result.node(of: member) {
                    // Written even when equal, as Redis stores into the accumulator: -0 + 0 is 0.
                    result.list.updateScore(of: node, to: aggregate(node.score, score, request.aggregate))
                } else {
                    result.add(member, score: score)
                    longest = Swift.max(longest, member.count)
                }
                return true
            }
        }
    }

    private static func intersect(_ request: AlgebraRequest, into result: SortedSetIndex, longest: inout Int) {
        forEachInIntersection(request) { member, score in
            result.add(member, score: score)
            longest = Swift.max(longest, member.count)
            return true
        }
    }

    private static func intersectionCount(_ request: AlgebraRequest) -> Int {
        var total = 0
        forEachInIntersection(request) { _, _ in
            total += 1
            return request.limit == 0 || total < request.limit
        }
        return total
    }

    /// Members of the smallest input present in every other, with their aggregated scores.
    private static func forEachInIntersection(_ request: AlgebraRequest, _ body: (UnsafeRawBufferPointer, Double) -> Bool) {
        guard let first = request.sources[0].value, first.count > 0 else { return }
        first.forEach { member, score in
            var total = weighted(score, request.sources[0].weight)
            for source in request.sources.dropFirst() {
                guard let other = source.value?.score(of: member) else { return true }
                total = aggregate(total, other * source.weight, request.aggregate)
            }
            return body(member, total)
        }
    }

    /// Members of the first input found in no other, with their own scores (weights do not
    /// apply to ZDIFF).
    private static func difference(_ request: AlgebraRequest, into result: SortedSetIndex, longest: inout Int) {
        guard let first = request.sources[0].value else { return }
        first.forEach { member, score in
            for source in request.sources.dropFirst() where source.value?.score(of: member) != nil { return true }
            result.add(member, score: score)
            longest = Swift.max(longest, member.count)
            return true
        }
    }

    // MARK: results

    private static func replyResult(_ context: inout CommandContext, _ result: SortedSetIndex, withScores: Bool) {
        let pairs = withScores && context.resp == .v3
        context.replyArrayHeader(withScores && !pairs ? result.count * 2 : result.count)
        result.list.forEach { node in
            if pairs { context.replyArrayHeader(2) }
            context.replyBulk(node.member)
            if withScores { context.replyDouble(node.score) }
            return true
        }
    }

    /// An empty result deletes the destination; a small one is stored as a listpack.
    private static func storeResult(_ context: inout CommandContext, destination: UnsafeRawBufferPointer,
                                    _ result: SortedSetIndex, longest: Int) {
        guard result.count > 0 else {
            result.free()
            context.keyspace.remove(destination)
            return context.replyInteger(0)
        }
        var value = SortedSetValue(encoding: .skiplist, payload: result.header)
        value.convertToListpackIfFits(longestMember: longest, limits: context.engine.collectionLimits.sortedSet)
        let count = value.count
        context.keyspace.store(destination, value.newValue)
        context.replyInteger(count)
    }
}
