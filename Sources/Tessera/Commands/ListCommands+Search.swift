/// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] (Redis 7.0's lposCommand).
extension ListCommands {
    static let searchTable: [CommandSpec] = [
        CommandSpec("lpos", arity: -3, flags: [.readonly], keys: (1, 1, 1), group: .list,
                    categories: ["read", "list", "slow"], handler: lpos),
    ]

    struct PositionQuery {
        var rank = 1
        /// nil: no COUNT, one index or null; 0: every match.
        var count: Int?
        var maxLength = 0
    }

    static func lpos(_ context: inout CommandContext) {
        guard let query = parsePositionQuery(&context) else { return }
        guard let entry = context.keyspace.lookupRead(context[1]) else {
            return query.count == nil ? context.replyNull() : context.replyArrayHeader(0)
        }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        let list = ListValue(entry)
        guard let count = query.count else {
            var index: Int?
            list.positions(of: context[2], rank: query.rank, limit: 1, maxLength: query.maxLength) {
                index = $0
                return false
            }
            return index.map { context.replyInteger($0) } ?? context.replyNull()
        }
        // The reply's length is known only at the end (Redis defers it too).
        var indexes: [Int] = []
        list.positions(of: context[2], rank: query.rank, limit: count, maxLength: query.maxLength) {
            indexes.append($0)
            return true
        }
        context.replyArrayHeader(indexes.count)
        for index in indexes { context.replyInteger(index) }
    }

    /// The options, in any order, later ones winning; errors as Redis words them.
    private static func parsePositionQuery(_ context: inout CommandContext) -> PositionQuery? {
        var query = PositionQuery()
        var index = 3
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if hasValue && context.arguments.matches(index, "rank") {
                guard let rank = context.integerArgument(index + 1) else { return nil }
                guard rank != 0 else {
                    context.replyError(ReplyError.lposRankZero)
                    return nil
                }
                query.rank = Int(rank)
            } else if hasValue && context.arguments.matches(index, "count") {
                guard let count = nonNegative(&context, index + 1, ReplyError.lposCountNegative) else { return nil }
                query.count = count
            } else if hasValue && context.arguments.matches(index, "maxlen") {
                guard let length = nonNegative(&context, index + 1, ReplyError.lposMaxlenNegative) else { return nil }
                query.maxLength = length
            } else {
                context.replyError(ReplyError.syntax)
                return nil
            }
            index += 2
        }
        return query
    }

    /// getPositiveLongFromObjectOrReply: a non-number and a negative number share `error`.
    private static func nonNegative(_ context: inout CommandContext, _ index: Int, _ error: StaticString) -> Int? {
        guard let value = Integer.parseStrict(context[index]), value >= 0 else {
            context.replyError(error)
            return nil
        }
        return Int(value)
    }
}
