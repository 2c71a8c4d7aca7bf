/// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] over a sharded keyspace (design §2).
///
/// The cursor is `tableCursor * shardCount + shard` (`ScanCursor`). SCAN holds every shard (it
/// is not a hot command) so that one call can go on from one shard's table to the next, as
/// Redis's one table would: a small keyspace comes back in one call, exactly as from Redis.
/// Shards are visited in order and each one's reverse-binary table cursor keeps Redis's
/// guarantee across resizes, so every key present for the whole scan is returned at least once.
extension KeyCommands {
    static let scanSpec = CommandSpec(
        "scan", arity: -2, flags: [.readonly], group: .generic, summary: "Incrementally iterate the keys space",
        since: "2.8.0",
        complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
        categories: ["keyspace", "read", "slow"], scope: .allShards, handler: scan)

    /// Redis's scanGenericCommand for the keyspace: collect about COUNT keys (at most 10 × COUNT
    /// bucket visits), then drop those that fail MATCH, TYPE, or have expired (reaping them).
    static func scan(_ context: inout CommandContext) {
        let keyspace = context.keyspace
        guard let cursor = ScanCursor(context[1], shardCount: keyspace.shardCount) else {
            return context.replyError(ReplyError.invalidCursor)
        }
        guard let options = ScanOptions(&context, from: 2, allowingType: true) else { return }
        let count = options.count, pattern = options.pattern, typeName = options.typeName

        var collected: [(entry: Entry, store: ShardStore)] = []
        var shard = cursor.shard
        var tableCursor = cursor.tableCursor
        var finished = false
        var visits = count.multipliedReportingOverflow(by: 10).overflow ? Int.max : count * 10
        repeat {
            let store = context.engine.stores[shard]
            tableCursor = store.databases[keyspace.db].scan(cursor: tableCursor) { collected.append(($0, store)) }
            visits -= 1
            if tableCursor == 0 {
                if shard + 1 < keyspace.shardCount { shard += 1 } else { finished = true }
            }
        } while !finished && visits > 0 && collected.count < count

        var kept: [Entry] = []
        var expired: [(key: [UInt8], store: ShardStore)] = []
        kept.reserveCapacity(collected.count)
        for (entry, store) in collected {
            if let pattern, !GlobPattern.matches(pattern: pattern, entry.key) { continue }
            let isExpired = entry.expireAt.map { keyspace.now > $0 } ?? false
            if let typeName {
                // Redis looks the key up (LOOKUP_NOTOUCH) to learn its type: a hit or a miss.
                if isExpired { store.stats.keyspaceMisses &+= 1 } else { store.stats.keyspaceHits &+= 1 }
                let name = isExpired ? "none" : entry.type.name
                if !matchesTypeName(typeName, name) {
                    if isExpired { expired.append((Array(entry.key), store)) }
                    continue
                }
            }
            if isExpired {
                expired.append((Array(entry.key), store))
                continue
            }
            kept.append(entry)
        }

        let next = finished ? 0 : tableCursor &* UInt64(keyspace.shardCount) &+ UInt64(shard)
        context.replyArrayHeader(2)
        context.replyBulk(String(next))
        context.replyArrayHeader(kept.count)
        for entry in kept { context.replyBulk(entry.key) }
        // Reaped after the reply is written: the kept entries stay valid until then.
        for (key, store) in expired {
            key.withUnsafeBytes { keyspace.expire($0, hash: KeyHash.hash($0), in: store) }
        }
    }

    /// Case-insensitive comparison of SCAN's TYPE argument with a type name (strcasecmp).
    static func matchesTypeName(_ argument: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        Bytes.equalsIgnoringCase(argument, name)
    }
}
