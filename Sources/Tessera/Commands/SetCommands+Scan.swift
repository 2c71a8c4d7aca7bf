/// SSCAN key cursor [MATCH pattern] [COUNT count] (Redis 7.0's scanGenericCommand for a set).
/// An intset is returned whole with cursor 0; a hashtable is walked with the reverse-binary
/// cursor of its ByteDict, which returns every member present for the whole scan at least once.
extension SetCommands {
    static let sscanSpec = CommandSpec(
        "sscan", arity: -3, flags: [.readonly], keys: (1, 1, 1), group: .set,
        categories: ["read", "set", "slow"], handler: sscan)

    /// The cursor is checked before the key; options after it (no TYPE, which only SCAN takes).
    static func sscan(_ context: inout CommandContext) {
        guard let cursor = ScanCursor(context[2], shardCount: 1)?.tableCursor else {
            return context.replyError(ReplyError.invalidCursor)
        }
        guard let entry = context.keyspace.lookupRead(context[1]) else {
            context.replyArrayHeader(2)
            context.replyBulk("0")
            return context.replyArrayHeader(0)
        }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        guard let options = ScanOptions.parse(&context, from: 3, allowType: false) else { return }
        let set = SetValue(entry)
        var members: [SetMember] = []
        var next: UInt64 = 0
        if set.encoding == .intset {
            set.forEach { members.append($0) }
        } else {
            next = cursor
            var visits = options.count.multipliedReportingOverflow(by: 10).overflow ? Int.max : options.count * 10
            repeat {
                next = set.dict.scan(cursor: next) { members.append(.bytes($0.member)) }
                visits -= 1
            } while next != 0 && visits > 0 && members.count < options.count
        }
        if let pattern = options.pattern {
            members.removeAll { member in !member.withBytes { GlobPattern.matches(pattern: pattern, $0) } }
        }
        context.replyArrayHeader(2)
        context.replyBulk(String(next))
        context.replyArrayHeader(members.count)
        for member in members { context.replyMember(member) }
    }
}
