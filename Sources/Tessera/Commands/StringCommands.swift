/// String commands (Redis's t_string.c). Ops read and write through `KeyspaceView`; replies and
/// errors are Redis 7.0's.
enum StringCommands {
    static let table: [CommandSpec] = [
        CommandSpec("get", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Get the value of a key", categories: ["read", "string", "fast"], handler: get),
        CommandSpec("set", arity: -3, flags: [.write, .denyoom], keys: (1, 1, 1), group: .string,
                    summary: "Set the string value of a key", categories: ["write", "string", "slow"], handler: set),
        CommandSpec("setnx", arity: 3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Set the value of a key, only if the key does not exist",
                    categories: ["write", "string", "fast"], handler: setnx),
        CommandSpec("setex", arity: 4, flags: [.write, .denyoom], keys: (1, 1, 1), group: .string,
                    summary: "Set the value and expiration of a key", since: "2.0.0",
                    categories: ["write", "string", "slow"], handler: setex),
        CommandSpec("psetex", arity: 4, flags: [.write, .denyoom], keys: (1, 1, 1), group: .string,
                    summary: "Set the value and expiration in milliseconds of a key", since: "2.6.0",
                    categories: ["write", "string", "slow"], handler: psetex),
        CommandSpec("getset", arity: 3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Set the string value of a key and return its old value",
                    categories: ["write", "string", "fast"], handler: getset),
        CommandSpec("getdel", arity: 2, flags: [.write, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Get the value of a key and delete the key", since: "6.2.0",
                    categories: ["write", "string", "fast"], handler: getdel),
        CommandSpec("getex", arity: -2, flags: [.write, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Get the value of a key and optionally set its expiration", since: "6.2.0",
                    categories: ["write", "string", "fast"], handler: getex),
        CommandSpec("mget", arity: -2, flags: [.readonly, .fast], keys: (1, -1, 1), group: .string,
                    summary: "Get the values of all the given keys", complexity: "O(N) where N is the number of keys to retrieve.",
                    categories: ["read", "string", "fast"], handler: mget),
        CommandSpec("mset", arity: -3, flags: [.write, .denyoom], keys: (1, -1, 2), group: .string,
                    summary: "Set multiple keys to multiple values", since: "1.0.1",
                    complexity: "O(N) where N is the number of keys to set.",
                    categories: ["write", "string", "slow"], handler: mset),
        CommandSpec("msetnx", arity: -3, flags: [.write, .denyoom], keys: (1, -1, 2), group: .string,
                    summary: "Set multiple keys to multiple values, only if none of the keys exist", since: "1.0.1",
                    complexity: "O(N) where N is the number of keys to set.",
                    categories: ["write", "string", "slow"], handler: msetnx),
    ] + counterTable + rangeTable + lcsTable

    static func get(_ context: inout CommandContext) {
        guard let entry = context.keyspace.lookupRead(context[1]) else { return context.replyNull() }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        context.replyString(entry)
    }

    /// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL], parsed as Redis's
    /// parseExtendedStringArgumentsOrReply (later options may repeat an earlier one).
    static func set(_ context: inout CommandContext) {
        guard let options = SetOptions.parse(context.arguments, from: 3) else {
            return context.replyError(ReplyError.syntax)
        }
        var deadline: Int64? = nil
        if let expireIndex = options.expireArgument {
            guard let at = expireDeadline(&context, expireIndex, unit: options.expireUnit) else { return }
            deadline = at
        }
        let key = context[1]
        // With GET, Redis looks the key up as a read first (getGenericCommand: hits and misses).
        let existing = options.get ? context.keyspace.lookupRead(key) : context.keyspace.lookupWrite(key)
        if options.get {
            if let existing {
                guard existing.type == .string else { return context.replyError(ReplyError.wrongType) }
                context.replyString(existing)
            } else {
                context.replyNull()
            }
        }
        if (options.nx && existing != nil) || (options.xx && existing == nil) {
            if !options.get { context.replyNull() }
            return
        }
        let expiry: ExpiryUpdate = deadline.map { .set($0) } ?? (options.keepTTL ? .keep : .clear)
        context.keyspace.store(key, .string(context[2]), expiry: expiry)
        if !options.get { context.replyOK() }
    }

    static func setnx(_ context: inout CommandContext) {
        let key = context[1]
        guard context.keyspace.lookupWrite(key) == nil else { return context.replyInteger(0) }
        context.keyspace.store(key, .string(context[2]))
        context.replyInteger(1)
    }

    static func setex(_ context: inout CommandContext) { setWithExpiry(&context, unit: .seconds) }

    static func psetex(_ context: inout CommandContext) { setWithExpiry(&context, unit: .milliseconds) }

    /// SETEX / PSETEX key ttl value.
    private static func setWithExpiry(_ context: inout CommandContext, unit: ExpireUnit) {
        guard let deadline = expireDeadline(&context, 2, unit: unit) else { return }
        context.keyspace.store(context[1], .string(context[3]), expiry: .set(deadline))
        context.replyOK()
    }

    /// GETSET key value: GET, then SET (which clears the old TTL).
    static func getset(_ context: inout CommandContext) {
        let key = context[1]
        if let entry = context.keyspace.lookupRead(key) {
            guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
            context.replyString(entry)
        } else {
            context.replyNull()
        }
        context.keyspace.store(key, .string(context[2]))
    }

    static func getdel(_ context: inout CommandContext) {
        let key = context[1]
        guard let entry = context.keyspace.lookupRead(key) else { return context.replyNull() }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        context.replyString(entry)
        context.keyspace.remove(key)
    }

    /// GETEX key [EX s|PX ms|EXAT s|PXAT ms|PERSIST]. Redis checks the options' syntax first, then
    /// the key (missing: nil, wrong type), and only then the expiry value.
    static func getex(_ context: inout CommandContext) {
        guard let options = SetOptions.parse(context.arguments, from: 2, allowPersist: true, allowConditions: false)
        else {
            return context.replyError(ReplyError.syntax)
        }
        let key = context[1]
        guard let entry = context.keyspace.lookupRead(key) else { return context.replyNull() }
        guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
        var deadline: Int64? = nil
        if let expireIndex = options.expireArgument {
            guard let at = expireDeadline(&context, expireIndex, unit: options.expireUnit) else { return }
            deadline = at
        }
        let hadExpiry = entry.hasExpiry
        context.replyString(entry)
        if let deadline {
            if !options.expireUnit.isRelative && deadline <= context.now {
                // An EXAT/PXAT already in the past deletes the key (propagated as DEL).
                context.keyspace.remove(key)
            } else {
                context.keyspace.setExpiry(key, at: deadline)
            }
        } else if options.persist && hadExpiry {
            context.keyspace.setExpiry(key, at: nil)
        }
    }

    /// Redis's getExpireMillisecondsOrReply: the absolute deadline, or an error reply and nil.
    static func expireDeadline(_ context: inout CommandContext, _ index: Int, unit: ExpireUnit) -> Int64? {
        guard let value = context.integerArgument(index) else { return nil }
        if value <= 0 || (unit.isSeconds && value > Int64.max / 1000) {
            context.replyError(ReplyError.invalidExpireTime(context.spec.fullName))
            return nil
        }
        var milliseconds = unit.isSeconds ? value * 1000 : value
        if unit.isRelative { milliseconds = milliseconds &+ context.now }
        if milliseconds <= 0 {
            context.replyError(ReplyError.invalidExpireTime(context.spec.fullName))
            return nil
        }
        return milliseconds
    }

    static func mget(_ context: inout CommandContext) {
        context.replyArrayHeader(context.arguments.count - 1)
        for index in 1..<context.arguments.count {
            if let entry = context.keyspace.lookupRead(context[index]), entry.type == .string {
                context.replyString(entry)
            } else {
                context.replyNull()
            }
        }
    }

    static func mset(_ context: inout CommandContext) {
        guard context.arguments.count % 2 == 1 else { return context.replyWrongArity() }
        var index = 1
        while index < context.arguments.count {
            context.keyspace.store(context[index], .string(context[index + 1]))
            index += 2
        }
        context.replyOK()
    }

    /// MSETNX: all or nothing; 0 when any key exists. Keys on several shards run while every
    /// shard involved is held, so the check and the writes are one atomic step.
    static func msetnx(_ context: inout CommandContext) {
        guard context.arguments.count % 2 == 1 else { return context.replyWrongArity() }
        var index = 1
        while index < context.arguments.count {
            if context.keyspace.lookupWrite(context[index]) != nil { return context.replyInteger(0) }
            index += 2
        }
        index = 1
        while index < context.arguments.count {
            context.keyspace.store(context[index], .string(context[index + 1]))
            index += 2
        }
        context.replyInteger(1)
    }

    // MARK: helpers shared by the family

    /// Calls `body` with the bytes of a string value, formatting an `int` on the stack.
    @inline(__always)
    static func withBytes<R>(of entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if entry.encoding == .int { return try Integer.withDigits(entry.intValue, body) }
        return try body(entry.stringBytes)
    }

    /// Redis's stringObjectLen.
    @inline(__always)
    static func length(of entry: Entry) -> Int {
        entry.encoding == .int ? Integer.digitCount(entry.intValue) : entry.stringBytes.count
    }

    /// Redis's checkStringLength: `size + extra`, or an error reply and nil when the sum overflows
    /// or exceeds proto-max-bulk-len. The configuration is read only past 1 MB, its minimum.
    static func checkedStringLength(_ context: inout CommandContext, _ size: Int, plus extra: Int) -> Int? {
        let (total, overflow) = size.addingReportingOverflow(extra)
        if !overflow && total <= minimumProtoMaxBulkLen { return total }
        if overflow || Int64(total) > context.engine.configuration.integer("proto-max-bulk-len") {
            context.replyError(ReplyError.stringTooLong)
            return nil
        }
        return total
    }

    /// The smallest value CONFIG accepts for proto-max-bulk-len.
    static let minimumProtoMaxBulkLen = 1024 * 1024

    /// What sdsMakeRoomFor reserves for `length` bytes: double below 1 MB, else 1 MB more.
    static func greedyCapacity(_ length: Int) -> Int {
        length < 1 << 20 ? length * 2 : length + (1 << 20)
    }
}

/// The unit and base of an expiry argument (EX, PX, EXAT, PXAT, EXPIRE, PEXPIREAT...).
enum ExpireUnit {
    case seconds, milliseconds, unixSeconds, unixMilliseconds
    var isSeconds: Bool { self == .seconds || self == .unixSeconds }
    var isRelative: Bool { self == .seconds || self == .milliseconds }
}

/// The options of SET (and the expiry options GETEX shares).
struct SetOptions {
    var nx = false, xx = false, get = false, keepTTL = false, persist = false
    var expireArgument: Int? = nil
    var expireUnit = ExpireUnit.seconds

    static func parse(_ arguments: Arguments, from start: Int, allowPersist: Bool = false,
                      allowConditions: Bool = true) -> SetOptions? {
        var options = SetOptions()
        var index = start
        while index < arguments.count {
            let hasNext = index + 1 < arguments.count
            let hasExpire = options.expireArgument != nil
            if allowConditions && arguments.matches(index, "NX") && !options.xx {
                options.nx = true
            } else if allowConditions && arguments.matches(index, "XX") && !options.nx {
                options.xx = true
            } else if allowConditions && arguments.matches(index, "GET") {
                options.get = true
            } else if !allowPersist && arguments.matches(index, "KEEPTTL") && !options.persist && !hasExpire {
                options.keepTTL = true
            } else if allowPersist && arguments.matches(index, "PERSIST") && !hasExpire && !options.keepTTL {
                options.persist = true
            } else if let unit = expireKeyword(arguments, index), hasNext, !options.keepTTL, !options.persist,
                      !hasExpire || options.expireUnit == unit {
                options.expireUnit = unit
                options.expireArgument = index + 1
                index += 1
            } else {
                return nil
            }
            index += 1
        }
        return options
    }

    private static func expireKeyword(_ arguments: Arguments, _ index: Int) -> ExpireUnit? {
        if arguments.matches(index, "EX") { return .seconds }
        if arguments.matches(index, "PX") { return .milliseconds }
        if arguments.matches(index, "EXAT") { return .unixSeconds }
        if arguments.matches(index, "PXAT") { return .unixMilliseconds }
        return nil
    }
}
