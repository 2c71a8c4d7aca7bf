/// INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT (t_string.c's incrDecrCommand and
/// incrbyfloatCommand). Counters keep the key's TTL, as Redis's dbOverwrite does.
extension StringCommands {
    static let counterTable: [CommandSpec] = [
        CommandSpec("incr", arity: 2, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Increment the integer value of a key by one",
                    categories: ["write", "string", "fast"], handler: incr),
        CommandSpec("decr", arity: 2, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Decrement the integer value of a key by one",
                    categories: ["write", "string", "fast"], handler: decr),
        CommandSpec("incrby", arity: 3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Increment the integer value of a key by the given amount",
                    categories: ["write", "string", "fast"], handler: incrby),
        CommandSpec("decrby", arity: 3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Decrement the integer value of a key by the given number",
                    categories: ["write", "string", "fast"], handler: decrby),
        CommandSpec("incrbyfloat", arity: 3, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .string,
                    summary: "Increment the float value of a key by the given amount", since: "2.6.0",
                    categories: ["write", "string", "fast"], handler: incrbyfloat),
    ]

    static func incr(_ context: inout CommandContext) { incrementBy(&context, 1) }

    static func decr(_ context: inout CommandContext) { incrementBy(&context, -1) }

    /// The increment is parsed before the key is looked at, as Redis does.
    static func incrby(_ context: inout CommandContext) {
        guard let increment = context.integerArgument(2) else { return }
        incrementBy(&context, increment)
    }

    static func decrby(_ context: inout CommandContext) {
        guard let decrement = context.integerArgument(2) else { return }
        guard decrement != Int64.min else { return context.replyError(ReplyError.decrementOverflow) }
        incrementBy(&context, -decrement)
    }

    /// Redis's incrDecrCommand. An `int` value changes in place (no allocation); any other
    /// string is replaced by an `int`.
    private static func incrementBy(_ context: inout CommandContext, _ increment: Int64) {
        let key = context[1]
        let entry = context.keyspace.lookupWrite(key)
        var current: Int64 = 0
        if let entry {
            guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
            if entry.encoding == .int {
                current = entry.intValue
            } else {
                guard let parsed = Integer.parseStrict(entry.stringBytes) else {
                    return context.replyError(ReplyError.notInteger)
                }
                current = parsed
            }
        }
        let (result, overflow) = current.addingReportingOverflow(increment)
        guard !overflow else { return context.replyError(ReplyError.overflow) }
        if let entry, entry.encoding == .int {
            context.keyspace.table(for: key).setPayload(of: entry, encoding: .int, payload: UInt64(bitPattern: result))
            context.keyspace.modified(key)
        } else {
            context.keyspace.store(key, .integer(result), expiry: .keep)
        }
        context.replyInteger(result)
    }

    /// Redis's incrbyfloatCommand: long double arithmetic, the result stored and replied as
    /// ld2string(LD_STR_HUMAN) writes it (a string, never `int`-encoded).
    static func incrbyfloat(_ context: inout CommandContext) {
        let key = context[1]
        var current: FloatFormat.LongDouble = 0
        if let entry = context.keyspace.lookupWrite(key) {
            guard entry.type == .string else { return context.replyError(ReplyError.wrongType) }
            if entry.encoding == .int {
                current = FloatFormat.LongDouble(entry.intValue)
            } else {
                guard let parsed = FloatFormat.parseLongDouble(entry.stringBytes) else {
                    return context.replyError(ReplyError.notFloat)
                }
                current = parsed
            }
        }
        guard let increment = FloatFormat.parseLongDouble(context[2]) else {
            return context.replyError(ReplyError.notFloat)
        }
        let result = current + increment
        guard result.isFinite else { return context.replyError(ReplyError.incrFloatNaN) }
        FloatFormat.withHumanDigits(result) { digits in
            context.keyspace.store(key, .verbatimString(digits), expiry: .keep)
            context.replyBulk(digits)
        }
    }
}
