import NIOCore

/// Splits client input into requests the way Redis 7.0's `processMultibulkBuffer` and
/// `processInlineBuffer` (networking.c) do, with the same errors.
///
/// It keeps no state between calls: an incomplete multibulk request is rescanned from
/// its start when more bytes arrive. That rescan only walks the bulk headers, so it is
/// cheap, and it lets the caller compact or replace its buffer between calls.
public struct RESPRequestDecoder: Sendable {
    public var limits: RESPLimits

    public init(limits: RESPLimits = RESPLimits()) {
        self.limits = limits
    }

    /// Takes one request off the front of `buffer`.
    ///
    /// Returns nil when more bytes are needed; `buffer` and `spans` are then unchanged.
    /// Otherwise the reader index moves past exactly one request, and for a multibulk
    /// request one span per argument is appended to `spans`, pointing into `buffer`.
    /// Throws as soon as a malformed header is buffered, without waiting for the body
    /// it announces.
    public mutating func decode(_ buffer: inout ByteBuffer, into spans: inout [ArgumentSpan]) throws(RESPProtocolError) -> RESPRequest? {
        let limits = self.limits
        let base = buffer.readerIndex
        let outcome = buffer.withUnsafeReadableBytes { bytes -> Result<(RESPRequest, Int)?, RESPProtocolError> in
            guard let first = bytes.first else { return .success(nil) }
            if first == UInt8(ascii: "*") {
                return Result { () throws(RESPProtocolError) in
                    try Self.scanMultibulk(bytes, base: base, limits: limits, spans: &spans)
                }
            }
            return Result { () throws(RESPProtocolError) in try Self.scanInline(bytes, limits: limits) }
        }
        guard let (request, consumed) = try outcome.get() else { return nil }
        buffer.moveReaderIndex(forwardBy: consumed)
        return request
    }

    /// How far Redis searches for a line end: it gives up once more than
    /// PROTO_INLINE_MAX_SIZE bytes are buffered without one.
    @inline(__always)
    static func searchWindow(_ limits: RESPLimits) -> Int {
        limits.maxInlineLength < Int.max ? limits.maxInlineLength + 1 : Int.max
    }

    static func scanMultibulk(
        _ bytes: UnsafeRawBufferPointer,
        base: Int,
        limits: RESPLimits,
        spans: inout [ArgumentSpan]
    ) throws(RESPProtocolError) -> (RESPRequest, Int)? {
        let total = bytes.count
        let window = searchWindow(limits)

        guard let countEnd = LineScanner.redisLineEnd(UInt8(ascii: "\r"), in: bytes, from: 0, window: window) else {
            if total > limits.maxInlineLength { throw .tooBigMultibulkCount }
            return nil
        }
        // Redis waits for the byte after CR but never checks that it is LF.
        guard countEnd + 1 < total else { return nil }
        guard let count = RedisInteger.parse(bytes, from: 1, to: countEnd), count <= Int64(Int32.max) else {
            throw .invalidMultibulkLength
        }
        if count > 10 && !limits.authenticated { throw .unauthenticatedMultibulkLength }
        var position = countEnd + 2
        if count <= 0 { return (.empty, position) }

        // Spans go straight into the caller's array and are taken back out if the request
        // turns out incomplete or malformed; that keeps the complete case to one pass.
        // Appending one by one means a forged count never reserves anything up front.
        let spansBefore = spans.count
        var committed = false
        defer { if !committed { spans.removeLast(spans.count - spansBefore) } }

        var remaining = count
        while remaining > 0 {
            guard let headerEnd = LineScanner.redisLineEnd(UInt8(ascii: "\r"), in: bytes, from: position, window: window) else {
                if total - position > limits.maxInlineLength { throw .tooBigBulkCount }
                return nil
            }
            guard headerEnd + 1 < total else { return nil }
            let marker = bytes[position]
            guard marker == UInt8(ascii: "$") else { throw .expectedDollar(got: marker) }
            guard let length = RedisInteger.parse(bytes, from: position + 1, to: headerEnd),
                  length >= 0, length <= Int64(limits.maxBulkLength) else {
                throw .invalidBulkLength
            }
            if length > 16384 && !limits.authenticated { throw .unauthenticatedBulkLength }
            position = headerEnd + 2
            let bodyLength = Int(length)
            // The two bytes after the body are skipped unchecked, as Redis does.
            guard bodyLength <= total - position - 2 else { return nil }
            spans.append(ArgumentSpan(start: base + position, count: bodyLength))
            position += bodyLength + 2
            remaining -= 1
        }
        committed = true
        return (.arguments(count: Int(count)), position)
    }

    static func scanInline(_ bytes: UnsafeRawBufferPointer, limits: RESPLimits) throws(RESPProtocolError) -> (RESPRequest, Int)? {
        guard let newline = LineScanner.redisLineEnd(UInt8(ascii: "\n"), in: bytes, from: 0, window: searchWindow(limits)) else {
            if bytes.count > limits.maxInlineLength { throw .tooBigInlineRequest }
            return nil
        }
        var lineEnd = newline
        if lineEnd > 0 && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
        guard let arguments = InlineArgumentSplitter.split(UnsafeRawBufferPointer(rebasing: bytes[0..<lineEnd])) else {
            throw .unbalancedQuotes
        }
        return (arguments.isEmpty ? .empty : .inline(arguments), newline + 1)
    }
}
