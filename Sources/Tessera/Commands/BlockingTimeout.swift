/// The timeout argument of blocking commands, as Redis 7.0's getTimeoutFromObjectOrReply reads
/// it: seconds as a long double (fractions allowed), rounded up to milliseconds; 0 waits forever.
enum BlockingTimeout {
    /// The deadline in Unix milliseconds (0: forever), or replies Redis's error and returns nil.
    static func deadline(_ context: inout CommandContext, argument index: Int) -> Int64? {
        guard let seconds = FloatFormat.parseLongDouble(context[index]) else {
            context.replyError(ReplyError.timeoutNotFloat)
            return nil
        }
        let milliseconds = seconds * 1000
        guard milliseconds <= FloatFormat.LongDouble(Int64.max) else {
            context.replyError(ReplyError.timeoutOutOfRange)
            return nil
        }
        // ceill first: -0.0001 s is 0 (forever) for Redis, not negative.
        let ceiling = milliseconds.rounded(.up)
        guard ceiling >= 0 else {
            context.replyError(ReplyError.timeoutNegative)
            return nil
        }
        let rounded = Int64(ceiling)
        guard rounded > 0 else { return 0 }
        let now = Clock.milliseconds()
        guard rounded <= Int64.max - now else {
            context.replyError(ReplyError.timeoutOutOfRange)
            return nil
        }
        return rounded + now
    }
}
