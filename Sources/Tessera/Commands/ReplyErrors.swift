/// Redis 7.0's error replies, byte for byte, in one place (Dragonfly's facade/error.h habit).
/// Formatted errors that quote arguments are built by the helpers below.
public enum ReplyError {
    public static let wrongType: StaticString = "WRONGTYPE Operation against a key holding the wrong kind of value"
    public static let notInteger: StaticString = "ERR value is not an integer or out of range"
    public static let notFloat: StaticString = "ERR value is not a valid float"
    public static let syntax: StaticString = "ERR syntax error"
    /// LMPOP, SINTERCARD, ZINTERCARD...: the numkeys argument.
    public static let numkeysNotPositive: StaticString = "ERR numkeys should be greater than 0"
    /// The COUNT option of LMPOP, ZMPOP and their blocking forms.
    public static let mpopCountNotPositive: StaticString = "ERR count should be greater than 0"
    public static let overflow: StaticString = "ERR increment or decrement would overflow"
    public static let incrFloatNaN: StaticString = "ERR increment would produce NaN or Infinity"
    public static let noSuchKey: StaticString = "ERR no such key"
    public static let outOfRange: StaticString = "ERR index out of range"
    public static let dbIndexOutOfRange: StaticString = "ERR DB index is out of range"
    public static let invalidDBIndex: StaticString = "ERR invalid DB index"
    public static let sameObject: StaticString = "ERR source and destination objects are the same"
    public static let invalidExpire: StaticString = "ERR invalid expire time in '%s' command"
    public static let stringTooLong: StaticString = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
    public static let offsetOutOfRange: StaticString = "ERR offset is out of range"
    public static let noAuth: StaticString = "NOAUTH Authentication required."
    public static let wrongPass: StaticString = "WRONGPASS invalid username-password pair or user is disabled."
    public static let noPasswordSet: StaticString =
        "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
    public static let nxAndXX: StaticString = "ERR NX and XX, GT or LT options at the same time are not compatible"
    public static let gtLtNx: StaticString = "ERR GT, LT, and/or NX options at the same time are not compatible"

    public static func wrongArity(_ command: String) -> String {
        "ERR wrong number of arguments for '\(command)' command"
    }

    /// processCommand's text: the name cut to 128 bytes, then the arguments quoted while the
    /// list is shorter than 128 bytes, each cut to what is left of that budget. Redis formats
    /// them with `%.*s`, so each also ends at its first NUL byte.
    public static func unknownCommand(_ name: [UInt8], _ arguments: [[UInt8]]) -> [UInt8] {
        var list: [UInt8] = []
        for argument in arguments where list.count < 128 {
            list.append(UInt8(ascii: "'"))
            list.append(contentsOf: cString(argument).prefix(128 - list.count + 1))
            list.append(contentsOf: Array("' ".utf8))
        }
        // Bytes, not String: a name that is not UTF-8 is echoed as sent.
        return Array("ERR unknown command '".utf8) + cString(name).prefix(128)
            + Array("', with args beginning with: ".utf8) + list
    }

    /// The bytes a C `%s` prints: up to the first NUL.
    private static func cString(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.firstIndex(of: 0).map { bytes[..<$0] } ?? bytes[...]
    }

    public static func unknownSubcommand(_ sub: String, _ command: String) -> String {
        sanitize("ERR unknown subcommand '\(String(sub.utf8.prefix(128))!)'. Try \(command.uppercased()) HELP.")
    }

    /// addReplySubcommandSyntaxError: the subcommand as typed, the command upper-cased.
    public static func subcommandSyntax(_ subcommand: String, _ command: String) -> String {
        "ERR unknown subcommand or wrong number of arguments for '\(sanitize(subcommand))'. Try \(command.uppercased()) HELP."
    }

    public static func invalidExpireTime(_ command: String) -> String {
        "ERR invalid expire time in '\(command)' command"
    }

    /// Error replies stay one line: addReplyErrorFormat turns CR and LF into spaces.
    static func sanitize(_ text: String) -> String {
        String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }
}
