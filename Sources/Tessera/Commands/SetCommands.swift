/// Set commands (Redis 7.0's t_set.c), Redis 7.0's replies and errors. They reach a set only
/// through `SetValue` (Types/Set). This file: the table's membership rows (SADD, SREM,
/// SISMEMBER, SMISMEMBER, SCARD) and the helpers every set command shares; `+Algebra` (SINTER,
/// SUNION, SDIFF, their STORE forms, SINTERCARD, SMEMBERS), `+Random` (SPOP, SRANDMEMBER),
/// `+Move` (SMOVE) and `+Scan` (SSCAN).
enum SetCommands {
    static let table: [CommandSpec] = membershipSpecs + algebraSpecs + randomSpecs + [smoveSpec, sscanSpec]

    static let membershipSpecs: [CommandSpec] = [
        CommandSpec("sadd", arity: -3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .set,
                    categories: ["write", "set", "fast"], handler: sadd),
        CommandSpec("srem", arity: -3, flags: [.write, .fast], keys: (1, 1, 1), group: .set,
                    categories: ["write", "set", "fast"], handler: srem),
        CommandSpec("sismember", arity: 3, flags: [.readonly, .fast], keys: (1, 1, 1), group: .set,
                    categories: ["read", "set", "fast"], handler: sismember),
        CommandSpec("smismember", arity: -3, flags: [.readonly, .fast], keys: (1, 1, 1), group: .set,
                    categories: ["read", "set", "fast"], handler: smismember),
        CommandSpec("scard", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .set,
                    categories: ["read", "set", "fast"], handler: scard),
    ]

    /// SADD: a missing key gets the encoding its first member calls for (setTypeCreate); the
    /// dirty counter grows by the number of members added.
    static func sadd(_ context: inout CommandContext) {
        let key = context[1]
        let limit = context.engine.collectionLimits.setMaxIntsetEntries
        let existing = context.keyspace.lookupWrite(key)
        if let existing, existing.type != .set { return context.replyError(ReplyError.wrongType) }
        var set = existing.map(SetValue.init) ?? SetValue.create(for: context[2])
        var added = 0
        for index in 2..<context.arguments.count where set.add(context[index], maxIntsetEntries: limit) {
            added += 1
        }
        if let existing {
            storeBack(set, into: existing, key: key, keyspace: context.keyspace)
            if added > 0 { context.keyspace.modified(key, changes: added) }
        } else {
            context.keyspace.store(key, set.newValue, changes: added)
        }
        context.replyInteger(added)
    }

    /// SREM stops at the member that empties the set, and deletes the key then.
    static func srem(_ context: inout CommandContext) {
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyInteger(0) }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        var set = SetValue(entry)
        var removed = 0
        for index in 2..<context.arguments.count where set.remove(context[index]) {
            removed += 1
            if set.isEmpty { break }
        }
        finishWrite(set, into: entry, key: key, changes: removed, keyspace: context.keyspace)
        context.replyInteger(removed)
    }

    static func sismember(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyInteger(0) }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        context.replyInteger(SetValue(entry).contains(context[2]) ? 1 : 0)
    }

    /// SMISMEMBER: a missing key answers 0 for every member.
    static func smismember(_ context: inout CommandContext) {
        let entry = context.keyspace.lookupRead(context[1])
        if let entry, entry.type != .set { return context.replyError(ReplyError.wrongType) }
        let set = entry.map(SetValue.init)
        context.replyArrayHeader(context.arguments.count - 2)
        for index in 2..<context.arguments.count {
            context.replyInteger(set?.contains(context[index]) == true ? 1 : 0)
        }
    }

    static func scard(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyInteger(0) }
        guard entry.type == .set else { return context.replyError(ReplyError.wrongType) }
        context.replyInteger(SetValue(entry).count)
    }

    // MARK: shared by the set commands

    /// Stores a set's possibly moved object back into its entry (Types/README.md, "Storage").
    @inline(__always)
    static func storeBack(_ set: SetValue, into entry: Entry, key: UnsafeRawBufferPointer, keyspace: KeyspaceView) {
        guard set.payload != entry.payload || set.encoding != entry.encoding else { return }
        keyspace.table(for: key).setPayload(of: entry, encoding: set.encoding, payload: set.payload)
    }

    /// The end of an in-place write: the object stored back, then the key deleted if the set
    /// is now empty, else marked modified; nothing when nothing changed.
    static func finishWrite(_ set: SetValue, into entry: Entry, key: UnsafeRawBufferPointer, changes: Int,
                            keyspace: KeyspaceView) {
        storeBack(set, into: entry, key: key, keyspace: keyspace)
        guard changes > 0 else { return }
        if set.isEmpty {
            keyspace.remove(key)
            if changes > 1 { keyspace.modified(key, changes: changes - 1) }
        } else {
            keyspace.modified(key, changes: changes)
        }
    }
}

extension CommandContext {
    /// A set member as a bulk string (an intset's integer in decimal).
    @inline(__always)
    mutating func replyMember(_ member: SetMember) {
        switch member {
        case .integer(let integer): Integer.withDigits(integer) { reply.writeRESPBulkString($0) }
        case .bytes(let bytes): reply.writeRESPBulkString(bytes)
        }
    }

    /// A set reply's header: `~` in RESP3, `*` in RESP2.
    mutating func replySetHeader(_ count: Int) {
        reply.writeRESPSetHeader(count, resp)
    }
}
