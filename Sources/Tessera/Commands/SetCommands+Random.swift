/// SPOP and SRANDMEMBER with Redis 7.0's strategies (spopWithCountCommand,
/// srandmemberWithCountCommand), drawing from the shard's own generator. Which strategy runs
/// decides the reply's order and, for SPOP, the encoding the set is left in, so they are kept.
extension SetCommands {
    static let randomSpecs: [CommandSpec] = [
        CommandSpec("spop", arity: -2, flags: [.write, .fast], keys: (1, 1, 1), group: .set,
                    categories: ["write", "set", "fast"], handler: spop),
        CommandSpec("srandmember", arity: -2, flags: [.readonly], keys: (1, 1, 1), group: .set,
                    categories: ["read", "set", "slow"], handler: srandmember),
    ]

    /// SPOP_MOVE_STRATEGY_MUL: popping more than 1/5 of the remaining size rebuilds the rest.
    static let spopMoveStrategyFactor = 5
    /// SRANDMEMBER_SUB_STRATEGY_MUL: asking for more than a third copies the set and subtracts.
    static let srandmemberSubtractFactor = 3

    // MARK: SPOP

    static func spop(_ context: inout CommandContext) {
        if context.arguments.count == 3 { return spopCount(&context) }
        guard context.arguments.count == 2 else { return context.replyError(ReplyError.syntax) }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyNull() }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        var set = SetValue(entry)
        let store = context.keyspace.store(for: key)
        let member = set.randomMember(using: &store.random)
        context.replyMember(member)
        set.remove(member)
        finishWrite(set, into: entry, key: key, changes: 1, keyspace: context.keyspace)
    }

    static func spopCount(_ context: inout CommandContext) {
        guard let requested = Integer.parseStrict(context[2]), requested >= 0 else {
            return context.replyError(ReplyError.mustBePositive)
        }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replySetHeader(0) }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        guard requested > 0 else { return context.replySetHeader(0) }
        var set = SetValue(entry)
        let count = Int(requested)
        let size = set.count
        // Redis counts the requested number of changes, even when fewer members exist.
        if count >= size {
            sunionDiff(&context, keys: 1..<2, operation: .union)
            context.keyspace.remove(key)
            context.keyspace.modified(key, changes: count - 1)
            return
        }
        let store = context.keyspace.store(for: key)
        context.replySetHeader(count)
        let remaining = size - count
        if remaining * spopMoveStrategyFactor > count {
            for _ in 0..<count {
                let member = set.randomMember(using: &store.random)
                context.replyMember(member)
                set.remove(member)
            }
            finishWrite(set, into: entry, key: key, changes: count, keyspace: context.keyspace)
            return
        }
        // Most of the set goes: move the members that stay into a new set, reply the rest.
        let maxIntsetEntries = context.engine.collectionLimits.setMaxIntsetEntries
        var kept: SetValue? = nil
        for _ in 0..<remaining {
            let member = set.randomMember(using: &store.random)
            if kept == nil { kept = member.withBytes { SetValue.create(for: $0) } }
            kept!.add(member, maxIntsetEntries: maxIntsetEntries)
            set.remove(member)
        }
        set.forEach { context.replyMember($0) }
        context.keyspace.table(for: key).setPayload(of: entry, encoding: kept!.encoding, payload: kept!.payload)
        set.free()
        context.keyspace.modified(key, changes: count)
    }

    // MARK: SRANDMEMBER

    static func srandmember(_ context: inout CommandContext) {
        if context.arguments.count == 3 { return srandmemberCount(&context) }
        guard context.arguments.count == 2 else { return context.replyError(ReplyError.syntax) }
        let key = context[1]
        guard let entry = context.keyspace.lookupRead(key) else { return context.replyNull() }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        let store = context.keyspace.store(for: key)
        context.replyMember(SetValue(entry).randomMember(using: &store.random))
    }

    /// A negative count may repeat members; a positive one returns distinct members.
    static func srandmemberCount(_ context: inout CommandContext) {
        guard let requested = context.integerArgument(2) else { return }
        guard requested != Int64.min else { return context.replyError(ReplyError.notLongRange) }
        let key = context[1]
        guard let entry = context.keyspace.lookupRead(key) else { return context.replyArrayHeader(0) }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        let set = SetValue(entry)
        let store = context.keyspace.store(for: key)
        let count = Int(requested.magnitude)
        if count == 0 { return context.replyArrayHeader(0) }
        if requested < 0 || count == 1 {
            context.replyArrayHeader(count)
            for _ in 0..<count { context.replyMember(set.randomMember(using: &store.random)) }
            return
        }
        let size = set.count
        if count >= size {
            context.replyArrayHeader(size)
            set.forEach { context.replyMember($0) }
            return
        }
        let picked = ByteDict.make(.none)
        if count * srandmemberSubtractFactor > size {
            // Close to the whole set: copy it, then drop random members down to `count`.
            picked.reserve(size)
            set.forEach { member in member.withBytes { _ = picked.insert($0) } }
            while picked.count > count {
                let entry = picked.fairRandomEntry(using: &store.random)!
                picked.remove(entry.member)
            }
        } else {
            picked.reserve(count)
            while picked.count < count {
                set.randomMember(using: &store.random).withBytes { _ = picked.insert($0) }
            }
        }
        context.replyArrayHeader(count)
        picked.forEach { context.replyBulk($0.member) }
        picked.free()
    }
}
