import NIOCore
import Testing
@testable import RESP

/// Decodes all complete values in `buffer`, checking that an incomplete one leaves the
/// reader index alone.
func decodeValues(_ buffer: inout ByteBuffer, sourceLocation: SourceLocation = #_sourceLocation) throws(RESPProtocolError) -> [RESPValue] {
    var decoder = RESPValueDecoder()
    var values: [RESPValue] = []
    while true {
        let before = buffer.readerIndex
        guard let value = try decoder.decode(&buffer) else {
            #expect(buffer.readerIndex == before, sourceLocation: sourceLocation)
            return values
        }
        values.append(value)
    }
}

/// Decodes `input` whole, then from every two-part split and byte by byte, expecting
/// the same values each time.
func decodeValuesEverySplit(_ input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> [RESPValue] {
    var whole = buffer(input)
    let expected = try decodeValues(&whole, sourceLocation: sourceLocation)
    #expect(whole.readableBytes == 0, sourceLocation: sourceLocation)
    for split in 0...input.count {
        var piecewise = buffer(Array(input[..<split]))
        var got = try decodeValues(&piecewise, sourceLocation: sourceLocation)
        piecewise.writeBytes(input[split...])
        got += try decodeValues(&piecewise, sourceLocation: sourceLocation)
        #expect(got == expected, "split at \(split)", sourceLocation: sourceLocation)
    }
    var trickle = ByteBufferAllocator().buffer(capacity: 0)
    var got: [RESPValue] = []
    for byte in input {
        trickle.writeInteger(byte)
        got += try decodeValues(&trickle, sourceLocation: sourceLocation)
    }
    #expect(got == expected, "byte by byte", sourceLocation: sourceLocation)
    return expected
}

func valueError(_ input: [UInt8]) -> RESPProtocolError? {
    var buf = buffer(input)
    do {
        _ = try decodeValues(&buf)
        return nil
    } catch {
        return error
    }
}

@Suite("Reply value decoder")
struct ValueDecoderTests {
    static let fixtures: [(input: String, value: RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("+\r\n", .simpleString("")),
        ("-ERR syntax error\r\n", .error("ERR syntax error")),
        (":0\r\n", .integer(0)),
        (":-42\r\n", .integer(-42)),
        (":9223372036854775807\r\n", .integer(.max)),
        (":-9223372036854775808\r\n", .integer(.min)),
        ("$5\r\nhello\r\n", .bulkString(Array("hello".utf8))),
        ("$0\r\n\r\n", .bulkString([])),
        ("$4\r\na\r\nb\r\n", .bulkString(Array("a\r\nb".utf8))),
        ("$-1\r\n", .null),
        ("*-1\r\n", .null),
        ("_\r\n", .null),
        ("*0\r\n", .array([])),
        ("*2\r\n$3\r\nfoo\r\n:1\r\n", .array([.bulkString(Array("foo".utf8)), .integer(1)])),
        ("*2\r\n*1\r\n+a\r\n*0\r\n", .array([.array([.simpleString("a")]), .array([])])),
        ("%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n", .map([.simpleString("a"), .integer(1), .simpleString("b"), .integer(2)])),
        ("~2\r\n+a\r\n+b\r\n", .set([.simpleString("a"), .simpleString("b")])),
        (">3\r\n+message\r\n+chan\r\n$2\r\nhi\r\n", .push([.simpleString("message"), .simpleString("chan"), .bulkString(Array("hi".utf8))])),
        (",1.5\r\n", .double(1.5)),
        (",0.10000000000000001\r\n", .double(0.1)),
        (",3\r\n", .double(3)),
        (",-2.5e-3\r\n", .double(-0.0025)),
        (",inf\r\n", .double(.infinity)),
        (",-inf\r\n", .double(-.infinity)),
        ("#t\r\n", .boolean(true)),
        ("#f\r\n", .boolean(false)),
        ("=15\r\ntxt:Some string\r\n", .verbatim(format: "txt", text: Array("Some string".utf8))),
        ("=4\r\nmkd:\r\n", .verbatim(format: "mkd", text: [])),
        ("(3492890328409238509324850943850943825024385\r\n", .bigNumber("3492890328409238509324850943850943825024385")),
        ("(-12\r\n", .bigNumber("-12")),
        ("!21\r\nSYNTAX invalid syntax\r\n", .error("SYNTAX invalid syntax")),
        // Attributes are dropped; the value they annotate is returned.
        ("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*1\r\n:2\r\n", .array([.integer(2)])),
    ]

    @Test("each type decodes the same from every split of its bytes", arguments: 0..<fixtures.count)
    func fixtureEverySplit(_ index: Int) throws {
        let fixture = Self.fixtures[index]
        #expect(try decodeValuesEverySplit(Array(fixture.input.utf8)) == [fixture.value])
    }

    @Test("a stream of replies decodes to all of them in order, from every split")
    func pipeline() throws {
        let input = Self.fixtures.flatMap { Array($0.input.utf8) }
        #expect(try decodeValuesEverySplit(input) == Self.fixtures.map(\.value))
    }

    @Test("NaN decodes to NaN")
    func nan() throws {
        var buf = buffer(bytes(",nan\r\n"))
        let values = try decodeValues(&buf)
        guard case .double(let d)? = values.first else {
            Issue.record("expected a double, got \(values)")
            return
        }
        #expect(d.isNaN)
    }

    @Test("malformed replies throw",
          arguments: ["?x\r\n", ":abc\r\n", ":+1\r\n", ":\r\n", "$-2\r\n", "$x\r\n", "$3\r\nabcXY", "+OK\rX",
                      "#x\r\n", "#\r\n", "#tt\r\n", "_x\r\n", ",abc\r\n", ",\r\n", ",0x1p3\r\n", ",infinity\r\n",
                      "(12a\r\n", "(\r\n", "(-\r\n", "=3\r\nabc\r\n", "=5\r\nabcde\r\n", "*-2\r\n", "%-1\r\n", "~-1\r\n",
                      "*x\r\n", "!-1\r\n", "*1\r\n?\r\n"])
    func malformed(_ input: String) {
        #expect(valueError(Array(input.utf8)) != nil)
    }

    @Test("malformed input is reported with a protocol error message")
    func malformedMessage() {
        #expect(valueError(bytes("$3\r\nabcXY"))?.message == "Protocol error: bulk string not terminated by CRLF")
        #expect(valueError(bytes(":x\r\n"))?.message == "Protocol error: invalid integer")
    }

    @Test("incomplete input waits rather than throwing")
    func incomplete() throws {
        for input in ["", "+OK", "+OK\r", "$5\r\nhel", "$5\r\nhello\r", "*2\r\n:1\r\n", "*10000000\r\n", "%1\r\n+a\r\n", "|1\r\n+a\r\n+b\r\n"] {
            var buf = buffer(bytes(input))
            #expect(try decodeValues(&buf).isEmpty, "\(input.debugDescription)")
        }
    }

    @Test("nesting is capped at 128 levels")
    func nesting() throws {
        let leaf = bytes(":1\r\n")
        let ok = Array(repeating: bytes("*1\r\n"), count: 128).flatMap { $0 } + leaf
        var buf = buffer(ok)
        var expected = RESPValue.integer(1)
        for _ in 0..<128 { expected = .array([expected]) }
        #expect(try decodeValues(&buf) == [expected])

        let tooDeep = Array(repeating: bytes("*1\r\n"), count: 129).flatMap { $0 }
        #expect(valueError(tooDeep)?.message == "Protocol error: nesting too deep")
        #expect(valueError(tooDeep + leaf)?.message == "Protocol error: nesting too deep")
        #expect(valueError(Array(repeating: bytes("|0\r\n"), count: 200).flatMap { $0 } + leaf)?.message == "Protocol error: nesting too deep")
    }

    @Test("convenience accessors")
    func accessors() {
        #expect(RESPValue.simpleString("OK").string == "OK")
        #expect(RESPValue.bulkString(Array("v".utf8)).string == "v")
        #expect(RESPValue.verbatim(format: "txt", text: Array("t".utf8)).string == "t")
        #expect(RESPValue.integer(3).string == nil)
        #expect(RESPValue.integer(3).integerValue == 3)
        #expect(RESPValue.bulkString([]).integerValue == nil)
        #expect(RESPValue.error("ERR x").isError)
        #expect(!RESPValue.simpleString("ERR x").isError)
    }
}

@Suite("Reply value writer")
struct ValueWriterTests {
    static let everything: RESPValue = .array([
        .simpleString("OK"), .error("ERR bad"), .integer(-7), .bulkString([0, 1, 13, 10]), .null,
        .map([.bulkString(Array("k".utf8)), .double(1.5)]), .set([.boolean(true)]), .push([.simpleString("p")]),
        .verbatim(format: "txt", text: Array("hi".utf8)), .bigNumber("123456789012345678901234567890"), .array([]),
    ])

    @Test("RESP3 output decodes back to the same value")
    func roundTripV3() throws {
        var buf = ByteBufferAllocator().buffer(capacity: 0)
        buf.writeRESPValue(Self.everything, .v3)
        #expect(try decodeValuesEverySplit(Array(buf.readableBytesView)) == [Self.everything])
    }

    @Test("RESP2 output downgrades the RESP3 types as Redis does")
    func downgradeV2() throws {
        var buf = ByteBufferAllocator().buffer(capacity: 0)
        buf.writeRESPValue(Self.everything, .v2)
        let expected: RESPValue = .array([
            .simpleString("OK"), .error("ERR bad"), .integer(-7), .bulkString([0, 1, 13, 10]), .null,
            .array([.bulkString(Array("k".utf8)), .bulkString(Array("1.5".utf8))]), .array([.integer(1)]),
            .array([.simpleString("p")]), .bulkString(Array("hi".utf8)),
            .bulkString(Array("123456789012345678901234567890".utf8)), .array([]),
        ])
        #expect(try decodeValuesEverySplit(Array(buf.readableBytesView)) == [expected])
    }

    @Test("byte-exact encodings of the RESP3-only types")
    func exactBytes() {
        #expect(encoded { $0.writeRESPValue(.verbatim(format: "mkd", text: Array("# x".utf8)), .v3) } == "=7\r\nmkd:# x\r\n")
        #expect(encoded { $0.writeRESPValue(.bigNumber("-5"), .v3) } == "(-5\r\n")
        #expect(encoded { $0.writeRESPValue(.map([.simpleString("a"), .integer(1)]), .v3) } == "%1\r\n+a\r\n:1\r\n")
        #expect(encoded { $0.writeRESPValue(.map([.simpleString("a"), .integer(1)]), .v2) } == "*2\r\n+a\r\n:1\r\n")
        #expect(encoded { $0.writeRESPValue(.null, .v2) } == "$-1\r\n")
        #expect(encoded { $0.writeRESPValue(.null, .v3) } == "_\r\n")
        #expect(encoded { $0.writeRESPValue(.double(3), .v3) } == ",3\r\n")
    }
}
