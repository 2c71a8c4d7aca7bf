/// List commands (Redis's t_list.c, command half). Handlers parse, look the key up, call the
/// list type API (`ListValue`) and reply; an emptied list is deleted. Moves, multi-key pops,
/// LPOS and the blocking forms live in the `ListCommands+*.swift` files.
enum ListCommands {
    static let table: [CommandSpec] = [
        CommandSpec("lpush", arity: -3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "fast"], handler: lpush),
        CommandSpec("rpush", arity: -3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "fast"], handler: rpush),
        CommandSpec("lpushx", arity: -3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "fast"], handler: lpushx),
        CommandSpec("rpushx", arity: -3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "fast"], handler: rpushx),
        CommandSpec("lpop", arity: -2, flags: [.write, .fast], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "fast"], handler: lpop),
        CommandSpec("rpop", arity: -2, flags: [.write, .fast], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "fast"], handler: rpop),
        CommandSpec("llen", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .list,
                    categories: ["read", "list", "fast"], handler: llen),
        CommandSpec("lrange", arity: 4, flags: [.readonly], keys: (1, 1, 1), group: .list,
                    categories: ["read", "list", "slow"], handler: lrange),
        CommandSpec("lindex", arity: 3, flags: [.readonly], keys: (1, 1, 1), group: .list,
                    categories: ["read", "list", "slow"], handler: lindex),
        CommandSpec("lset", arity: 4, flags: [.write, .denyoom], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "slow"], handler: lset),
        CommandSpec("linsert", arity: 5, flags: [.write, .denyoom], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "slow"], handler: linsert),
        CommandSpec("lrem", arity: 4, flags: [.write], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "slow"], handler: lrem),
        CommandSpec("ltrim", arity: 4, flags: [.write], keys: (1, 1, 1), group: .list,
                    categories: ["write", "list", "slow"], handler: ltrim),
    ] + searchTable + moveTable + multiPopTable + blockingTable

    static func lpush(_ context: inout CommandContext) { push(&context, at: .head, onlyIfExists: false) }
    static func rpush(_ context: inout CommandContext) { push(&context, at: .tail, onlyIfExists: false) }
    static func lpushx(_ context: inout CommandContext) { push(&context, at: .head, onlyIfExists: true) }
    static func rpushx(_ context: inout CommandContext) { push(&context, at: .tail, onlyIfExists: true) }

    /// pushGenericCommand: every element in argument order; the reply is the new length.
    private static func push(_ context: inout CommandContext, at end: Quicklist.End, onlyIfExists: Bool) {
        let key = context[1]
        let pushed = context.arguments.count - 2
        if let entry = context.keyspace.lookupWrite(key) {
            guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
            let list = ListValue(entry)
            for index in 2..<context.arguments.count { list.push(context[index], at: end) }
            context.keyspace.modified(key, changes: pushed)
            return context.replyInteger(list.count)
        }
        guard !onlyIfExists else { return context.replyInteger(0) }
        let list = newList(&context)
        for index in 2..<context.arguments.count { list.push(context[index], at: end) }
        context.keyspace.store(key, list.newValue, changes: pushed)
        context.replyInteger(list.count)
    }

    static func lpop(_ context: inout CommandContext) { pop(&context, from: .head) }
    static func rpop(_ context: inout CommandContext) { pop(&context, from: .tail) }

    /// popGenericCommand: LPOP key [count]. Without a count the reply is one bulk (or null);
    /// with one, an array (null array for a missing key, empty for count 0).
    private static func pop(_ context: inout CommandContext, from end: Quicklist.End) {
        guard context.arguments.count <= 3 else { return context.replyWrongArity() }
        var count: Int?
        if context.arguments.count == 3 {
            guard let parsed = Integer.parseStrict(context[2]), parsed >= 0 else {
                return context.replyError(ReplyError.countNotPositive)
            }
            count = Int(parsed)
        }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else {
            return count == nil ? context.replyNull() : context.replyNullArray()
        }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        let list = ListValue(entry)
        guard let count else {
            list.pop(from: end) { context.replyBulk($0) }
            return elementsRemoved(&context, key, list, changes: 1)
        }
        guard count > 0 else { return context.replyArrayHeader(0) }
        context.replyArrayHeader(min(count, list.count))
        let removed = list.pop(count: count, from: end) { context.replyBulk($0) }
        elementsRemoved(&context, key, list, changes: removed)
    }

    static func llen(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyInteger(0) }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        context.replyInteger(ListValue(entry).count)
    }

    /// LRANGE key start stop: indexes first, then the key (as Redis parses them).
    static func lrange(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let stop = context.integerArgument(3) else { return }
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyArrayHeader(0) }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        let list = ListValue(entry)
        guard let range = list.clampedRange(start: start, stop: stop) else { return context.replyArrayHeader(0) }
        context.replyArrayHeader(range.count)
        list.forEach(in: range) { context.replyBulk($0) }
    }

    /// LINDEX key index: the key first (a missing key answers null whatever the index).
    static func lindex(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyNull() }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        guard let index = context.integerArgument(2) else { return }
        let found = ListValue(entry).element(at: Int(index)) { context.replyBulk($0) }
        if !found { context.replyNull() }
    }

    static func lset(_ context: inout CommandContext) {
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyError(ReplyError.noSuchKey) }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        guard let index = context.integerArgument(2) else { return }
        guard ListValue(entry).set(at: Int(index), to: context[3]) else {
            return context.replyError(ReplyError.outOfRange)
        }
        context.keyspace.modified(key)
        context.replyOK()
    }

    /// LINSERT key BEFORE|AFTER pivot element: -1 without the pivot, 0 without the key.
    static func linsert(_ context: inout CommandContext) {
        let after: Bool
        if context.arguments.matches(2, "after") {
            after = true
        } else if context.arguments.matches(2, "before") {
            after = false
        } else {
            return context.replyError(ReplyError.syntax)
        }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyInteger(0) }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        let list = ListValue(entry)
        guard list.insert(context[4], after: after, pivot: context[3]) else { return context.replyInteger(-1) }
        context.keyspace.modified(key)
        context.replyInteger(list.count)
    }

    /// LREM key count element.
    static func lrem(_ context: inout CommandContext) {
        guard let count = context.integerArgument(2) else { return }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyInteger(0) }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        let list = ListValue(entry)
        let removed = list.remove(context[3], count: count)
        if removed > 0 { elementsRemoved(&context, key, list, changes: removed) }
        context.replyInteger(removed)
    }

    /// LTRIM key start stop.
    static func ltrim(_ context: inout CommandContext) {
        guard let start = context.integerArgument(2), let stop = context.integerArgument(3) else { return }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyOK() }
        guard entry.type == .list else { return context.replyError(ReplyError.wrongType) }
        let list = ListValue(entry)
        let removed = list.trim(keeping: list.clampedRange(start: start, stop: stop))
        elementsRemoved(&context, key, list, changes: removed)
        context.replyOK()
    }

    // MARK: shared

    /// A new empty list with the configured node fill.
    static func newList(_ context: inout CommandContext) -> ListValue {
        ListValue.create(fill: context.engine.collectionLimits.listFill)
    }

    /// listElementsRemoved: deletes the key when the list is now empty, else records the change.
    static func elementsRemoved(_ context: inout CommandContext, _ key: UnsafeRawBufferPointer, _ list: ListValue,
                                changes: Int) {
        if list.count == 0 {
            context.keyspace.remove(key, changes: changes)
        } else {
            context.keyspace.modified(key, changes: changes)
        }
    }

    /// LEFT or RIGHT (getListPositionFromObjectOrReply); replies a syntax error otherwise.
    static func end(_ context: inout CommandContext, _ index: Int) -> Quicklist.End? {
        if context.arguments.matches(index, "left") { return .head }
        if context.arguments.matches(index, "right") { return .tail }
        context.replyError(ReplyError.syntax)
        return nil
    }
}
