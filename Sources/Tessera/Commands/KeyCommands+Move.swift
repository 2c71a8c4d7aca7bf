/// RENAME, RENAMENX, COPY and MOVE (Redis 7.0's db.c). A renamed or moved value is detached and
/// attached, never copied, with its deadline; COPY makes a deep copy. Both keys may live on
/// different shards: the router holds both while the command runs.
extension KeyCommands {
    static let moveSpecs: [CommandSpec] = [
        CommandSpec("rename", arity: 3, flags: [.write], keys: (1, 2, 1), group: .generic, summary: "Rename a key",
                    categories: ["keyspace", "write", "slow"], handler: { renameGeneric(&$0, nx: false) }),
        CommandSpec("renamenx", arity: 3, flags: [.write, .fast], keys: (1, 2, 1), group: .generic,
                    summary: "Rename a key, only if the new key does not exist",
                    categories: ["keyspace", "write", "fast"], handler: { renameGeneric(&$0, nx: true) }),
        CommandSpec("copy", arity: -3, flags: [.write, .denyoom], keys: (1, 2, 1), group: .generic,
                    summary: "Copy a key", since: "6.2.0",
                    complexity: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
                    categories: ["keyspace", "write", "slow"], handler: copy),
        CommandSpec("move", arity: 3, flags: [.write, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Move a key to another database", categories: ["keyspace", "write", "fast"], handler: move),
    ]

    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    /// Redis's renameGenericCommand: "no such key" for a missing source (even when both names are
    /// the same); renaming a key to itself is a no-op; the destination is overwritten (RENAME) or
    /// left alone (RENAMENX); one change for the dirty counter.
    static func renameGeneric(_ context: inout CommandContext, nx: Bool) {
        let source = context[1], destination = context[2]
        guard let entry = context.keyspace.lookupWrite(source) else { return context.replyError(ReplyError.noSuchKey) }
        if sameBytes(source, destination) { return nx ? context.replyInteger(0) : context.replyOK() }
        let lru = entry.lru, lfu = entry.lfu
        // Looked up even for RENAME, so an expired destination is reaped (and counted) first.
        if context.keyspace.lookupWrite(destination) != nil && nx { return context.replyInteger(0) }
        guard let value = context.keyspace.detach(source, changes: 0) else { return context.replyError(ReplyError.noSuchKey) }
        let moved = context.keyspace.attach(destination, value, changes: 1)
        moved.lru = lru
        moved.lfu = lfu
        nx ? context.replyInteger(1) : context.replyOK()
    }

    /// COPY source destination [DB index] [REPLACE] (Redis 7.0's copyCommand).
    static func copy(_ context: inout CommandContext) {
        var replace = false
        var targetDB = context.db
        var index = 3
        while index < context.arguments.count {
            if context.arguments.matches(index, "REPLACE") {
                replace = true
            } else if context.arguments.matches(index, "DB") && index + 1 < context.arguments.count {
                guard let db = databaseArgument(&context, index + 1) else { return }
                targetDB = db
                index += 1
            } else {
                return context.replyError(ReplyError.syntax)
            }
            index += 1
        }
        let source = context[1], destination = context[2]
        if targetDB == context.db && sameBytes(source, destination) {
            return context.replyError(ReplyError.sameObject)
        }
        guard let entry = context.keyspace.lookupRead(source) else { return context.replyInteger(0) }
        let target = context.keyspace.database(targetDB)
        if target.lookupWrite(destination) != nil && !replace { return context.replyInteger(0) }
        // A fresh object (dupStringObject and friends): deep copy, same deadline, new access data.
        let value = StoredValue.copy(of: entry)
        let copied = target.attach(destination, value)
        copied.lru = Clock.lruSeconds()
        copied.lfu = Entry.initialLFU
        context.replyInteger(1)
    }

    /// MOVE key db: to another database of the same shard (a key's shard does not depend on its
    /// database); 0 when the key is missing or the target already has it.
    static func move(_ context: inout CommandContext) {
        guard let targetDB = databaseArgument(&context, 2) else { return }
        guard targetDB != context.db else { return context.replyError(ReplyError.sameObject) }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyInteger(0) }
        let lru = entry.lru, lfu = entry.lfu
        let target = context.keyspace.database(targetDB)
        if target.lookupWrite(key) != nil { return context.replyInteger(0) }
        guard let value = context.keyspace.detach(key, changes: 0) else { return context.replyInteger(0) }
        let moved = target.attach(key, value, changes: 1)
        moved.lru = lru
        moved.lfu = lfu
        context.replyInteger(1)
    }
}
