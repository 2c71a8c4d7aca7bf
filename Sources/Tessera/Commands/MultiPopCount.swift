/// The `[COUNT count]` tail of LMPOP, BLMPOP, ZMPOP and BZMPOP, parsed as Redis 7.0 does: at
/// most once, a positive integer, anything else after the direction a syntax error.
enum MultiPopCount {
    /// The count given from `index` on (1 when absent), or nil once the error is replied.
    static func parse(_ context: inout CommandContext, from index: Int) -> Int? {
        var count: Int?
        var index = index
        while index < context.arguments.count {
            guard count == nil, index + 1 < context.arguments.count, context.arguments.matches(index, "count") else {
                context.replyError(ReplyError.syntax)
                return nil
            }
            guard let parsed = Integer.parseStrict(context[index + 1]), parsed > 0 else {
                context.replyError(ReplyError.mpopCountNotPositive)
                return nil
            }
            count = Int(parsed)
            index += 2
        }
        return count ?? 1
    }
}
