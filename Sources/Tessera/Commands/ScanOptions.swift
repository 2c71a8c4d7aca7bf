/// The options of SCAN, SSCAN, HSCAN and ZSCAN as Redis 7.0's scanGenericCommand parses them:
/// COUNT (at least 1, else a syntax error), MATCH ("*" matches everything, so it is dropped),
/// and TYPE for SCAN only; anything else is a syntax error.
struct ScanOptions {
    var count = 10
    var pattern: UnsafeRawBufferPointer? = nil
    var typeName: UnsafeRawBufferPointer? = nil

    /// Parses the arguments from `start` on; nil after replying an error.
    init?(_ context: inout CommandContext, from start: Int, allowingType: Bool) {
        var index = start
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if context.arguments.matches(index, "COUNT") && hasValue {
                guard let value = context.integerArgument(index + 1) else { return nil }
                guard value >= 1 else {
                    context.replyError(ReplyError.syntax)
                    return nil
                }
                count = Int(value)
            } else if context.arguments.matches(index, "MATCH") && hasValue {
                let text = context[index + 1]
                pattern = text.count == 1 && text[0] == UInt8(ascii: "*") ? nil : text
            } else if allowingType && context.arguments.matches(index, "TYPE") && hasValue {
                typeName = context[index + 1]
            } else {
                context.replyError(ReplyError.syntax)
                return nil
            }
            index += 2
        }
    }
}
