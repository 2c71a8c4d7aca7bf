/// Generic key commands (Redis's db.c, expire.c and object.c), Redis 7.0's replies and errors.
/// The rows of each group live beside their handlers: this file (existence, type, whole-keyspace
/// commands), `+Expire` (EXPIRE, TTL, PERSIST), `+Move` (RENAME, COPY, MOVE), `+Scan` and
/// `+Object`.
///
/// Multi-key commands (DEL a b, EXISTS, RENAME, COPY) route each key through the `KeyspaceView`;
/// the router has already taken every shard involved. Whole-keyspace ones (`.allShards`) hold all
/// shards and walk each shard's table of the selected database.
enum KeyCommands {
    static let table: [CommandSpec] = basicSpecs + expireSpecs + moveSpecs + [scanSpec, objectSpec]

    static let basicSpecs: [CommandSpec] = [
        CommandSpec("del", arity: -2, flags: [.write], keys: (1, -1, 1), group: .generic,
                    summary: "Delete a key", complexity: delComplexity,
                    categories: ["keyspace", "write", "slow"], handler: del),
        CommandSpec("unlink", arity: -2, flags: [.write, .fast], keys: (1, -1, 1), group: .generic,
                    summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
                    since: "4.0.0", complexity: unlinkComplexity, categories: ["keyspace", "write", "fast"], handler: del),
        CommandSpec("exists", arity: -2, flags: [.readonly, .fast], keys: (1, -1, 1), group: .generic,
                    summary: "Determine if a key exists", complexity: "O(N) where N is the number of keys to check.",
                    categories: ["keyspace", "read", "fast"], handler: exists),
        CommandSpec("touch", arity: -2, flags: [.readonly, .fast], keys: (1, -1, 1), group: .generic,
                    summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.",
                    since: "3.2.1", complexity: "O(N) where N is the number of keys that will be touched.",
                    categories: ["keyspace", "read", "fast"], handler: touch),
        CommandSpec("type", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Determine the type stored at key", categories: ["keyspace", "read", "fast"], handler: type),
        CommandSpec("keys", arity: 2, flags: [.readonly], group: .generic,
                    summary: "Find all keys matching the given pattern",
                    complexity: "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
                    categories: ["keyspace", "read", "slow", "dangerous"], scope: .allShards, handler: keys),
        CommandSpec("randomkey", arity: 1, flags: [.readonly], group: .generic,
                    summary: "Return a random key from the keyspace", categories: ["keyspace", "read", "slow"],
                    scope: .allShards, handler: randomkey),
        CommandSpec("dbsize", arity: 1, flags: [.readonly, .fast], group: .server,
                    summary: "Return the number of keys in the selected database",
                    categories: ["keyspace", "read", "fast"], scope: .allShards, handler: dbsize),
        CommandSpec("swapdb", arity: 3, flags: [.write, .fast], group: .server, summary: "Swaps two Redis databases",
                    since: "4.0.0",
                    complexity: "O(N) where N is the count of clients watching or blocking on keys from both databases.",
                    categories: ["keyspace", "write", "fast", "dangerous"], scope: .allShards, handler: swapdb),
        CommandSpec("flushdb", arity: -1, flags: [.write], group: .server,
                    summary: "Remove all keys from the current database",
                    complexity: "O(N) where N is the number of keys in the selected database",
                    categories: ["keyspace", "write", "slow", "dangerous"], scope: .allShards, handler: flushdb),
        CommandSpec("flushall", arity: -1, flags: [.write], group: .server, summary: "Remove all keys from all databases",
                    complexity: "O(N) where N is the total number of keys in all databases",
                    categories: ["keyspace", "write", "slow", "dangerous"], scope: .allShards, handler: flushall),
    ]

    static let delComplexity =
        "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1)."
    static let unlinkComplexity =
        "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of."

    // MARK: existence and type

    /// DEL and UNLINK (values are freed at once either way): an expired key is reaped first and
    /// does not count; a key named twice is removed once.
    static func del(_ context: inout CommandContext) {
        var removed = 0
        for index in 1..<context.arguments.count {
            let key = context[index]
            if context.keyspace.lookupWrite(key) != nil, context.keyspace.remove(key) { removed += 1 }
        }
        context.replyInteger(removed)
    }

    /// EXISTS counts a key once per time it is named.
    static func exists(_ context: inout CommandContext) {
        var found = 0
        for index in 1..<context.arguments.count where context.keyspace.lookupReadNoTouch(context[index]) != nil {
            found += 1
        }
        context.replyInteger(found)
    }

    static func touch(_ context: inout CommandContext) {
        var found = 0
        for index in 1..<context.arguments.count where context.keyspace.lookupRead(context[index]) != nil {
            found += 1
        }
        context.replyInteger(found)
    }

    static func type(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupReadNoTouch(context[1]) else { return context.replySimple("none") }
        context.replySimple(entry.type.name)
    }

    // MARK: whole keyspace

    /// KEYS: every shard's keys that match, skipping (but not reaping) expired ones, as Redis does.
    static func keys(_ context: inout CommandContext) {
        let pattern = context[1]
        let all = pattern.count == 1 && pattern[0] == UInt8(ascii: "*")
        let now = context.now
        var matched: [Entry] = []
        for shard in 0..<context.keyspace.shardCount {
            context.keyspace.table(shard: shard).forEach { entry in
                if let deadline = entry.expireAt, now > deadline { return }
                if all || GlobPattern.matches(pattern: pattern, entry.key) { matched.append(entry) }
            }
        }
        context.replyArrayHeader(matched.count)
        for entry in matched { context.replyBulk(entry.key) }
    }

    /// RANDOMKEY: a shard chosen with probability proportional to its key count, then a random
    /// entry of it (KeyTable.randomEntry); an expired pick is reaped and another one drawn.
    static func randomkey(_ context: inout CommandContext) {
        let keyspace = context.keyspace
        while true {
            var total = 0
            for shard in 0..<keyspace.shardCount { total += keyspace.table(shard: shard).count }
            guard total > 0 else { return context.replyNull() }
            var pick = Int.random(in: 0..<total)
            var shard = 0
            while pick >= keyspace.table(shard: shard).count {
                pick -= keyspace.table(shard: shard).count
                shard += 1
            }
            let store = context.engine.stores[shard]
            guard let entry = store.databases[keyspace.db].randomEntry(using: &store.random) else { continue }
            if let deadline = entry.expireAt, keyspace.now > deadline {
                let key = Array(entry.key)
                key.withUnsafeBytes { keyspace.expire($0, hash: KeyHash.hash($0), in: store) }
                continue
            }
            return context.replyBulk(entry.key)
        }
    }

    /// DBSIZE counts keys not yet reaped, as Redis's dictSize does.
    static func dbsize(_ context: inout CommandContext) {
        var total = 0
        for shard in 0..<context.keyspace.shardCount { total += context.keyspace.table(shard: shard).count }
        context.replyInteger(total)
    }

    static func swapdb(_ context: inout CommandContext) {
        guard let first = int32Argument(context[1]) else { return context.replyError(ReplyError.invalidFirstDBIndex) }
        guard let second = int32Argument(context[2]) else {
            return context.replyError(ReplyError.invalidSecondDBIndex)
        }
        let count = context.engine.databaseCount
        guard first >= 0 && first < count && second >= 0 && second < count else {
            return context.replyError(ReplyError.dbIndexOutOfRange)
        }
        if first != second {
            for store in context.engine.stores {
                store.databases[first].swapContents(with: store.databases[second])
            }
        }
        context.engine.stores[0].stats.dirty &+= 1
        context.replyOK()
    }

    /// FLUSHDB [ASYNC|SYNC]: the dirty counter gains the number of keys removed.
    static func flushdb(_ context: inout CommandContext) {
        guard flushModeIsValid(context.arguments) else { return context.replyError(ReplyError.syntax) }
        for store in context.engine.stores {
            let table = store.databases[context.db]
            let removed = table.count
            table.removeAll()
            store.stats.dirty &+= removed
        }
        context.replyOK()
    }

    /// FLUSHALL [ASYNC|SYNC]: the dirty counter gains the number of keys removed, then the
    /// snapshot side as Redis's flushAllDataAndResetRDB (Engine.snapshotAfterFlushAll: a running
    /// BGSAVE is killed, the empty data set saved when save points are set).
    static func flushall(_ context: inout CommandContext) {
        guard flushModeIsValid(context.arguments) else { return context.replyError(ReplyError.syntax) }
        for store in context.engine.stores {
            var removed = 0
            for table in store.databases {
                removed += table.count
                table.removeAll()
            }
            store.stats.dirty &+= removed
        }
        context.engine.snapshotAfterFlushAll()
        context.replyOK()
    }

    /// Redis's getFlushCommandFlags: nothing, or exactly one of SYNC / ASYNC.
    static func flushModeIsValid(_ arguments: Arguments) -> Bool {
        arguments.count == 1 || (arguments.count == 2 && (arguments.matches(1, "SYNC") || arguments.matches(1, "ASYNC")))
    }

    // MARK: argument helpers

    /// Redis's getIntFromObjectOrReply without the reply: a strict integer within 32 bits.
    static func int32Argument(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let value = Integer.parseStrict(bytes), value >= Int64(Int32.min), value <= Int64(Int32.max) else {
            return nil
        }
        return Int(value)
    }

    /// A DB index argument as MOVE and COPY ... DB read it, or the reply Redis gives and nil.
    static func databaseArgument(_ context: inout CommandContext, _ index: Int) -> Int? {
        guard let value = Integer.parseStrict(context[index]) else {
            context.replyError(ReplyError.notInteger)
            return nil
        }
        guard value >= Int64(Int32.min) && value <= Int64(Int32.max) else {
            context.replyError(ReplyError.notInt32)
            return nil
        }
        guard value >= 0 && value < Int64(context.engine.databaseCount) else {
            context.replyError(ReplyError.dbIndexOutOfRange)
            return nil
        }
        return Int(value)
    }
}
