/// Hash commands (Redis 7.0's t_hash.c): parse, look the key up, call the `HashValue` type
/// API, reply. A write stores a moved or converted object back in its entry and ends in the
/// keyspace; a hash that loses its last field is deleted.
enum HashCommands {
    static let table: [CommandSpec] = [
        CommandSpec("hset", arity: -4, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Set the string value of a hash field", since: "2.0.0",
                    complexity: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
                    categories: ["write", "hash", "fast"], handler: hset),
        CommandSpec("hsetnx", arity: 4, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Set the value of a hash field, only if the field does not exist", since: "2.0.0",
                    categories: ["write", "hash", "fast"], handler: hsetnx),
        CommandSpec("hmset", arity: -4, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Set multiple hash fields to multiple values", since: "2.0.0",
                    complexity: "O(N) where N is the number of fields being set.",
                    categories: ["write", "hash", "fast"], handler: hmset),
        CommandSpec("hget", arity: 3, flags: [.readonly, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Get the value of a hash field", since: "2.0.0",
                    categories: ["read", "hash", "fast"], handler: hget),
        CommandSpec("hmget", arity: -3, flags: [.readonly, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Get the values of all the given hash fields", since: "2.0.0",
                    complexity: "O(N) where N is the number of fields being requested.",
                    categories: ["read", "hash", "fast"], handler: hmget),
        CommandSpec("hdel", arity: -3, flags: [.write, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Delete one or more hash fields", since: "2.0.0",
                    complexity: "O(N) where N is the number of fields to be removed.",
                    categories: ["write", "hash", "fast"], handler: hdel),
        CommandSpec("hlen", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Get the number of fields in a hash", since: "2.0.0",
                    categories: ["read", "hash", "fast"], handler: hlen),
        CommandSpec("hstrlen", arity: 3, flags: [.readonly, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Get the length of the value of a hash field", since: "3.2.0",
                    categories: ["read", "hash", "fast"], handler: hstrlen),
        CommandSpec("hexists", arity: 3, flags: [.readonly, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Determine if a hash field exists", since: "2.0.0",
                    categories: ["read", "hash", "fast"], handler: hexists),
        CommandSpec("hkeys", arity: 2, flags: [.readonly], keys: (1, 1, 1), group: .hash,
                    summary: "Get all the fields in a hash", since: "2.0.0",
                    complexity: "O(N) where N is the size of the hash.",
                    categories: ["read", "hash", "slow"], handler: hkeys),
        CommandSpec("hvals", arity: 2, flags: [.readonly], keys: (1, 1, 1), group: .hash,
                    summary: "Get all the values in a hash", since: "2.0.0",
                    complexity: "O(N) where N is the size of the hash.",
                    categories: ["read", "hash", "slow"], handler: hvals),
        CommandSpec("hgetall", arity: 2, flags: [.readonly], keys: (1, 1, 1), group: .hash,
                    summary: "Get all the fields and values in a hash", since: "2.0.0",
                    complexity: "O(N) where N is the size of the hash.",
                    categories: ["read", "hash", "slow"], handler: hgetall),
    ] + counterTable + randomTable + scanTable

    // MARK: shared steps

    /// The hash at `key` for reading, or nil after replying `missing` (nothing written when
    /// `missing` is nil) or WRONGTYPE.
    static func readHash(_ context: inout CommandContext, missing: ((inout CommandContext) -> Void)?) -> HashValue? {
        guard let entry = context.keyspace.lookupRead(context[1]) else {
            missing?(&context)
            return nil
        }
        guard entry.type == .hash else {
            context.replyError(ReplyError.wrongType)
            return nil
        }
        return HashValue(entry)
    }

    /// hashTypeLookupWriteOrCreate: the key's entry (nil when it is missing) and its hash, or a
    /// new empty one; nil after replying WRONGTYPE.
    static func writableHash(_ context: inout CommandContext) -> (entry: Entry?, hash: HashValue)? {
        guard let entry = context.keyspace.lookupWrite(context[1]) else { return (nil, HashValue.makeEmpty()) }
        guard entry.type == .hash else {
            context.replyError(ReplyError.wrongType)
            return nil
        }
        return (entry, HashValue(entry))
    }

    /// Ends a write: a new hash becomes the key's value, an existing one gets its (possibly
    /// moved or converted) object back; either way the keyspace hears of `changes`.
    static func commit(_ context: inout CommandContext, _ entry: Entry?, _ hash: HashValue, changes: Int = 1) {
        let key = context[1]
        guard let entry else {
            context.keyspace.store(key, hash.newValue)
            if changes > 1 { context.keyspace.modified(key, changes: changes - 1) }
            return
        }
        if entry.payload != hash.payload || entry.encoding != hash.encoding {
            context.keyspace.table(for: key).setPayload(of: entry, encoding: hash.encoding, payload: hash.payload)
        }
        context.keyspace.modified(key, changes: changes)
    }

    /// Drops a hash built for a missing key when the write failed before storing it.
    static func discard(_ entry: Entry?, _ hash: HashValue) {
        if entry == nil { hash.free() }
    }

    // MARK: writes

    static func hset(_ context: inout CommandContext) {
        guard let created = setPairs(&context) else { return }
        context.replyInteger(created)
    }

    static func hmset(_ context: inout CommandContext) {
        guard setPairs(&context) != nil else { return }
        context.replyOK()
    }

    /// HSET/HMSET key field value [field value ...]: the number of new fields, or nil after an
    /// error reply. Redis counts every pair as a change, new or not.
    private static func setPairs(_ context: inout CommandContext) -> Int? {
        guard context.arguments.count % 2 == 0 else {
            context.replyWrongArity()
            return nil
        }
        guard let target = writableHash(&context) else { return nil }
        var hash = target.hash
        let limits = context.engine.collectionLimits.hash
        hash.prepareForWrite(of: context.arguments, from: 2, limits: limits)
        var created = 0
        var index = 2
        while index < context.arguments.count {
            if hash.set(context[index], context[index + 1], limits: limits) { created += 1 }
            index += 2
        }
        commit(&context, target.entry, hash, changes: (context.arguments.count - 2) / 2)
        return created
    }

    static func hsetnx(_ context: inout CommandContext) {
        guard let target = writableHash(&context) else { return }
        var hash = target.hash
        guard !hash.contains(context[2]) else { return context.replyInteger(0) }
        let limits = context.engine.collectionLimits.hash
        hash.prepareForWrite(of: context.arguments, from: 2, limits: limits)
        hash.set(context[2], context[3], limits: limits)
        commit(&context, target.entry, hash)
        context.replyInteger(1)
    }

    static func hdel(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupWrite(context[1]) else { return context.replyInteger(0) }
        guard entry.type == .hash else { return context.replyError(ReplyError.wrongType) }
        var hash = HashValue(entry)
        var deleted = 0
        for index in 2..<context.arguments.count where hash.delete(context[index]) {
            deleted += 1
            if hash.isEmpty { break }
        }
        if deleted > 0 {
            if hash.isEmpty {
                context.keyspace.table(for: context[1]).setPayload(of: entry, encoding: hash.encoding, payload: hash.payload)
                context.keyspace.remove(context[1])
                if deleted > 1 { context.keyspace.modified(context[1], changes: deleted - 1) }
            } else {
                commit(&context, entry, hash, changes: deleted)
            }
        }
        context.replyInteger(deleted)
    }

    // MARK: reads

    static func hget(_ context: inout CommandContext) {
        guard let hash = readHash(&context, missing: { $0.replyNull() }) else { return }
        hash.withValue(of: context[2]) { value in
            if let value { context.replyBulk(value) } else { context.replyNull() }
        }
    }

    static func hmget(_ context: inout CommandContext) {
        let fields = context.arguments.count - 2
        guard let hash = readHash(&context, missing: { context in
            context.replyArrayHeader(fields)
            for _ in 0..<fields { context.replyNull() }
        }) else { return }
        context.replyArrayHeader(fields)
        for index in 2..<context.arguments.count {
            hash.withValue(of: context[index]) { value in
                if let value { context.replyBulk(value) } else { context.replyNull() }
            }
        }
    }

    static func hlen(_ context: inout CommandContext) {
        guard let hash = readHash(&context, missing: { $0.replyInteger(0) }) else { return }
        context.replyInteger(hash.count)
    }

    static func hstrlen(_ context: inout CommandContext) {
        guard let hash = readHash(&context, missing: { $0.replyInteger(0) }) else { return }
        context.replyInteger(hash.valueLength(of: context[2]) ?? 0)
    }

    static func hexists(_ context: inout CommandContext) {
        guard let hash = readHash(&context, missing: { $0.replyInteger(0) }) else { return }
        context.replyInteger(hash.contains(context[2]) ? 1 : 0)
    }

    static func hkeys(_ context: inout CommandContext) { getAll(&context, fields: true, values: false) }

    static func hvals(_ context: inout CommandContext) { getAll(&context, fields: false, values: true) }

    static func hgetall(_ context: inout CommandContext) { getAll(&context, fields: true, values: true) }

    /// genericHgetallCommand: a map of fields to values in RESP3 (HGETALL), else an array.
    private static func getAll(_ context: inout CommandContext, fields: Bool, values: Bool) {
        let both = fields && values
        guard let hash = readHash(&context, missing: { context in
            if both { context.replyMapHeader(0) } else { context.replyArrayHeader(0) }
        }) else { return }
        if both { context.replyMapHeader(hash.count) } else { context.replyArrayHeader(hash.count) }
        hash.forEach { field, value in
            if fields { context.replyBulk(field) }
            if values { context.replyBulk(value) }
        }
    }
}
