import NIOCore
import Testing
@testable import RESP

/// A request with its arguments read out of the buffer, so results from different
/// buffers (and different span positions) compare equal.
enum DecodedRequest: Equatable, CustomStringConvertible {
    case arguments([[UInt8]])
    case inline([[UInt8]])
    case empty

    var description: String {
        func show(_ args: [[UInt8]]) -> String { args.map { "\"" + String(decoding: $0, as: UTF8.self) + "\"" }.joined(separator: " ") }
        switch self {
        case .arguments(let a): return "arguments(\(show(a)))"
        case .inline(let a): return "inline(\(show(a)))"
        case .empty: return "empty"
        }
    }
}

extension Array where Element == UInt8 {
    init(_ s: StaticString) {
        self = s.withUTF8Buffer { Array($0) }
    }
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

func buffer(_ b: [UInt8]) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: b.count)
    buffer.writeBytes(b)
    return buffer
}

/// Decodes every complete request in `buffer`, checking on the way that an incomplete
/// one leaves the buffer and the span array untouched.
func decodeAvailable(
    _ buffer: inout ByteBuffer,
    _ decoder: inout RESPRequestDecoder,
    sourceLocation: SourceLocation = #_sourceLocation
) throws(RESPProtocolError) -> [DecodedRequest] {
    var out: [DecodedRequest] = []
    var spans: [ArgumentSpan] = [ArgumentSpan(start: -1, count: -1)]  // pre-existing content must survive
    while true {
        let readerBefore = buffer.readerIndex
        let spansBefore = spans
        guard let request = try decoder.decode(&buffer, into: &spans) else {
            #expect(buffer.readerIndex == readerBefore, "incomplete decode moved the reader index", sourceLocation: sourceLocation)
            #expect(spans == spansBefore, "incomplete decode changed the spans", sourceLocation: sourceLocation)
            return out
        }
        #expect(buffer.readerIndex > readerBefore, sourceLocation: sourceLocation)
        switch request {
        case .arguments(let count):
            #expect(spans.count == spansBefore.count + count, sourceLocation: sourceLocation)
            let new = spans[spansBefore.count...].map { buffer.getRESPArgument($0) }
            #expect(new == spans[spansBefore.count...].map { Array(buffer.getRESPArgumentSlice($0).readableBytesView) }, sourceLocation: sourceLocation)
            out.append(.arguments(new))
        case .inline(let args):
            #expect(spans == spansBefore, sourceLocation: sourceLocation)
            out.append(.inline(args))
        case .empty:
            #expect(spans == spansBefore, sourceLocation: sourceLocation)
            out.append(.empty)
        }
    }
}

/// Decodes `input` whole and asserts every other way of delivering it gives the same
/// requests: each two-part split, and one byte at a time into a single buffer.
/// `splitStride` thins out the two-part splits for large inputs.
@discardableResult
func decodeEverySplit(
    _ input: [UInt8],
    limits: RESPLimits = RESPLimits(),
    splitStride: Int = 1,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> [DecodedRequest] {
    var decoder = RESPRequestDecoder(limits: limits)
    var whole = buffer(input)
    let expected = try decodeAvailable(&whole, &decoder, sourceLocation: sourceLocation)
    #expect(whole.readableBytes == 0, "trailing bytes left after decoding the whole input", sourceLocation: sourceLocation)

    for split in Set(Array(stride(from: 0, through: input.count, by: splitStride)) + [input.count - 1, input.count]).sorted() where split >= 0 {
        var piecewise = buffer(Array(input[..<split]))
        var got = try decodeAvailable(&piecewise, &decoder, sourceLocation: sourceLocation)
        piecewise.writeBytes(input[split...])
        got += try decodeAvailable(&piecewise, &decoder, sourceLocation: sourceLocation)
        #expect(got == expected, "split at \(split)", sourceLocation: sourceLocation)
    }

    var trickle = ByteBufferAllocator().buffer(capacity: 0)
    var got: [DecodedRequest] = []
    for byte in input {
        trickle.writeInteger(byte)
        got += try decodeAvailable(&trickle, &decoder, sourceLocation: sourceLocation)
    }
    #expect(got == expected, "byte by byte", sourceLocation: sourceLocation)
    return expected
}

/// The error decoding `input` raises, whole; nil if it does not throw.
func decodeError(_ input: [UInt8], limits: RESPLimits = RESPLimits()) -> RESPProtocolError? {
    var decoder = RESPRequestDecoder(limits: limits)
    var buf = buffer(input)
    var spans: [ArgumentSpan] = []
    do {
        while try decoder.decode(&buf, into: &spans) != nil {}
        return nil
    } catch {
        return error
    }
}
