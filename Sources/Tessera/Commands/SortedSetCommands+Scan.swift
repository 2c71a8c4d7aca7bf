/// ZSCAN key cursor [MATCH pattern] [COUNT count] (Redis 7.0's scanGenericCommand on a zset): a
/// listpack answers whole with cursor 0; a skiplist's member dict is walked with the
/// reverse-binary cursor. Scores are written as d2string text, in bulk strings.
extension SortedSetCommands {
    static let scanTable: [CommandSpec] = [
        spec("zscan", arity: -3, flags: [.readonly], since: "2.8.0",
             summary: "Incrementally iterate sorted sets elements and associated scores",
             complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
             handler: zscan),
    ]

    static func zscan(_ context: inout CommandContext) {
        guard let cursor = ScanCursor(context[2], shardCount: 1) else {
            return context.replyError(ReplyError.invalidCursor)
        }
        // Like Redis, a missing key answers the empty scan before the options are parsed.
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType {
                context.replyArrayHeader(2)
                context.replyBulk("0")
                context.replyArrayHeader(0)
            }
            return
        }
        guard let options = ScanOptions.parse(&context, from: 3, allowType: false) else { return }
        let count = options.count
        let pattern = options.pattern
        if value.isListpack { return replyListpack(&context, value, pattern: pattern) }
        var nodes: [SkiplistNode] = []
        var visits = count.multipliedReportingOverflow(by: 10).overflow ? Int.max : count * 10
        var next = cursor.tableCursor
        repeat {
            next = value.index.dict.scan(cursor: next) { entry in nodes.append(SkiplistNode(entry.node)) }
            visits -= 1
        } while next != 0 && visits > 0 && nodes.count < count
        if let pattern { nodes.removeAll { !GlobPattern.matches(pattern: pattern, $0.member) } }
        context.replyArrayHeader(2)
        context.replyBulk(String(next))
        context.replyArrayHeader(nodes.count * 2)
        for node in nodes { replyScanPair(&context, node.member, node.score) }
    }

    private static func replyListpack(_ context: inout CommandContext, _ value: SortedSetValue,
                                      pattern: UnsafeRawBufferPointer?) {
        var matched = 0
        value.forEach { member, _ in
            if pattern.map({ GlobPattern.matches(pattern: $0, member) }) ?? true { matched += 1 }
            return true
        }
        context.replyArrayHeader(2)
        context.replyBulk("0")
        context.replyArrayHeader(matched * 2)
        value.forEach { member, score in
            if pattern.map({ GlobPattern.matches(pattern: $0, member) }) ?? true { replyScanPair(&context, member, score) }
            return true
        }
    }

    private static func replyScanPair(_ context: inout CommandContext, _ member: UnsafeRawBufferPointer, _ score: Double) {
        context.replyBulk(member)
        withUnsafeTemporaryAllocation(byteCount: SortedSetScore.scratchSize, alignment: 1) { scratch in
            context.replyBulk(SortedSetScore.format(score, into: scratch))
        }
    }
}
