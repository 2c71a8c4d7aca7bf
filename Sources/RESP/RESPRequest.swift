/// One request taken off the wire by `RESPRequestDecoder`.
public enum RESPRequest: Sendable, Equatable {
    /// A multibulk request; `count` spans were appended to the caller's array.
    case arguments(count: Int)
    /// An inline command. Its arguments are copied because quoting and escapes mean
    /// they are not byte ranges of the input.
    case inline([[UInt8]])
    /// An empty inline line, `*0` or a negative count: Redis skips these without replying.
    case empty
}
