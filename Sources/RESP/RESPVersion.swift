/// The reply dialect a connection negotiated with HELLO. Requests are the same in both;
/// only the encoding of replies depends on it.
public enum RESPVersion: UInt8, Sendable {
    case v2 = 2
    case v3 = 3
}
