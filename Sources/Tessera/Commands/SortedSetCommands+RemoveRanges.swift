/// ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX (Redis 7.0's zremrangeGenericCommand).
extension SortedSetCommands {
    static let removeRangeTable: [CommandSpec] = [
        spec("zremrangebyrank", arity: 4, flags: [.write], since: "2.0.0",
             summary: "Remove all members in a sorted set within the given indexes", complexity: removeComplexity,
             handler: zremrangebyrank),
        spec("zremrangebyscore", arity: 4, flags: [.write], since: "1.2.0",
             summary: "Remove all members in a sorted set within the given scores", complexity: removeComplexity,
             handler: zremrangebyscore),
        spec("zremrangebylex", arity: 4, flags: [.write], since: "2.8.9",
             summary: "Remove all members in a sorted set between the given lexicographical range",
             complexity: removeComplexity, handler: zremrangebylex),
    ]

    private static let removeComplexity =
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."

    static func zremrangebyrank(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let end = context.integerArgument(3) else { return }
        removeRange(&context) { value in
            guard let ranks = clampRanks(Int(start), Int(end), count: value.count) else { return 0 }
            return value.removeRange(ranks: ranks)
        }
    }

    static func zremrangebyscore(_ context: inout CommandContext) {
        guard let range = parseScoreRange(context[2], context[3]) else {
            return context.replyError(ReplyError.scoreRangeNotFloat)
        }
        removeRange(&context) { $0.removeRange(range) }
    }

    static func zremrangebylex(_ context: inout CommandContext) {
        guard let range = parseLexRange(context[2], context[3]) else {
            return context.replyError(ReplyError.lexRangeInvalid)
        }
        removeRange(&context) { $0.removeRange(range) }
    }

    /// Looks the key up after the range parsed, removes, counts one change per member removed.
    private static func removeRange(_ context: inout CommandContext, _ remove: (inout SortedSetValue) -> Int) {
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyInteger(0) }
        guard entry.type == .zset else { return context.replyError(ReplyError.wrongType) }
        var value = SortedSetValue(entry)
        let removed = remove(&value)
        finishWrite(&context, key, entry, value, changed: removed > 0, changes: removed)
        context.replyInteger(removed)
    }
}
