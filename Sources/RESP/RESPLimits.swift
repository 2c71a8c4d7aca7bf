/// The knobs of Redis's request parser that are configuration or connection state
/// rather than protocol.
public struct RESPLimits: Sendable {
    /// `proto-max-bulk-len`.
    public var maxBulkLength: Int
    /// `PROTO_INLINE_MAX_SIZE`: how far Redis looks for a line end before giving up.
    public var maxInlineLength: Int
    /// When false, Redis's limits for clients that still have to AUTH apply
    /// (at most 10 arguments of at most 16384 bytes), so an anonymous client cannot
    /// make the server buffer large requests.
    public var authenticated: Bool

    public init(maxBulkLength: Int = 512 << 20, maxInlineLength: Int = 64 << 10, authenticated: Bool = true) {
        self.maxBulkLength = maxBulkLength
        self.maxInlineLength = maxInlineLength
        self.authenticated = authenticated
    }
}
