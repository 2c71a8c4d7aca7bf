/// BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: the non-blocking command when there is
/// something to take, else `context.block` (Execution/Blocking registers, wakes, serves and
/// times out). Served again in `.retry` mode, a key of another type means "still blocked".
extension ListCommands {
    static let blockingTable: [CommandSpec] = [
        CommandSpec("blpop", arity: -3, flags: [.write, .noscript, .blocking], keys: (1, -2, 1), group: .list,
                    categories: ["write", "list", "slow", "blocking"], handler: blpop),
        CommandSpec("brpop", arity: -3, flags: [.write, .noscript, .blocking], keys: (1, -2, 1), group: .list,
                    categories: ["write", "list", "slow", "blocking"], handler: brpop),
        CommandSpec("blmove", arity: 6, flags: [.write, .denyoom, .noscript, .blocking], keys: (1, 2, 1),
                    group: .list, categories: ["write", "list", "slow", "blocking"], handler: blmove),
        CommandSpec("brpoplpush", arity: 4, flags: [.write, .denyoom, .noscript, .blocking], keys: (1, 2, 1),
                    group: .list, categories: ["write", "list", "slow", "blocking"], handler: brpoplpush),
        CommandSpec("blmpop", arity: -5, flags: [.write, .blocking], group: .list,
                    categories: ["write", "list", "slow", "blocking"],
                    keyIndexes: { numberedKeys($0, countAt: 2) }, handler: blmpop),
    ]

    static func blpop(_ context: inout CommandContext) { blockingPop(&context, from: .head) }
    static func brpop(_ context: inout CommandContext) { blockingPop(&context, from: .tail) }

    /// BLPOP key [key ...] timeout: [key, element] from the first non-empty list.
    private static func blockingPop(_ context: inout CommandContext, from end: Quicklist.End) {
        let timeoutIndex = context.arguments.count - 1
        guard let deadline = BlockingTimeout.deadline(&context, argument: timeoutIndex) else { return }
        for index in 1..<timeoutIndex {
            let key = context[index]
            guard let entry = context.keyspace.lookupWrite(key) else { continue }
            guard entry.type == .list else {
                if context.blockMode == .retry { continue }
                return context.replyError(ReplyError.wrongType)
            }
            let list = ListValue(entry)
            context.replyArrayHeader(2)
            context.replyBulk(key)
            list.pop(from: end) { context.replyBulk($0) }
            return elementsRemoved(&context, key, list, changes: 1)
        }
        context.block(on: Array(1..<timeoutIndex), deadline: deadline, timeoutReply: .nullArray)
    }

    static func blmove(_ context: inout CommandContext) {
        guard let from = end(&context, 3), let to = end(&context, 4) else { return }
        blockingMove(&context, from: from, to: to, timeoutIndex: 5)
    }

    static func brpoplpush(_ context: inout CommandContext) {
        blockingMove(&context, from: .tail, to: .head, timeoutIndex: 3)
    }

    /// blmoveGenericCommand: LMOVE when the source holds a list, else block on the source. A
    /// served client whose destination has another type gets WRONGTYPE, as in Redis. Redis 7.0
    /// answers a timeout with a null *array* (replyToBlockedClientTimedOut treats every list
    /// block alike) but a BLMOVE that may not block (MULTI) with a null bulk.
    private static func blockingMove(_ context: inout CommandContext, from: Quicklist.End, to: Quicklist.End,
                                     timeoutIndex: Int) {
        guard let deadline = BlockingTimeout.deadline(&context, argument: timeoutIndex) else { return }
        if let entry = context.keyspace.lookupWrite(context[1]) {
            if entry.type == .list { return move(&context, from: from, to: to) }
            if context.blockMode != .retry { return context.replyError(ReplyError.wrongType) }
        }
        guard context.blockMode != .never else { return context.replyNull() }
        context.block(on: [1], deadline: deadline, timeoutReply: .nullArray)
    }

    /// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: the arguments are checked
    /// before the timeout, as Redis does.
    static func blmpop(_ context: inout CommandContext) {
        guard let request = parseMultiPop(&context, countAt: 2) else { return }
        guard let deadline = BlockingTimeout.deadline(&context, argument: 1) else { return }
        let retrying = context.blockMode == .retry
        guard let popped = popFirstNonEmpty(&context, request, skippingOtherTypes: retrying), !popped else { return }
        context.block(on: Array(request.keys), deadline: deadline, timeoutReply: .nullArray)
    }
}
