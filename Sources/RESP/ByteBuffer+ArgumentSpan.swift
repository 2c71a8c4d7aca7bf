import NIOCore

/// Reading arguments back out of the request buffer.
///
/// `RESPRequestDecoder` moves the reader index past a request before the command runs,
/// and NIO's `getBytes(at:)`/`getSlice(at:)` refuse bytes before the reader index, so
/// these accessors reach the spans through the buffer's storage instead. They are valid
/// until the bytes are moved (`discardReadBytes()`, or a `ByteToMessageDecoder`
/// compacting its cumulation buffer between calls).
extension ByteBuffer {
    /// Calls `body` with the argument's bytes, without copying.
    @inlinable
    public func withUnsafeRESPArgument<Result>(
        _ span: ArgumentSpan,
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        precondition(span.start >= 0 && span.count >= 0 && span.start <= self.writerIndex - span.count, "span outside the buffer")
        return try self.withVeryUnsafeBytes { storage in
            try body(UnsafeRawBufferPointer(rebasing: storage[span.start..<(span.start + span.count)]))
        }
    }

    /// The argument's bytes, copied.
    @inlinable
    public func getRESPArgument(_ span: ArgumentSpan) -> [UInt8] {
        self.withUnsafeRESPArgument(span) { Array($0) }
    }

    /// The argument as a slice sharing this buffer's storage (no copy).
    @inlinable
    public func getRESPArgumentSlice(_ span: ArgumentSpan) -> ByteBuffer {
        precondition(span.start >= 0 && span.count >= 0 && span.start <= self.writerIndex - span.count, "span outside the buffer")
        var view = self
        view.moveReaderIndex(to: span.start)
        return view.readSlice(length: span.count)!
    }
}
