/// A request or reply that cannot be parsed. For requests Redis replies with
/// `-ERR <message>` and closes the connection.
public struct RESPProtocolError: Error, Sendable, Equatable {
    /// Redis's text without the `ERR ` prefix, e.g. "Protocol error: invalid bulk length".
    public var message: String

    public init(message: String) {
        self.message = message
    }
}

extension RESPProtocolError {
    static var tooBigMultibulkCount: Self { Self(message: "Protocol error: too big mbulk count string") }
    static var invalidMultibulkLength: Self { Self(message: "Protocol error: invalid multibulk length") }
    static var unauthenticatedMultibulkLength: Self { Self(message: "Protocol error: unauthenticated multibulk length") }
    static var tooBigBulkCount: Self { Self(message: "Protocol error: too big bulk count string") }
    static var invalidBulkLength: Self { Self(message: "Protocol error: invalid bulk length") }
    static var unauthenticatedBulkLength: Self { Self(message: "Protocol error: unauthenticated bulk length") }
    static var tooBigInlineRequest: Self { Self(message: "Protocol error: too big inline request") }
    static var unbalancedQuotes: Self { Self(message: "Protocol error: unbalanced quotes in request") }

    /// Redis builds this one with addReplyErrorFormat, which turns CR and LF into spaces.
    /// (A NUL cannot get here: it hides the line end, so the header never completes.)
    static func expectedDollar(got byte: UInt8) -> Self {
        if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
            return Self(message: "Protocol error: expected '$', got ' '")
        }
        // A byte above 0x7F is not UTF-8 on its own; String repairs it to U+FFFD.
        return Self(message: "Protocol error: expected '$', got '" + String(decoding: CollectionOfOne(byte), as: UTF8.self) + "'")
    }
}
