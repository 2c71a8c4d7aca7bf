/// ZPOPMIN, ZPOPMAX and ZMPOP (Redis 7.0's genericZpopCommand), shared with the blocking forms.
extension SortedSetCommands {
    static let popTable: [CommandSpec] = [
        spec("zpopmin", arity: -2, flags: [.write, .fast], fast: true, since: "5.0.0",
             summary: "Remove and return members with the lowest scores in a sorted set", complexity: popComplexity,
             handler: zpopmin),
        spec("zpopmax", arity: -2, flags: [.write, .fast], fast: true, since: "5.0.0",
             summary: "Remove and return members with the highest scores in a sorted set", complexity: popComplexity,
             handler: zpopmax),
        spec("zmpop", arity: -4, flags: [.write, .movableKeys], keys: (0, 0, 0), since: "7.0.0",
             summary: "Remove and return members with scores in a sorted set",
             complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
             keyIndexes: { numkeysIndexes($0, at: 1) }, handler: zmpop),
    ]

    private static let popComplexity =
        "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."

    /// The keys of a `numkeys key [key ...]` command: none when numkeys is not a positive
    /// integer that fits the arguments (the command then answers the error itself).
    static func numkeysIndexes(_ arguments: Arguments, at index: Int) -> [Int] {
        guard index < arguments.count, let numkeys = Integer.parseStrict(arguments[index]), numkeys > 0,
              numkeys < arguments.count - index else { return [] }
        return Array((index + 1)...(index + Int(numkeys)))
    }

    static func zpopmin(_ context: inout CommandContext) { popMinMax(&context, highest: false) }
    static func zpopmax(_ context: inout CommandContext) { popMinMax(&context, highest: true) }

    /// ZPOPMIN|ZPOPMAX key [count]: a flat array, nested pairs in RESP3 when a count is given.
    private static func popMinMax(_ context: inout CommandContext, highest: Bool) {
        guard context.arguments.count <= 3 else { return context.replyError(ReplyError.syntax) }
        var count: Int? = nil
        if context.arguments.count == 3 {
            // getPositiveLongFromObjectOrReply: one error for "not an integer" and "negative".
            guard let value = Integer.parseStrict(context[2]), value >= 0 else {
                return context.replyError(ReplyError.mustBePositive)
            }
            count = Int(value)
        }
        let shape = PopShape(emitKey: false, nested: context.resp == .v3 && count != nil, nilWhenEmpty: false)
        _ = pop(&context, keys: 1...1, highest: highest, count: count, shape: shape)
    }

    /// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count].
    static func zmpop(_ context: inout CommandContext) {
        guard let request = parseMultiPop(&context, numkeysIndex: 1) else { return }
        _ = pop(&context, keys: request.keys, highest: request.highest, count: request.count,
                shape: PopShape(emitKey: true, nested: true, nilWhenEmpty: true))
    }

    struct MultiPop {
        var keys: ClosedRange<Int>
        var highest: Bool
        var count: Int
    }

    /// zmpopGenericCommand's parsing: numkeys, MIN|MAX, then at most one COUNT.
    static func parseMultiPop(_ context: inout CommandContext, numkeysIndex: Int) -> MultiPop? {
        // getRangeLongFromObjectOrReply with a message: the same error for "not an integer".
        guard let numkeys = Integer.parseStrict(context[numkeysIndex]), numkeys > 0 else {
            context.replyError(ReplyError.numkeysNotPositive)
            return nil
        }
        let whereIndex = numkeys >= Int64(context.arguments.count) ? context.arguments.count : numkeysIndex + Int(numkeys) + 1
        guard whereIndex < context.arguments.count else {
            context.replyError(ReplyError.syntax)
            return nil
        }
        let highest: Bool
        if context.arguments.matches(whereIndex, "min") { highest = false }
        else if context.arguments.matches(whereIndex, "max") { highest = true }
        else {
            context.replyError(ReplyError.syntax)
            return nil
        }
        guard let count = MultiPopCount.parse(&context, from: whereIndex + 1) else { return nil }
        return MultiPop(keys: (numkeysIndex + 1)...(numkeysIndex + Int(numkeys)), highest: highest, count: count)
    }

    /// How a pop reply looks: with the key first (ZMPOP, BZPOPMIN), pairs nested (RESP3 with a
    /// count, ZMPOP), a null array when nothing was found (ZMPOP) instead of an empty one.
    struct PopShape {
        var emitKey: Bool
        var nested: Bool
        var nilWhenEmpty: Bool
    }

    enum PopResult { case popped, empty, wrongType }

    /// genericZpopCommand: the first key holding a sorted set is popped from; a key of another
    /// type before it answers WRONGTYPE. `count` nil is the single-pop form. A blocking caller
    /// (`blocking`) gets `.empty` with nothing replied, so that it can block; serving a blocked
    /// client again (`.retry`), a key of another type means "still blocked", as in Redis.
    static func pop(_ context: inout CommandContext, keys: ClosedRange<Int>, highest: Bool, count: Int?,
                    shape: PopShape, blocking: Bool = false) -> PopResult {
        var found: (key: UnsafeRawBufferPointer, entry: Entry)? = nil
        for index in keys {
            guard let entry = context.keyspace.lookupWrite(context[index]) else { continue }
            guard entry.type == .zset else {
                if blocking && context.blockMode == .retry { return .empty }
                context.replyError(ReplyError.wrongType)
                return .wrongType
            }
            found = (context[index], entry)
            break
        }
        guard let (key, entry) = found else {
            if blocking { return .empty }
            if shape.nilWhenEmpty { context.replyNullArray() } else { context.replyArrayHeader(0) }
            return .empty
        }
        if count == 0 {
            context.replyArrayHeader(0)
            return .empty
        }
        var value = SortedSetValue(entry)
        let popping = min(count ?? 1, value.count)
        if shape.emitKey && shape.nested {
            context.replyArrayHeader(2)
            context.replyBulk(key)
            context.replyArrayHeader(popping)
        } else if shape.emitKey {
            context.replyArrayHeader(popping * 2 + 1)
            context.replyBulk(key)
        } else {
            context.replyArrayHeader(shape.nested ? popping : popping * 2)
        }
        for _ in 0..<popping {
            value.popOne(highest: highest) { member, score in
                if shape.nested { context.replyArrayHeader(2) }
                context.replyBulk(member)
                context.replyDouble(score)
            }
        }
        finishWrite(&context, key, entry, value, changed: true)
        return .popped
    }
}
