/// SINTER, SUNION, SDIFF, their STORE forms, SINTERCARD and SMEMBERS (which Redis 7.0 runs as
/// SINTER of one key): sinterGenericCommand and sunionDiffGenericCommand, with their algorithm
/// choices, so results, and the encoding a STORE leaves, are Redis's. The keys may live on
/// several shards: the router holds every one of them while the command runs, so a STORE is
/// atomic.
extension SetCommands {
    static let algebraSpecs: [CommandSpec] = [
        CommandSpec("smembers", arity: 2, flags: [.readonly], keys: (1, 1, 1), group: .set,
                    categories: ["read", "set", "slow"], handler: { sinter(&$0, keys: 1..<2) }),
        CommandSpec("sinter", arity: -2, flags: [.readonly], keys: (1, -1, 1), group: .set,
                    categories: ["read", "set", "slow"], handler: { sinter(&$0, keys: 1..<$0.arguments.count) }),
        CommandSpec("sinterstore", arity: -3, flags: [.write, .denyoom], keys: (1, -1, 1), group: .set,
                    categories: ["write", "set", "slow"],
                    handler: { sinter(&$0, keys: 2..<$0.arguments.count, destination: 1) }),
        CommandSpec("sintercard", arity: -3, flags: [.readonly], group: .set, categories: ["read", "set", "slow"],
                    keyIndexes: sintercardKeys, handler: sintercard),
        CommandSpec("sunion", arity: -2, flags: [.readonly], keys: (1, -1, 1), group: .set,
                    categories: ["read", "set", "slow"],
                    handler: { sunionDiff(&$0, keys: 1..<$0.arguments.count, operation: .union) }),
        CommandSpec("sunionstore", arity: -3, flags: [.write, .denyoom], keys: (1, -1, 1), group: .set,
                    categories: ["write", "set", "slow"],
                    handler: { sunionDiff(&$0, keys: 2..<$0.arguments.count, operation: .union, destination: 1) }),
        CommandSpec("sdiff", arity: -2, flags: [.readonly], keys: (1, -1, 1), group: .set,
                    categories: ["read", "set", "slow"],
                    handler: { sunionDiff(&$0, keys: 1..<$0.arguments.count, operation: .difference) }),
        CommandSpec("sdiffstore", arity: -3, flags: [.write, .denyoom], keys: (1, -1, 1), group: .set,
                    categories: ["write", "set", "slow"],
                    handler: { sunionDiff(&$0, keys: 2..<$0.arguments.count, operation: .difference, destination: 1) }),
    ]

    enum Operation { case union, difference }

    /// The sets named by the arguments in `keys`, nil for a missing key (an empty set); nil
    /// overall, with WRONGTYPE replied, if any key holds another type.
    static func lookupSets(_ context: inout CommandContext, _ keys: Range<Int>) -> [SetValue?]? {
        var sets: [SetValue?] = []
        sets.reserveCapacity(keys.count)
        for index in keys {
            guard let entry = context.keyspace.lookupRead(context[index]) else {
                sets.append(nil)
                continue
            }
            guard entry.type == .set else {
                context.replyError(ReplyError.wrongType)
                return nil
            }
            sets.append(SetValue(entry))
        }
        return sets
    }

    // MARK: intersection

    /// sinterGenericCommand: any missing key makes the result empty at once; otherwise the
    /// smallest set's members are tested against the others.
    static func sinter(_ context: inout CommandContext, keys: Range<Int>, destination: Int? = nil,
                       cardinalityOnly: Bool = false, limit: Int = 0) {
        guard let found = lookupSets(&context, keys) else { return }
        guard !found.contains(where: { $0 == nil }) else {
            if let destination { return storeResult(&context, nil, destination: destination) }
            return cardinalityOnly ? context.replyInteger(0) : context.replySetHeader(0)
        }
        let sets = found.map { $0! }.sorted { $0.count < $1.count }
        let smallest = sets[0]
        var result: SetValue? = destination == nil ? nil : SetValue.emptyIntset()
        var members: [SetMember] = []
        var cardinality = 0
        let maxIntsetEntries = context.engine.collectionLimits.setMaxIntsetEntries
        smallest.forEach { member in
            if cardinalityOnly && limit > 0 && cardinality >= limit { return }
            for other in sets.dropFirst() where other.payload != smallest.payload {
                guard contains(other, member) else { return }
            }
            cardinality += 1
            if result != nil {
                result!.add(member, maxIntsetEntries: maxIntsetEntries)
            } else if !cardinalityOnly {
                members.append(member)
            }
        }
        if let destination { return storeResult(&context, result, destination: destination) }
        if cardinalityOnly { return context.replyInteger(cardinality) }
        context.replySetHeader(members.count)
        for member in members { context.replyMember(member) }
    }

    @inline(__always)
    static func contains(_ set: SetValue, _ member: SetMember) -> Bool {
        switch member {
        case .integer(let integer): set.contains(integer: integer)
        case .bytes(let bytes): set.contains(bytes)
        }
    }

    /// SINTERCARD numkeys key [key ...] [LIMIT limit].
    static func sintercard(_ context: inout CommandContext) {
        let argumentCount = context.arguments.count
        guard let numkeys = Integer.parseStrict(context[1]), numkeys >= 1 else {
            return context.replyError(ReplyError.numkeysNotPositive)
        }
        guard numkeys <= argumentCount - 2 else { return context.replyError(ReplyError.tooManyNumkeys) }
        let firstOption = 2 + Int(numkeys)
        var limit = 0
        var index = firstOption
        while index < argumentCount {
            guard context.arguments.matches(index, "LIMIT"), index + 1 < argumentCount else {
                return context.replyError(ReplyError.syntax)
            }
            guard let value = Integer.parseStrict(context[index + 1]), value >= 0 else {
                return context.replyError(ReplyError.negativeLimit)
            }
            limit = Int(value)
            index += 2
        }
        sinter(&context, keys: 2..<firstOption, cardinalityOnly: true, limit: limit)
    }

    /// SINTERCARD's keys: numkeys of them after it, none when numkeys is not valid (the command
    /// then only replies an error).
    static func sintercardKeys(_ arguments: Arguments) -> [Int] {
        guard arguments.count >= 3, let numkeys = Integer.parseStrict(arguments[1]),
              numkeys >= 1, numkeys <= arguments.count - 2 else { return [] }
        return Array(2..<(2 + Int(numkeys)))
    }

    // MARK: union and difference

    /// sunionDiffGenericCommand. For SDIFF, Redis picks between testing each member of the
    /// first set against the others (algorithm 1, the others largest first) and adding the
    /// first set then removing every other set's members (algorithm 2) by the work each needs.
    static func sunionDiff(_ context: inout CommandContext, keys: Range<Int>, operation: Operation,
                           destination: Int? = nil) {
        guard var sets = lookupSets(&context, keys) else { return }
        let first = sets[0]
        let sameSet = first != nil && sets.dropFirst().contains { $0?.payload == first?.payload }
        let maxIntsetEntries = context.engine.collectionLimits.setMaxIntsetEntries
        var result = SetValue.emptyIntset()
        switch operation {
        case .union:
            for case let set? in sets {
                set.forEach { result.add($0, maxIntsetEntries: maxIntsetEntries) }
            }
        case .difference:
            guard let first, !sameSet else { break }
            let firstWork = sets.reduce(0) { total, set in set == nil ? total : total + first.count } / 2
            let otherWork = sets.reduce(0) { $0 + ($1?.count ?? 0) }
            if firstWork <= otherWork {
                sets[1...].sort { ($0?.count ?? 0) > ($1?.count ?? 0) }
                differenceByTesting(first, against: sets.dropFirst(), into: &result, maxIntsetEntries)
            } else {
                differenceByRemoving(sets, into: &result, maxIntsetEntries)
            }
        }
        if let destination { return storeResult(&context, result, destination: destination) }
        context.replySetHeader(result.count)
        result.forEach { context.replyMember($0) }
        result.free()
    }

    private static func differenceByTesting(_ first: SetValue, against others: ArraySlice<SetValue?>,
                                            into result: inout SetValue, _ maxIntsetEntries: Int) {
        first.forEach { member in
            for case let other? in others where contains(other, member) { return }
            result.add(member, maxIntsetEntries: maxIntsetEntries)
        }
    }

    private static func differenceByRemoving(_ sets: [SetValue?], into result: inout SetValue, _ maxIntsetEntries: Int) {
        for (position, set) in sets.enumerated() {
            guard let set else { continue }
            if position == 0 {
                set.forEach { result.add($0, maxIntsetEntries: maxIntsetEntries) }
            } else {
                set.forEach { result.remove($0) }
            }
            // Nothing left to remove from: the other sets cannot change the result.
            if result.isEmpty { break }
        }
    }

    // MARK: STORE

    /// Stores a non-empty result under the destination (replacing whatever was there) and
    /// replies its size; an empty one deletes the destination instead and replies 0.
    static func storeResult(_ context: inout CommandContext, _ result: SetValue?, destination: Int) {
        let key = context[destination]
        guard let result, !result.isEmpty else {
            result?.free()
            if context.keyspace.lookupWrite(key) != nil { context.keyspace.remove(key) }
            return context.replyInteger(0)
        }
        let count = result.count
        context.keyspace.store(key, result.newValue)
        context.replyInteger(count)
    }
}
