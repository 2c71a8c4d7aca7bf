/// EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX XX GT LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME
/// and PERSIST: Redis 7.0's expire.c.
extension KeyCommands {
    static let expireSpecs: [CommandSpec] = [
        CommandSpec("expire", arity: -3, flags: [.write, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Set a key's time to live in seconds", categories: ["keyspace", "write", "fast"],
                    handler: { expireGeneric(&$0, unit: .seconds) }),
        CommandSpec("pexpire", arity: -3, flags: [.write, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Set a key's time to live in milliseconds", since: "2.6.0",
                    categories: ["keyspace", "write", "fast"], handler: { expireGeneric(&$0, unit: .milliseconds) }),
        CommandSpec("expireat", arity: -3, flags: [.write, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Set the expiration for a key as a UNIX timestamp", since: "1.2.0",
                    categories: ["keyspace", "write", "fast"], handler: { expireGeneric(&$0, unit: .unixSeconds) }),
        CommandSpec("pexpireat", arity: -3, flags: [.write, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds", since: "2.6.0",
                    categories: ["keyspace", "write", "fast"],
                    handler: { expireGeneric(&$0, unit: .unixMilliseconds) }),
        CommandSpec("ttl", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Get the time to live for a key in seconds", categories: ["keyspace", "read", "fast"],
                    handler: { ttlGeneric(&$0, milliseconds: false, absolute: false) }),
        CommandSpec("pttl", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Get the time to live for a key in milliseconds", since: "2.6.0",
                    categories: ["keyspace", "read", "fast"],
                    handler: { ttlGeneric(&$0, milliseconds: true, absolute: false) }),
        CommandSpec("expiretime", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Get the expiration Unix timestamp for a key", since: "7.0.0",
                    categories: ["keyspace", "read", "fast"],
                    handler: { ttlGeneric(&$0, milliseconds: false, absolute: true) }),
        CommandSpec("pexpiretime", arity: 2, flags: [.readonly, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Get the expiration Unix timestamp for a key in milliseconds", since: "7.0.0",
                    categories: ["keyspace", "read", "fast"],
                    handler: { ttlGeneric(&$0, milliseconds: true, absolute: true) }),
        CommandSpec("persist", arity: 2, flags: [.write, .fast], keys: (1, 1, 1), group: .generic,
                    summary: "Remove the expiration from a key", since: "2.2.0",
                    categories: ["keyspace", "write", "fast"], handler: persist),
    ]

    /// The NX / XX / GT / LT options of the EXPIRE family.
    struct ExpireConditions {
        var nx = false, xx = false, gt = false, lt = false
        var any: Bool { nx || xx || gt || lt }
    }

    /// Redis's parseExtendedExpireArgumentsOrReply: options after the time, repeats allowed,
    /// checked before the time itself.
    static func parseExpireConditions(_ context: inout CommandContext) -> ExpireConditions? {
        var conditions = ExpireConditions()
        for index in 3..<context.arguments.count {
            if context.arguments.matches(index, "NX") {
                conditions.nx = true
            } else if context.arguments.matches(index, "XX") {
                conditions.xx = true
            } else if context.arguments.matches(index, "GT") {
                conditions.gt = true
            } else if context.arguments.matches(index, "LT") {
                conditions.lt = true
            } else {
                ReplyError.unsupportedOption(context[index]).withUnsafeBytes { context.reply.writeRESPError($0) }
                return nil
            }
        }
        if conditions.nx && (conditions.xx || conditions.gt || conditions.lt) {
            context.replyError(ReplyError.nxAndXX)
            return nil
        }
        if conditions.gt && conditions.lt {
            context.replyError(ReplyError.gtAndLt)
            return nil
        }
        return conditions
    }

    /// Redis's expireGenericCommand. Negative and past times are allowed: the key is deleted and
    /// the reply is 1. Only an overflow of the unit conversion or of the base addition is an error.
    static func expireGeneric(_ context: inout CommandContext, unit: ExpireUnit) {
        guard let conditions = parseExpireConditions(&context) else { return }
        guard var when = context.integerArgument(2) else { return }
        if unit.isSeconds {
            guard when <= Int64.max / 1000 && when >= Int64.min / 1000 else {
                return context.replyError(ReplyError.invalidExpireTime(context.spec.fullName))
            }
            when *= 1000
        }
        if unit.isRelative {
            let base = context.now
            guard when <= Int64.max - base else {
                return context.replyError(ReplyError.invalidExpireTime(context.spec.fullName))
            }
            when += base
        }
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key) else { return context.replyInteger(0) }
        if conditions.any {
            let current = entry.expireAt
            // NX: only without a deadline; XX: only with one. For GT a persistent key counts as an
            // infinite TTL (never greater); for LT it is set.
            if conditions.nx && current != nil { return context.replyInteger(0) }
            if conditions.xx && current == nil { return context.replyInteger(0) }
            if conditions.gt && (current == nil || when <= current!) { return context.replyInteger(0) }
            if conditions.lt, let current, when >= current { return context.replyInteger(0) }
        }
        if when <= context.now {
            // checkAlreadyExpired: a deadline already reached deletes the key (propagated as DEL).
            context.keyspace.remove(key)
        } else {
            context.keyspace.setExpiry(key, at: when)
        }
        context.replyInteger(1)
    }

    /// Redis's ttlGenericCommand: -2 for a missing key, -1 without a deadline; seconds are rounded
    /// to the nearest one.
    static func ttlGeneric(_ context: inout CommandContext, milliseconds: Bool, absolute: Bool) {
        guard let entry = context.keyspace.lookupReadNoTouch(context[1]) else { return context.replyInteger(-2) }
        guard let deadline = entry.expireAt else { return context.replyInteger(-1) }
        var ttl = absolute ? deadline : deadline - context.now
        if ttl < 0 { ttl = 0 }
        // Rounded without overflow near Int64.max (Redis's (ttl+500)/1000 gives 9223372036854776).
        context.replyInteger(milliseconds ? ttl : Int64((UInt64(ttl) + 500) / 1000))
    }

    static func persist(_ context: inout CommandContext) {
        let key = context[1]
        guard let entry = context.keyspace.lookupWrite(key), entry.hasExpiry else { return context.replyInteger(0) }
        context.keyspace.setExpiry(key, at: nil)
        context.replyInteger(1)
    }
}
