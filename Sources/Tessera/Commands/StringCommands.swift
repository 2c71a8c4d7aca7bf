/// String commands (Redis's t_string.c). Ops read and write through `KeyspaceView`; replies and
/// errors are Redis 7.0's.
enum StringCommands {
    static let table: [CommandSpec] = [
        CommandSpec("get", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Get the value of a key", categories: ["read", "string", "fast"], handler: get),
        CommandSpec("set", arity: -3, flags: [.write, .denyoom], keys: (1, 1, 1), group: .string,
                    summary: "Set the string value of a key", categories: ["write", "string", "slow"], handler: set),
        CommandSpec("mget", arity: -2, flags: [.readonly, .fast], keys: (1, -1, 1), group: .string,
                    summary: "Get the values of all the given keys", complexity: "O(N) where N is the number of keys to retrieve.",
                    categories: ["read", "string", "fast"], handler: mget),
        CommandSpec("mset", arity: -3, flags: [.write, .denyoom], keys: (1, -1, 2), group: .string,
                    summary: "Set multiple keys to multiple values", since: "1.0.1",
                    complexity: "O(N) where N is the number of keys to set.",
                    categories: ["write", "string", "slow"], handler: mset),
    ]

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
        let existing = context.keyspace.lookupWrite(key)
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
