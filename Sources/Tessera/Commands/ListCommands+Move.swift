/// LMOVE and RPOPLPUSH (lmoveGenericCommand): pop from one list, push onto another, atomically
/// even when the two keys live on different shards (the router holds both shards' locks for a
/// command whose keys span them). A list moved onto itself rotates.
extension ListCommands {
    static let moveTable: [CommandSpec] = [
        CommandSpec("lmove", arity: 5, flags: [.write, .denyoom], keys: (1, 2, 1), group: .list,
                    categories: ["write", "list", "slow"], handler: lmove),
        CommandSpec("rpoplpush", arity: 3, flags: [.write, .denyoom], keys: (1, 2, 1), group: .list,
                    categories: ["write", "list", "slow"], handler: rpoplpush),
    ]

    static func lmove(_ context: inout CommandContext) {
        guard let from = end(&context, 3), let to = end(&context, 4) else { return }
        move(&context, from: from, to: to)
    }

    static func rpoplpush(_ context: inout CommandContext) {
        move(&context, from: .tail, to: .head)
    }

    /// Moves one element from list `context[1]` to list `context[2]`, replying it (null when
    /// the source is missing). The destination's type is checked before anything is popped.
    static func move(_ context: inout CommandContext, from: Quicklist.End, to: Quicklist.End) {
        let sourceKey = context[1]
        let destinationKey = context[2]
        guard let sourceEntry = context.keyspace.lookupWrite(sourceKey) else { return context.replyNull() }
        guard sourceEntry.type == .list else { return context.replyError(ReplyError.wrongType) }
        let destinationEntry = context.keyspace.lookupWrite(destinationKey)
        if let destinationEntry, destinationEntry.type != .list { return context.replyError(ReplyError.wrongType) }
        let source = ListValue(sourceEntry)
        source.element(at: from == .head ? 0 : -1) { element in
            // Copied out first: the source may be the destination, and the pop frees the bytes.
            withUnsafeTemporaryAllocation(byteCount: max(element.count, 1), alignment: 1) { buffer in
                buffer.copyMemory(from: element)
                let value = UnsafeRawBufferPointer(rebasing: buffer[0..<element.count])
                source.pop(from: from) { _ in }
                if let destinationEntry {
                    ListValue(destinationEntry).push(value, at: to)
                    context.keyspace.modified(destinationKey)
                } else {
                    let created = newList(&context)
                    created.push(value, at: to)
                    context.keyspace.store(destinationKey, created.newValue)
                }
                context.replyBulk(value)
            }
        }
        elementsRemoved(&context, sourceKey, source, changes: 0)
    }
}
