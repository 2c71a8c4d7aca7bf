/// Sorted-set commands (Redis's t_zset.c): parse, look up, call `SortedSetValue`, reply. The
/// range family is in `+Ranges`.
enum SortedSetCommands {
    static let table: [CommandSpec] = [
        spec("zadd", arity: -4, flags: [.write, .denyoom, .fast], fast: true, since: "1.2.0",
             summary: "Add one or more members to a sorted set, or update its score if it already exists",
             complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set.", handler: zadd),
        spec("zincrby", arity: 4, flags: [.write, .denyoom, .fast], fast: true, since: "1.2.0",
             summary: "Increment the score of a member in a sorted set",
             complexity: "O(log(N)) where N is the number of elements in the sorted set.", handler: zincrby),
        spec("zrem", arity: -3, flags: [.write, .fast], fast: true, since: "1.2.0",
             summary: "Remove one or more members from a sorted set",
             complexity: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
             handler: zrem),
        spec("zcard", arity: 2, flags: [.readonly, .fast], fast: true, since: "1.2.0",
             summary: "Get the number of members in a sorted set", complexity: "O(1)", handler: zcard),
        spec("zscore", arity: 3, flags: [.readonly, .fast], fast: true, since: "1.2.0",
             summary: "Get the score associated with the given member in a sorted set", complexity: "O(1)", handler: zscore),
        spec("zmscore", arity: -3, flags: [.readonly, .fast], fast: true, since: "6.2.0",
             summary: "Get the score associated with the given members in a sorted set",
             complexity: "O(N) where N is the number of members being requested.", handler: zmscore),
        spec("zrank", arity: 3, flags: [.readonly, .fast], fast: true, since: "2.0.0",
             summary: "Determine the index of a member in a sorted set", complexity: "O(log(N))", handler: zrank),
        spec("zrevrank", arity: 3, flags: [.readonly, .fast], fast: true, since: "2.0.0",
             summary: "Determine the index of a member in a sorted set, with scores ordered from high to low",
             complexity: "O(log(N))", handler: zrevrank),
    ] + rangeTable + popTable + removeRangeTable + randomTable + scanTable + blockingTable + algebraTable

    /// A row of the family: one key at argument 1, ACL categories from the flags.
    static func spec(_ name: String, arity: Int, flags: CommandFlags, keys: (first: Int, last: Int, step: Int) = (1, 1, 1),
                     fast: Bool = false, since: String, summary: String, complexity: String,
                     keyIndexes: ((Arguments) -> [Int])? = nil, extraCategories: [String] = [],
                     handler: @escaping CommandFunction) -> CommandSpec {
        let access = flags.contains(.write) ? "write" : "read"
        return CommandSpec(name, arity: arity, flags: flags, keys: keys, group: .sortedSet, summary: summary, since: since,
                           complexity: complexity, categories: [access, "sortedset", fast ? "fast" : "slow"] + extraCategories,
                           keyIndexes: keyIndexes, handler: handler)
    }

    // MARK: look-ups

    /// The sorted set at `key` for reading; nil with nothing replied when absent, nil with
    /// WRONGTYPE replied when the key holds another type (`wrongType` tells which).
    static func read(_ context: inout CommandContext, _ key: UnsafeRawBufferPointer,
                     wrongType: inout Bool) -> SortedSetValue? {
        guard let entry = context.keyspace.lookupRead(key) else { return nil }
        guard entry.type == .zset else {
            wrongType = true
            context.replyError(ReplyError.wrongType)
            return nil
        }
        return SortedSetValue(entry)
    }

    /// Stores a value that a mutation may have moved back into its entry, then deletes the key
    /// when the set is empty or records the change; `changes` is what the dirty counter gains
    /// (Redis counts one per member for range removals).
    static func finishWrite(_ context: inout CommandContext, _ key: UnsafeRawBufferPointer, _ entry: Entry,
                            _ value: SortedSetValue, changed: Bool, changes: Int = 1) {
        if value.encoding != entry.encoding || value.payloadBits != entry.payload {
            context.keyspace.table(for: key).setPayload(of: entry, encoding: value.encoding, payload: value.payloadBits)
        }
        guard changed else { return }
        if value.count == 0 {
            context.keyspace.remove(key)
        } else {
            context.keyspace.store(for: key).keyModified(db: context.db, key: key, changes: changes)
        }
    }

    // MARK: ZADD, ZINCRBY

    struct AddRequest {
        var options = SortedSetValue.AddOptions()
        var changed = false
        var firstScore = 2
    }

    /// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
    static func zadd(_ context: inout CommandContext) {
        var request = AddRequest()
        while request.firstScore < context.arguments.count {
            let argument = context[request.firstScore]
            if Bytes.equalsIgnoringCase(argument, "nx") { request.options.onlyNew = true }
            else if Bytes.equalsIgnoringCase(argument, "xx") { request.options.onlyExisting = true }
            else if Bytes.equalsIgnoringCase(argument, "ch") { request.changed = true }
            else if Bytes.equalsIgnoringCase(argument, "incr") { request.options.increment = true }
            else if Bytes.equalsIgnoringCase(argument, "gt") { request.options.onlyGreater = true }
            else if Bytes.equalsIgnoringCase(argument, "lt") { request.options.onlyLess = true }
            else { break }
            request.firstScore += 1
        }
        addGeneric(&context, request)
    }

    /// ZINCRBY key increment member: ZADD INCR.
    static func zincrby(_ context: inout CommandContext) {
        var request = AddRequest()
        request.options.increment = true
        addGeneric(&context, request)
    }

    /// zaddGenericCommand: every check and every score parse before any change.
    private static func addGeneric(_ context: inout CommandContext, _ request: AddRequest) {
        let options = request.options
        let pairs = context.arguments.count - request.firstScore
        guard pairs > 0, pairs % 2 == 0 else { return context.replyError(ReplyError.syntax) }
        let elements = pairs / 2
        if options.onlyNew && options.onlyExisting { return context.replyError(ReplyError.zaddXXAndNX) }
        if (options.onlyGreater && options.onlyNew) || (options.onlyLess && options.onlyNew)
            || (options.onlyGreater && options.onlyLess) {
            return context.replyError(ReplyError.gtLtNx)
        }
        if options.increment && elements > 1 { return context.replyError(ReplyError.zaddIncrPairs) }
        for element in 0..<elements {
            guard SortedSetScore.parse(context[request.firstScore + element * 2]) != nil else {
                return context.replyError(ReplyError.notFloat)
            }
        }
        let key = context[1]
        let limits = context.engine.collectionLimits.sortedSet
        var entry = context.keyspace.lookupWrite(key)
        if let existing = entry, existing.type != .zset { return context.replyError(ReplyError.wrongType) }
        if entry == nil {
            if options.onlyExisting { return replyAdd(&context, request, added: 0, updated: 0, score: nil) }
            // 7.0 picks a new set's encoding by its first member only and converts while
            // adding, so members added while it was a listpack read a -0 score back as 0.
            let firstMember = context[request.firstScore + 1].count
            let created = SortedSetValue.make(expecting: 1, longestMember: firstMember, limits: limits)
            entry = context.keyspace.table(for: key).store(key, hash: KeyHash.hash(key), value: created.newValue,
                                                           expiry: .clear)
        }
        let target = entry!
        var value = SortedSetValue(target)
        var added = 0, updated = 0
        var score: Double? = nil
        for element in 0..<elements {
            let requested = SortedSetScore.parse(context[request.firstScore + element * 2])!
            let member = context[request.firstScore + element * 2 + 1]
            switch value.add(member, score: requested, options: options, limits: limits) {
            case .added(let result): added += 1; score = result
            case .updated(let result): updated += 1; score = result
            case .unchanged(let result): score = result
            case .refused: break
            case .notANumber:
                finishWrite(&context, key, target, value, changed: added + updated > 0)
                return context.replyError(ReplyError.scoreNaN)
            }
        }
        finishWrite(&context, key, target, value, changed: added + updated > 0)
        replyAdd(&context, request, added: added, updated: updated, score: score)
    }

    private static func replyAdd(_ context: inout CommandContext, _ request: AddRequest, added: Int, updated: Int,
                                 score: Double?) {
        if request.options.increment {
            if let score { context.replyDouble(score) } else { context.replyNull() }
        } else {
            context.replyInteger(request.changed ? added + updated : added)
        }
    }

    // MARK: ZREM

    static func zrem(_ context: inout CommandContext) {
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyInteger(0) }
        guard entry.type == .zset else { return context.replyError(ReplyError.wrongType) }
        var value = SortedSetValue(entry)
        var removed = 0
        for index in 2..<context.arguments.count {
            if value.remove(context[index]) {
                removed += 1
                if value.count == 0 { break }
            }
        }
        finishWrite(&context, key, entry, value, changed: removed > 0)
        context.replyInteger(removed)
    }

    // MARK: reads

    static func zcard(_ context: inout CommandContext) {
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType { context.replyInteger(0) }
            return
        }
        context.replyInteger(value.count)
    }

    static func zscore(_ context: inout CommandContext) {
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType { context.replyNull() }
            return
        }
        if let score = value.score(of: context[2]) { context.replyDouble(score) } else { context.replyNull() }
    }

    static func zmscore(_ context: inout CommandContext) {
        var wrongType = false
        let value = read(&context, context[1], wrongType: &wrongType)
        if wrongType { return }
        context.replyArrayHeader(context.arguments.count - 2)
        for index in 2..<context.arguments.count {
            if let score = value?.score(of: context[index]) { context.replyDouble(score) } else { context.replyNull() }
        }
    }

    static func zrank(_ context: inout CommandContext) { rank(&context, reverse: false) }

    static func zrevrank(_ context: inout CommandContext) { rank(&context, reverse: true) }

    private static func rank(_ context: inout CommandContext, reverse: Bool) {
        var wrongType = false
        guard let value = read(&context, context[1], wrongType: &wrongType) else {
            if !wrongType { context.replyNull() }
            return
        }
        if let found = value.rank(of: context[2], reverse: reverse) {
            context.replyInteger(found.rank)
        } else {
            context.replyNull()
        }
    }
}
