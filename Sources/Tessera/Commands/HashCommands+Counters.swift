/// HINCRBY and HINCRBYFLOAT (t_hash.c): the increment is parsed before the key is looked at,
/// a missing key or field counts as 0, and the new value is replied as stored.
extension HashCommands {
    static let counterTable: [CommandSpec] = [
        CommandSpec("hincrby", arity: 4, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Increment the integer value of a hash field by the given number", since: "2.0.0",
                    categories: ["write", "hash", "fast"], handler: hincrby),
        CommandSpec("hincrbyfloat", arity: 4, flags: [.write, .denyoom, .fast], keys: (1, 1, 1), group: .hash,
                    summary: "Increment the float value of a hash field by the given amount", since: "2.6.0",
                    categories: ["write", "hash", "fast"], handler: hincrbyfloat),
    ]

    static func hincrby(_ context: inout CommandContext) {
        guard let increment = context.integerArgument(3) else { return }
        guard let target = writableHash(&context) else { return }
        var hash = target.hash
        switch hash.increment(context[2], by: increment, limits: context.engine.collectionLimits.hash) {
        case .value(let sum):
            commit(&context, target.entry, hash)
            context.replyInteger(sum)
        case .notInteger:
            discard(target.entry, hash)
            context.replyError(ReplyError.hashValueNotInteger)
        case .overflow:
            discard(target.entry, hash)
            context.replyError(ReplyError.overflow)
        }
    }

    static func hincrbyfloat(_ context: inout CommandContext) {
        guard let increment = FloatFormat.parseLongDouble(context[3]) else {
            return context.replyError(ReplyError.notFloat)
        }
        guard increment.isFinite else { return context.replyError(ReplyError.incrementNotFinite) }
        guard let target = writableHash(&context) else { return }
        var hash = target.hash
        let limits = context.engine.collectionLimits.hash
        switch hash.increment(context[2], by: increment, limits: limits, { context.replyBulk($0) }) {
        case .done:
            commit(&context, target.entry, hash)
        case .notFloat:
            discard(target.entry, hash)
            context.replyError(ReplyError.hashValueNotFloat)
        case .notFinite:
            discard(target.entry, hash)
            context.replyError(ReplyError.incrFloatNaN)
        }
    }
}
