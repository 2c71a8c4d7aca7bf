/// HRANDFIELD key [count [WITHVALUES]] (hrandfieldCommand and hrandfieldWithCountCommand).
extension HashCommands {
    static let randomTable: [CommandSpec] = [
        CommandSpec("hrandfield", arity: -2, flags: [.readonly], keys: (1, 1, 1), group: .hash,
                    summary: "Get one or multiple random fields from a hash", since: "6.2.0",
                    complexity: "O(N) where N is the number of fields returned",
                    categories: ["read", "hash", "slow"], handler: hrandfield),
    ]

    static func hrandfield(_ context: inout CommandContext) {
        guard context.arguments.count >= 3 else { return randomField(&context) }
        guard let count = Integer.parseStrict(context[2]) else { return context.replyError(ReplyError.notInteger) }
        guard count != Int64.min else { return context.replyError(ReplyError.randomCountOutOfRange) }
        let withValues = context.arguments.count == 4
        if context.arguments.count > 4 || (withValues && !context.arguments.matches(3, "WITHVALUES")) {
            return context.replyError(ReplyError.syntax)
        }
        if withValues && (count < -Int64.max / 2 || count > Int64.max / 2) {
            return context.replyError(ReplyError.valueOutOfRange)
        }
        randomFields(&context, count: Int(count), withValues: withValues)
    }

    /// Without a count: one field, or null.
    private static func randomField(_ context: inout CommandContext) {
        guard let hash = readHash(&context, missing: { $0.replyNull() }) else { return }
        let store = context.keyspace.store(for: context[1])
        hash.randomPair(using: &store.random) { field, _ in context.replyBulk(field) }
    }

    /// A negative count may repeat fields; a positive one never does and is capped at the size.
    /// With WITHVALUES, RESP3 gets [field, value] pairs and RESP2 one flat array.
    private static func randomFields(_ context: inout CommandContext, count: Int, withValues: Bool) {
        guard let hash = readHash(&context, missing: { $0.replyArrayHeader(0) }) else { return }
        let distinct = count >= 0
        let wanted = distinct ? min(count, hash.count) : -count
        guard wanted > 0 else { return context.replyArrayHeader(0) }
        let nested = withValues && context.resp != .v2
        context.replyArrayHeader(withValues && !nested ? wanted * 2 : wanted)
        func reply(_ field: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) {
            if nested { context.replyArrayHeader(2) }
            context.replyBulk(field)
            if withValues { context.replyBulk(value) }
        }
        // The shard's own generator (xorshift64*): no system call per draw.
        let store = context.keyspace.store(for: context[1])
        if distinct {
            hash.distinctRandomPairs(wanted, using: &store.random, reply)
        } else {
            hash.randomPairs(wanted, using: &store.random, reply)
        }
    }
}
