import NIOCore
import Testing
@testable import RESP

@Suite("Inline requests")
struct InlineRequestTests {
    static func inline(_ args: String...) -> DecodedRequest { .inline(args.map { Array($0.utf8) }) }

    static let fixtures: [(input: String, expected: [DecodedRequest])] = [
        ("PING\r\n", [inline("PING")]),
        ("SET a \"b c\"\r\n", [inline("SET", "a", "b c")]),
        ("PING\n", [inline("PING")]),
        ("SET a b\nGET a\n", [inline("SET", "a", "b"), inline("GET", "a")]),
        ("\r\n", [.empty]),
        ("\n", [.empty]),
        ("  \t \r\n", [.empty]),
        ("  GET   key  \r\n", [inline("GET", "key")]),
        ("SET k 'it\\'s'\r\n", [inline("SET", "k", "it's")]),
        ("SET k \"it''s\"\r\n", [inline("SET", "k", "it''s")]),
        ("SET k \"\\x41\\x4a\\x4B\"\r\n", [inline("SET", "k", "AJK")]),
        // Not two hex digits: the backslash escapes the x like any other character.
        ("SET k \"\\x4\"\r\n", [inline("SET", "k", "x4")]),
        ("SET k \"\\xZZ\"\r\n", [inline("SET", "k", "xZZ")]),
        ("SET k \"a\\nb\\rc\\td\\be\\af\\\\g\\\"h\\qi\"\r\n", [inline("SET", "k", "a\nb\rc\td\u{08}e\u{07}f\\g\"hqi")]),
        // Single quotes only know \'.
        ("SET k 'a\\nb'\r\n", [inline("SET", "k", "a\\nb")]),
        ("SET k ''\r\n", [inline("SET", "k", "")]),
        ("SET k \"\"\r\n", [inline("SET", "k", "")]),
        // A quote may open in the middle of a token.
        ("SET k a\"b c\"\r\n", [inline("SET", "k", "ab c")]),
        ("SET k \"a\"\tb\r\n", [inline("SET", "k", "a", "b")]),
        // isspace separates tokens, but only space, tab, CR and LF end an unquoted one.
        ("\u{0B}a\u{0B}b c\r\n", [inline("a\u{0B}b", "c")]),
        ("\"a\"\u{0C}b\r\n", [inline("a", "b")]),
        // Only the CR right before LF is part of the line end.
        ("a\rb\r\n", [inline("a", "b")]),
        ("x\r\r\n", [inline("x")]),
        ("ECHO \"\\x00\\xff\"\r\n", [.inline([Array("ECHO".utf8), [0x00, 0xFF]])]),
    ]

    @Test("each fixture splits like sdssplitargs, from every split of its bytes", arguments: 0..<fixtures.count)
    func fixtureEverySplit(_ index: Int) throws {
        let fixture = Self.fixtures[index]
        let got = try decodeEverySplit(Array(fixture.input.utf8))
        #expect(got == fixture.expected, "\(fixture.input.debugDescription)")
    }

    @Test("quotes that do not close, or close against a non-space: unbalanced quotes in request",
          arguments: ["SET k 'it''s'\r\n", "SET k \"abc\r\n", "SET k 'abc\r\n", "SET k \"abc\"def\r\n",
                      "SET k 'abc'def\r\n", "SET k \"abc\\\"\r\n", "SET k \"abc\\\r\n", "\"\r\n", "'\r\n"])
    func unbalanced(_ input: String) {
        #expect(decodeError(Array(input.utf8))?.message == "Protocol error: unbalanced quotes in request")
    }

    @Test("unbalanced quotes are reported once the line is complete, not before")
    func unbalancedWaitsForLine() {
        #expect(decodeError(Array("SET k \"abc".utf8)) == nil)
    }

    @Test("no LF within 64 KB: too big inline request")
    func tooBig() {
        let waiting = [UInt8](repeating: UInt8(ascii: "A"), count: 64 * 1024)
        #expect(decodeError(waiting) == nil)
        #expect(decodeError(waiting + [UInt8(ascii: "A")])?.message == "Protocol error: too big inline request")
        // A line end within the window is found, whatever else is buffered.
        #expect(decodeError(waiting + bytes("\n")) == nil)
        #expect(decodeError(waiting + bytes("A\n"))?.message == "Protocol error: too big inline request")
    }

    @Test("the inline limit follows configuration")
    func tooBigConfigured() {
        let limits = RESPLimits(maxInlineLength: 10)
        #expect(decodeError(bytes("0123456789"), limits: limits) == nil)
        #expect(decodeError(bytes("0123456789A"), limits: limits)?.message == "Protocol error: too big inline request")
        #expect(decodeError(bytes("012345678\n"), limits: limits) == nil)
    }

    @Test("a NUL hides the line end from Redis's strchr, so the request waits until the size limit")
    func nulHidesLineEnd() throws {
        #expect(decodeError([UInt8]("PING\0\r\n")) == nil)
        let big = [UInt8]("PING\0\r\n") + [UInt8](repeating: 65, count: 64 * 1024)
        #expect(decodeError(big)?.message == "Protocol error: too big inline request")
        // After the line end a NUL is just the next request's problem.
        var decoder = RESPRequestDecoder()
        var buf = buffer([UInt8]("PING\r\n\0"))
        var spans: [ArgumentSpan] = []
        #expect(try decoder.decode(&buf, into: &spans) == .inline([bytes("PING")]))
        #expect(try decoder.decode(&buf, into: &spans) == nil)
    }

    @Test("a request starting with anything but * is inline, even a RESP type byte")
    func otherTypeBytesAreInline() throws {
        #expect(try decodeEverySplit(bytes("$3\r\n")) == [Self.inline("$3")])
        #expect(try decodeEverySplit(bytes("+PING\r\n")) == [Self.inline("+PING")])
    }

    @Test("inline requests do not touch the span array")
    func inlineKeepsSpans() throws {
        var decoder = RESPRequestDecoder()
        var buf = buffer(bytes("GET a\r\n"))
        var spans = [ArgumentSpan(start: 1, count: 2)]
        #expect(try decoder.decode(&buf, into: &spans) == .inline([bytes("GET"), bytes("a")]))
        #expect(spans == [ArgumentSpan(start: 1, count: 2)])
    }
}
