import NIOCore

/// HSCAN key cursor [MATCH pattern] [COUNT count] (scanGenericCommand for hashes): the cursor
/// is checked before the key; a listpack hash comes back whole with cursor 0.
extension HashCommands {
    static let scanTable: [CommandSpec] = [
        CommandSpec("hscan", arity: -3, flags: [.readonly], keys: (1, 1, 1), group: .hash,
                    summary: "Incrementally iterate hash fields and associated values", since: "2.8.0",
                    complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
                    categories: ["read", "hash", "slow"], handler: hscan),
    ]

    static func hscan(_ context: inout CommandContext) {
        guard let cursor = ScanCursor(context[2], shardCount: 1) else {
            return context.replyError(ReplyError.invalidCursor)
        }
        guard let hash = readHash(&context, missing: replyEmptyScan) else { return }
        guard let options = ScanOptions.parse(&context, from: 3, allowType: false) else { return }
        // The pairs are counted before the reply's header can be written: gather them apart.
        var pairs = ByteBufferAllocator().buffer(capacity: 256)
        var kept = 0
        let next = hash.scan(cursor: cursor.tableCursor, count: options.count) { field, value in
            guard options.matches(field) else { return }
            pairs.writeRESPBulkString(field)
            pairs.writeRESPBulkString(value)
            kept += 2
        }
        context.replyArrayHeader(2)
        context.replyBulk(String(next))
        context.replyArrayHeader(kept)
        context.reply.writeBuffer(&pairs)
    }

    /// shared.emptyscan: cursor 0 and no elements.
    private static func replyEmptyScan(_ context: inout CommandContext) {
        context.replyArrayHeader(2)
        context.replyBulk("0")
        context.replyArrayHeader(0)
    }
}
