import NIOCore
import Testing
@testable import RESP

@Suite("Multibulk requests")
struct MultibulkRequestTests {
    static let fixtures: [(input: [UInt8], expected: [DecodedRequest])] = [
        (bytes("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"), [.arguments([bytes("SET"), bytes("key"), bytes("value")])]),
        (bytes("*1\r\n$4\r\nPING\r\n"), [.arguments([bytes("PING")])]),
        (bytes("*2\r\n$3\r\nGET\r\n$0\r\n\r\n"), [.arguments([bytes("GET"), []])]),
        // Bodies are length-delimited: CR, LF and NUL inside them are data.
        ([UInt8]("*2\r\n$4\r\nECHO\r\n$6\r\na\r\n\0\nb\r\n"), [.arguments([bytes("ECHO"), [97, 13, 10, 0, 10, 98]])]),
        (bytes("*0\r\n"), [.empty]),
        (bytes("*-1\r\n"), [.empty]),
        (bytes("*-10\r\n"), [.empty]),
        (bytes("*1\r\n$10\r\n0123456789\r\n"), [.arguments([bytes("0123456789")])]),
    ]

    @Test("each fixture decodes the same from every split of its bytes", arguments: 0..<fixtures.count)
    func fixtureEverySplit(_ index: Int) throws {
        let fixture = Self.fixtures[index]
        let got = try decodeEverySplit(fixture.input)
        #expect(got == fixture.expected)
    }

    @Test("a pipeline of requests decodes to all of them in order, from every split")
    func pipeline() throws {
        let input = Self.fixtures.flatMap(\.input) + bytes("PING\r\nSET a \"b c\"\n\r\n")
        let expected = Self.fixtures.flatMap(\.expected)
            + [.inline([bytes("PING")]), .inline([bytes("SET"), bytes("a"), bytes("b c")]), .empty]
        let got = try decodeEverySplit(input)
        #expect(got == expected)
    }

    @Test("spans are absolute buffer indices, valid after the reader index moves on")
    func spansAreAbsolute() throws {
        var decoder = RESPRequestDecoder()
        var buf = buffer(bytes("junk!*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"))
        buf.moveReaderIndex(forwardBy: 5)
        var spans: [ArgumentSpan] = []
        let request = try decoder.decode(&buf, into: &spans)
        #expect(request == .arguments(count: 2))
        #expect(spans == [ArgumentSpan(start: 13, count: 3), ArgumentSpan(start: 22, count: 1)])
        #expect(buf.readerIndex == buf.writerIndex)
        #expect(buf.getRESPArgument(spans[0]) == bytes("GET"))
        #expect(buf.getRESPArgument(spans[1]) == bytes("k"))
        #expect(buf.withUnsafeRESPArgument(spans[1]) { Array($0) } == bytes("k"))
        var slice = buf.getRESPArgumentSlice(spans[0])
        #expect(slice.readString(length: 3) == "GET")
        // NIO's own getters refuse bytes behind the reader index; that is why the helpers exist.
        #expect(buf.getBytes(at: spans[0].start, length: spans[0].count) == nil)
    }

    @Test("spans are appended after what the array already holds")
    func spansAppend() throws {
        var decoder = RESPRequestDecoder()
        var buf = buffer(bytes("*1\r\n$1\r\na\r\n*1\r\n$1\r\nb\r\n"))
        var spans: [ArgumentSpan] = []
        _ = try decoder.decode(&buf, into: &spans)
        _ = try decoder.decode(&buf, into: &spans)
        #expect(spans.count == 2)
        #expect(buf.getRESPArgument(spans[1]) == bytes("b"))
    }

    @Test("the two bytes after a bulk body are skipped without being checked, as Redis does")
    func trailingBytesUnchecked() throws {
        let got = try decodeEverySplit(bytes("*1\r\n$3\r\nfooXY*1\r\n$1\r\na\r\n"))
        #expect(got == [.arguments([bytes("foo")]), .arguments([bytes("a")])])
    }

    @Test("the byte after a header's CR must be buffered but need not be LF, as in Redis")
    func headerLineFeedUnchecked() throws {
        let got = try decodeEverySplit(bytes("*1\r?$1\r!a\r\n"))
        #expect(got == [.arguments([bytes("a")])])
    }

    @Test("a 10,000,000-element header waits for data without reserving spans for it")
    func hugeCountDoesNotPreallocate() throws {
        var decoder = RESPRequestDecoder()
        var buf = buffer(bytes("*10000000\r\n"))
        var spans: [ArgumentSpan] = []
        #expect(try decoder.decode(&buf, into: &spans) == nil)
        #expect(spans.isEmpty)
        #expect(spans.capacity <= 1024)
        buf.writeBytes(bytes("$3\r\nfoo\r\n$3\r\nbar\r\n"))
        #expect(try decoder.decode(&buf, into: &spans) == nil)
        #expect(spans.isEmpty)
        #expect(spans.capacity <= 1024)
        #expect(buf.readerIndex == 0)
    }

    @Test("INT_MAX arguments is a valid count that waits for data")
    func intMaxCount() throws {
        var decoder = RESPRequestDecoder()
        var buf = buffer(bytes("*2147483647\r\n"))
        var spans: [ArgumentSpan] = []
        #expect(try decoder.decode(&buf, into: &spans) == nil)
    }

    @Test("a bulk of exactly proto-max-bulk-len waits for its body")
    func maxBulkWaits() throws {
        var decoder = RESPRequestDecoder()
        var buf = buffer(bytes("*1\r\n$536870912\r\nabc"))
        var spans: [ArgumentSpan] = []
        #expect(try decoder.decode(&buf, into: &spans) == nil)
    }

    @Test("unauthenticated clients may still send 10 arguments of 16384 bytes")
    func unauthenticatedWithinLimits() throws {
        let limits = RESPLimits(authenticated: false)
        var decoder = RESPRequestDecoder(limits: limits)
        var spans: [ArgumentSpan] = []
        var buf = buffer(bytes("*10\r\n$16384\r\n"))
        #expect(try decoder.decode(&buf, into: &spans) == nil)
        let body = [UInt8](repeating: 120, count: 16384)
        let input = bytes("*1\r\n$16384\r\n") + body + bytes("\r\n")
        #expect(try decodeEverySplit(input, limits: limits, splitStride: 101) == [.arguments([body])])
    }
}

@Suite("Multibulk protocol errors")
struct MultibulkErrorTests {
    static let inlineMax = 64 * 1024

    @Test("no CR within 64 KB of a count line: too big mbulk count string")
    func tooBigCount() {
        let waiting = [UInt8(ascii: "*")] + [UInt8](repeating: UInt8(ascii: "1"), count: Self.inlineMax - 1)
        #expect(decodeError(waiting) == nil)
        let over = waiting + [UInt8(ascii: "1")]
        #expect(decodeError(over)?.message == "Protocol error: too big mbulk count string")
    }

    @Test("a count line with a smaller configured limit", arguments: [8, 100])
    func tooBigCountConfigured(_ limit: Int) {
        let limits = RESPLimits(maxInlineLength: limit)
        #expect(decodeError([UInt8](repeating: UInt8(ascii: "*"), count: limit), limits: limits) == nil)
        #expect(decodeError([UInt8](repeating: UInt8(ascii: "*"), count: limit + 1), limits: limits)?.message
            == "Protocol error: too big mbulk count string")
    }

    @Test("counts that string2ll rejects or that exceed INT_MAX: invalid multibulk length",
          arguments: ["*abc\r\n", "*\r\n", "*+1\r\n", "*01\r\n", "*-0\r\n", "*1 \r\n", "* 1\r\n", "*1.0\r\n",
                      "*2147483648\r\n", "*9223372036854775807\r\n", "*9223372036854775808\r\n",
                      "*-\r\n", "*99999999999999999999999\r\n"])
    func invalidCount(_ input: String) {
        #expect(decodeError(bytes(input))?.message == "Protocol error: invalid multibulk length")
    }

    @Test("more than 10 arguments before AUTH: unauthenticated multibulk length")
    func unauthenticatedCount() {
        let limits = RESPLimits(authenticated: false)
        #expect(decodeError(bytes("*11\r\n"), limits: limits)?.message == "Protocol error: unauthenticated multibulk length")
        #expect(decodeError(bytes("*1000000\r\n"), limits: limits)?.message == "Protocol error: unauthenticated multibulk length")
        #expect(decodeError(bytes("*10\r\n"), limits: limits) == nil)
        // Validity is checked first.
        #expect(decodeError(bytes("*2147483648\r\n"), limits: limits)?.message == "Protocol error: invalid multibulk length")
        // Once authenticated the same header is fine.
        #expect(decodeError(bytes("*11\r\n")) == nil)
    }

    @Test("no CR within 64 KB of a bulk header: too big bulk count string")
    func tooBigBulkCount() {
        let prefix = bytes("*1\r\n")
        let waiting = prefix + [UInt8(ascii: "$")] + [UInt8](repeating: UInt8(ascii: "1"), count: Self.inlineMax - 1)
        #expect(decodeError(waiting) == nil)
        #expect(decodeError(waiting + [UInt8(ascii: "1")])?.message == "Protocol error: too big bulk count string")
    }

    @Test("a header not starting with $ names the byte found")
    func expectedDollar() {
        #expect(decodeError(bytes("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n"))?.message == "Protocol error: expected '$', got 'f'")
        #expect(decodeError(bytes("*1\r\n:1\r\n"))?.message == "Protocol error: expected '$', got ':'")
        // addReplyErrorFormat turns CR and LF into spaces.
        #expect(decodeError(bytes("*1\r\n\r\n"))?.message == "Protocol error: expected '$', got ' '")
        #expect(decodeError(bytes("*1\r\n\n\r\n"))?.message == "Protocol error: expected '$', got ' '")
    }

    @Test("the $ check waits until the header line is complete")
    func expectedDollarWaitsForLine() {
        #expect(decodeError(bytes("*1\r\nfoo")) == nil)
        #expect(decodeError(bytes("*1\r\nfoo\r")) == nil)
    }

    @Test("bulk lengths that are not integers, negative or over proto-max-bulk-len: invalid bulk length",
          arguments: ["$-1", "$-5", "$abc", "$", "$+3", "$03", "$-0", "$536870913", "$2147483648",
                      "$9223372036854775807", "$99999999999999999999"])
    func invalidBulkLength(_ header: String) {
        #expect(decodeError(bytes("*1\r\n\(header)\r\n"))?.message == "Protocol error: invalid bulk length")
    }

    @Test("a 2 GB bulk length is refused as soon as its header is buffered, before any body")
    func hugeBulkThrowsBeforeBody() throws {
        var decoder = RESPRequestDecoder()
        var spans: [ArgumentSpan] = []
        var buf = buffer(bytes("*1\r\n$2147483648\r"))
        #expect(try decoder.decode(&buf, into: &spans) == nil)
        buf.writeBytes(bytes("\n"))
        #expect(throws: RESPProtocolError(message: "Protocol error: invalid bulk length")) {
            try decoder.decode(&buf, into: &spans)
        }
        #expect(decodeError(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2147483648\r\n"))?.message == "Protocol error: invalid bulk length")
    }

    @Test("the bulk length limit follows configuration")
    func configuredBulkLimit() {
        let limits = RESPLimits(maxBulkLength: 10)
        #expect(decodeError(bytes("*1\r\n$11\r\n"), limits: limits)?.message == "Protocol error: invalid bulk length")
        #expect(decodeError(bytes("*1\r\n$10\r\n"), limits: limits) == nil)
    }

    @Test("bulks over 16384 bytes before AUTH: unauthenticated bulk length")
    func unauthenticatedBulk() {
        let limits = RESPLimits(authenticated: false)
        #expect(decodeError(bytes("*1\r\n$16385\r\n"), limits: limits)?.message == "Protocol error: unauthenticated bulk length")
        #expect(decodeError(bytes("*1\r\n$100000000\r\n"), limits: limits)?.message == "Protocol error: unauthenticated bulk length")
        // Over proto-max-bulk-len is reported as invalid first.
        #expect(decodeError(bytes("*1\r\n$2147483648\r\n"), limits: limits)?.message == "Protocol error: invalid bulk length")
    }

    @Test("an error in a later argument is raised once the earlier ones are complete")
    func errorAfterEarlierArguments() {
        #expect(decodeError(bytes("*2\r\n$3\r\nfoo\r\n$x\r\n"))?.message == "Protocol error: invalid bulk length")
        #expect(decodeError(bytes("*2\r\n$3\r\nfo")) == nil)
    }

    @Test("a failed decode leaves the caller's spans as they were")
    func failureKeepsSpans() {
        var decoder = RESPRequestDecoder()
        var spans = [ArgumentSpan(start: 7, count: 7)]
        var buf = buffer(bytes("*2\r\n$3\r\nfoo\r\n$x\r\n"))
        #expect(throws: RESPProtocolError.self) { try decoder.decode(&buf, into: &spans) }
        #expect(spans == [ArgumentSpan(start: 7, count: 7)])
    }

    @Test("a NUL in a header hides its CR from Redis's strchr, so it waits until the size limit")
    func nulHidesLineEnd() {
        #expect(decodeError([UInt8]("*1\0\r\n$1\r\na\r\n")) == nil)
        let big = [UInt8]("*1\0\r\n") + [UInt8](repeating: 65, count: Self.inlineMax)
        #expect(decodeError(big)?.message == "Protocol error: too big mbulk count string")
        #expect(decodeError([UInt8]("*1\r\n$\01\r\na\r\n")) == nil)
    }
}
