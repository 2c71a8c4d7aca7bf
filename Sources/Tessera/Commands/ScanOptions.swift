/// The options SCAN, HSCAN, SSCAN and ZSCAN share (scanGenericCommand's parsing): MATCH pattern,
/// COUNT count (at least 1), and TYPE type for SCAN only; an option without its value, or any
/// other word, is a syntax error.
struct ScanOptions {
    var count = 10
    /// Nil when there is no pattern or it is "*" (everything matches).
    var pattern: UnsafeRawBufferPointer?
    var typeName: UnsafeRawBufferPointer?

    /// The options from argument `start` on; nil after replying with the error.
    static func parse(_ context: inout CommandContext, from start: Int, allowType: Bool) -> ScanOptions? {
        var options = ScanOptions()
        var index = start
        while index < context.arguments.count {
            let hasValue = index + 1 < context.arguments.count
            if context.arguments.matches(index, "COUNT") && hasValue {
                guard let value = context.integerArgument(index + 1) else { return nil }
                guard value >= 1 else {
                    context.replyError(ReplyError.syntax)
                    return nil
                }
                options.count = Int(value)
            } else if context.arguments.matches(index, "MATCH") && hasValue {
                let text = context[index + 1]
                options.pattern = text.count == 1 && text[0] == UInt8(ascii: "*") ? nil : text
            } else if allowType && context.arguments.matches(index, "TYPE") && hasValue {
                options.typeName = context[index + 1]
            } else {
                context.replyError(ReplyError.syntax)
                return nil
            }
            index += 2
        }
        return options
    }

    /// Whether `bytes` passes MATCH.
    func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let pattern else { return true }
        return GlobPattern.matches(pattern: pattern, bytes)
    }
}
