/// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] (Redis 7.0's lmpopGenericCommand and
/// mpopGenericCommand): pops from the first non-empty list of the keys, which may span shards.
extension ListCommands {
    static let multiPopTable: [CommandSpec] = [
        CommandSpec("lmpop", arity: -4, flags: [.write], group: .list, categories: ["write", "list", "slow"],
                    keyIndexes: { numberedKeys($0, countAt: 1) }, handler: lmpop),
    ]

    /// What LMPOP and BLMPOP were asked for.
    struct MultiPop {
        var keys: Range<Int>
        var end: Quicklist.End
        var count: Int
    }

    static func lmpop(_ context: inout CommandContext) {
        guard let request = parseMultiPop(&context, countAt: 1) else { return }
        if popFirstNonEmpty(&context, request) == false { context.replyNullArray() }
    }

    /// Pops from the first key holding a list: replies [key, [elements]] and returns true; false
    /// (nothing replied) when no key holds one; nil after a WRONGTYPE reply. A key of another
    /// type is skipped instead when `skippingOtherTypes` (a blocked client being served).
    static func popFirstNonEmpty(_ context: inout CommandContext, _ request: MultiPop,
                                 skippingOtherTypes: Bool = false) -> Bool? {
        for index in request.keys {
            let key = context[index]
            guard let entry = context.keyspace.lookupWrite(key) else { continue }
            guard entry.type == .list else {
                if skippingOtherTypes { continue }
                context.replyError(ReplyError.wrongType)
                return nil
            }
            let list = ListValue(entry)
            context.replyArrayHeader(2)
            context.replyBulk(key)
            context.replyArrayHeader(min(request.count, list.count))
            let removed = list.pop(count: request.count, from: request.end) { context.replyBulk($0) }
            elementsRemoved(&context, key, list, changes: removed)
            return true
        }
        return false
    }

    /// numkeys, the keys, LEFT|RIGHT, then an optional COUNT (once), in Redis's order of checks.
    static func parseMultiPop(_ context: inout CommandContext, countAt numkeysIndex: Int) -> MultiPop? {
        let arguments = context.arguments
        guard let numkeys = Integer.parseStrict(arguments[numkeysIndex]), numkeys > 0 else {
            context.replyError(ReplyError.numkeysNotPositive)
            return nil
        }
        guard numkeys < arguments.count - numkeysIndex - 1 else {
            context.replyError(ReplyError.syntax)
            return nil
        }
        let whereIndex = numkeysIndex + Int(numkeys) + 1
        guard let end = end(&context, whereIndex) else { return nil }
        guard let count = MultiPopCount.parse(&context, from: whereIndex + 1) else { return nil }
        return MultiPop(keys: (numkeysIndex + 1)..<whereIndex, end: end, count: count)
    }

    /// The key indexes of a numkeys-counted command (lmpopGetKeys): none when numkeys is not a
    /// count the arguments can hold.
    static func numberedKeys(_ arguments: Arguments, countAt numkeysIndex: Int) -> [Int] {
        guard numkeysIndex < arguments.count, let numkeys = Integer.parseStrict(arguments[numkeysIndex]),
              numkeys > 0, numkeys < arguments.count - numkeysIndex - 1
        else { return [] }
        return Array((numkeysIndex + 1)...(numkeysIndex + Int(numkeys)))
    }
}
