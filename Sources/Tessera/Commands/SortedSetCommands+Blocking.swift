/// BZPOPMIN, BZPOPMAX and BZMPOP: the pops of `+Pop`, blocking when every key is empty
/// (Redis 7.0's blockingGenericZpopCommand). A timeout answers a null array.
extension SortedSetCommands {
    static let blockingTable: [CommandSpec] = [
        spec("bzpopmin", arity: -3, flags: [.write, .noscript, .blocking, .fast], keys: (1, -2, 1), fast: true,
             since: "5.0.0",
             summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
             complexity: bzpopComplexity, extraCategories: ["blocking"], handler: bzpopmin),
        spec("bzpopmax", arity: -3, flags: [.write, .noscript, .blocking, .fast], keys: (1, -2, 1), fast: true,
             since: "5.0.0",
             summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
             complexity: bzpopComplexity, extraCategories: ["blocking"], handler: bzpopmax),
        spec("bzmpop", arity: -5, flags: [.write, .blocking, .movableKeys], keys: (0, 0, 0), since: "7.0.0",
             summary: "Remove and return members with scores in a sorted set or block until one is available",
             complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
             keyIndexes: { numkeysIndexes($0, at: 2) }, extraCategories: ["blocking"], handler: bzmpop),
    ]

    private static let bzpopComplexity = "O(log(N)) with N being the number of elements in the sorted set."

    static func bzpopmin(_ context: inout CommandContext) { blockingPopMinMax(&context, highest: false) }
    static func bzpopmax(_ context: inout CommandContext) { blockingPopMinMax(&context, highest: true) }

    /// BZPOPMIN|BZPOPMAX key [key ...] timeout: [key, member, score] in RESP2 and RESP3.
    private static func blockingPopMinMax(_ context: inout CommandContext, highest: Bool) {
        let timeoutIndex = context.arguments.count - 1
        guard let deadline = BlockingTimeout.deadline(&context, argument: timeoutIndex) else { return }
        let keys = 1...(timeoutIndex - 1)
        let shape = PopShape(emitKey: true, nested: false, nilWhenEmpty: true)
        if pop(&context, keys: keys, highest: highest, count: nil, shape: shape, blocking: true) == .empty {
            context.block(on: Array(keys), deadline: deadline, timeoutReply: .nullArray)
        }
    }

    /// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the ZMPOP checks first, then
    /// the timeout.
    static func bzmpop(_ context: inout CommandContext) {
        guard let request = parseMultiPop(&context, numkeysIndex: 2),
              let deadline = BlockingTimeout.deadline(&context, argument: 1) else { return }
        let shape = PopShape(emitKey: true, nested: true, nilWhenEmpty: true)
        if pop(&context, keys: request.keys, highest: request.highest, count: request.count, shape: shape,
               blocking: true) == .empty {
            context.block(on: Array(request.keys), deadline: deadline, timeoutReply: .nullArray)
        }
    }
}
