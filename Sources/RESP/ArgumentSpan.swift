/// One argument of a multibulk request, left in the caller's buffer so commands can read
/// it in place rather than receive a copy.
public struct ArgumentSpan: Sendable, Hashable {
    /// An absolute `ByteBuffer` index (as taken by `getBytes(at:length:)`), so the span
    /// stays valid after the reader index moves past the request. It is invalidated by
    /// anything that shifts the bytes, such as `discardReadBytes()`.
    public var start: Int
    public var count: Int

    @inlinable
    public init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }
}
