/// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] over a sharded keyspace (design §2).
///
/// The cursor is `tableCursor * shardCount + shard` (`ScanCursor`): the router runs the command
/// on the cursor's shard, which scans its own table with Redis's reverse-binary cursor and, when
/// that table is done, hands back the next shard's starting cursor. Shards are visited in order
/// and each one's table cursor keeps Redis's guarantee across resizes, so every key present for
/// the whole scan is returned at least once.
extension KeyCommands {
    static let scanSpec = CommandSpec(
        "scan", arity: -2, flags: [.readonly], group: .generic, summary: "Incrementally iterate the keys space",
        since: "2.8.0",
        complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
        categories: ["keyspace", "read", "slow"], scope: .scanCursor, handler: scan)

    /// Redis's scanGenericCommand for the keyspace: collect about COUNT keys (at most 10 × COUNT
    /// bucket visits), then drop those that fail MATCH, TYPE, or have expired (reaping them).
    static func scan(_ context: inout CommandContext) {
        let keyspace = context.keyspace
        guard let cursor = ScanCursor(context[1], shardCount: keyspace.shardCount) else {
            return context.replyError(ReplyError.invalidCursor)
        }
        precondition(keyspace.pinnedShard < 0 || keyspace.pinnedShard == cursor.shard,
                     "SCAN must run on its cursor's shard")
        var count = 10
        var pattern: UnsafeRawBufferPointer? = nil
        var typeName: UnsafeRawBufferPointer? = nil
        var index = 2
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if context.arguments.matches(index, "COUNT") && hasValue {
                guard let value = context.integerArgument(index + 1) else { return }
                guard value >= 1 else { return context.replyError(ReplyError.syntax) }
                count = Int(value)
            } else if context.arguments.matches(index, "MATCH") && hasValue {
                let text = context[index + 1]
                pattern = text.count == 1 && text[0] == UInt8(ascii: "*") ? nil : text
            } else if context.arguments.matches(index, "TYPE") && hasValue {
                typeName = context[index + 1]
            } else {
                return context.replyError(ReplyError.syntax)
            }
            index += 2
        }

        let store = context.engine.stores[cursor.shard]
        let table = store.databases[keyspace.db]
        var collected: [Entry] = []
        var tableCursor = cursor.tableCursor
        var visits = count.multipliedReportingOverflow(by: 10).overflow ? Int.max : count * 10
        repeat {
            tableCursor = table.scan(cursor: tableCursor) { collected.append($0) }
            visits -= 1
        } while tableCursor != 0 && visits > 0 && collected.count < count

        var kept: [Entry] = []
        var expired: [[UInt8]] = []
        kept.reserveCapacity(collected.count)
        for entry in collected {
            if let pattern, !GlobPattern.matches(pattern: pattern, entry.key) { continue }
            let isExpired = entry.expireAt.map { keyspace.now > $0 } ?? false
            if let typeName {
                // Redis looks the key up (LOOKUP_NOTOUCH) to learn its type: a hit or a miss.
                if isExpired { store.stats.keyspaceMisses &+= 1 } else { store.stats.keyspaceHits &+= 1 }
                let name = isExpired ? "none" : entry.type.name
                if !matchesTypeName(typeName, name) {
                    if isExpired { expired.append(Array(entry.key)) }
                    continue
                }
            }
            if isExpired {
                expired.append(Array(entry.key))
                continue
            }
            kept.append(entry)
        }

        let next = ScanCursor.next(shard: cursor.shard, nextTableCursor: tableCursor, shardCount: keyspace.shardCount)
        context.replyArrayHeader(2)
        context.replyBulk(String(next))
        context.replyArrayHeader(kept.count)
        for entry in kept { context.replyBulk(entry.key) }
        // Reaped after the reply is written: the kept entries stay valid until then.
        for key in expired {
            key.withUnsafeBytes { keyspace.expire($0, hash: KeyHash.hash($0), in: store) }
        }
    }

    /// Case-insensitive comparison of SCAN's TYPE argument with a type name (strcasecmp).
    static func matchesTypeName(_ argument: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        Bytes.equalsIgnoringCase(argument, name)
    }
}
