import NIOCore
import Testing
@testable import RESP

/// Runs `write` on an empty buffer and returns what it wrote as text.
func encoded(_ write: (inout ByteBuffer) -> Void) -> String {
    var buf = ByteBufferAllocator().buffer(capacity: 0)
    write(&buf)
    return String(decoding: buf.readableBytesView, as: UTF8.self)
}

func encodedBytes(_ write: (inout ByteBuffer) -> Void) -> [UInt8] {
    var buf = ByteBufferAllocator().buffer(capacity: 0)
    write(&buf)
    return Array(buf.readableBytesView)
}

@Suite("Reply encoder")
struct ReplyEncoderTests {
    @Test("simple strings from bytes, static and dynamic text")
    func simpleString() {
        #expect(encoded { $0.writeRESPSimpleString("OK" as StaticString) } == "+OK\r\n")
        #expect(encoded { $0.writeRESPSimpleString("x" as StaticString) } == "+x\r\n")
        #expect(encoded { $0.writeRESPSimpleString("" as StaticString) } == "+\r\n")
        #expect(encoded { $0.writeRESPSimpleString(String("QUEUED")) } == "+QUEUED\r\n")
        #expect(encoded { buf in bytes("PONG").withUnsafeBytes { buf.writeRESPSimpleString($0) } } == "+PONG\r\n")
    }

    @Test("errors carry their full text, code included")
    func error() {
        #expect(encoded { $0.writeRESPError("ERR syntax error" as StaticString) } == "-ERR syntax error\r\n")
        #expect(encoded { $0.writeRESPError(String("WRONGTYPE Operation against a key holding the wrong kind of value")) }
            == "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
        #expect(encoded { buf in bytes("ERR x").withUnsafeBytes { buf.writeRESPError($0) } } == "-ERR x\r\n")
    }

    @Test("dynamic error texts cannot break the reply with CR or LF")
    func errorSanitized() {
        #expect(encoded { $0.writeRESPError(String("ERR unknown command 'a\r\nb'")) } == "-ERR unknown command 'a  b'\r\n")
        #expect(encoded { buf in bytes("ERR \n").withUnsafeBytes { buf.writeRESPError($0) } } == "-ERR  \r\n")
    }

    @Test("integers across the whole Int64 range",
          arguments: [(Int64(0), ":0\r\n"), (1, ":1\r\n"), (-1, ":-1\r\n"), (9, ":9\r\n"), (10, ":10\r\n"),
                      (99, ":99\r\n"), (100, ":100\r\n"), (-100, ":-100\r\n"), (1234567, ":1234567\r\n"),
                      (Int64.max, ":9223372036854775807\r\n"), (Int64.min, ":-9223372036854775808\r\n"),
                      (1_000_000_000_000_000_000, ":1000000000000000000\r\n"),
                      (999_999_999_999_999_999, ":999999999999999999\r\n")])
    func integer(_ value: Int64, _ expected: String) {
        #expect(encoded { $0.writeRESPInteger(value) } == expected)
        #expect(encoded { $0.writeRESPInteger(Int(value)) } == expected)
    }

    @Test("every digit count formats and parses back")
    func integerDigitCounts() {
        var value: Int64 = 1
        for _ in 0..<19 {
            for candidate in [value - 1, value, value + 1, -value, -(value - 1)] {
                #expect(encoded { $0.writeRESPInteger(candidate) } == ":\(candidate)\r\n")
            }
            value = value &* 10
        }
    }

    @Test("bulk strings from every source")
    func bulkString() {
        #expect(encoded { $0.writeRESPBulkString("hello" as StaticString) } == "$5\r\nhello\r\n")
        #expect(encoded { $0.writeRESPBulkString("h" as StaticString) } == "$1\r\nh\r\n")
        #expect(encoded { $0.writeRESPBulkString(String("héllo")) } == "$6\r\nhéllo\r\n")
        #expect(encoded { $0.writeRESPBulkString([UInt8]()) } == "$0\r\n\r\n")
        #expect(encodedBytes { $0.writeRESPBulkString([0, 13, 10, 255]) } == bytes("$4\r\n") + [0, 13, 10, 255] + bytes("\r\n"))
        #expect(encoded { buf in bytes("raw").withUnsafeBytes { buf.writeRESPBulkString($0) } } == "$3\r\nraw\r\n")
        var source = ByteBufferAllocator().buffer(capacity: 16)
        source.writeString("xxvalue")
        source.moveReaderIndex(forwardBy: 2)
        #expect(encoded { $0.writeRESPBulkString(source) } == "$5\r\nvalue\r\n")
        let large = [UInt8](repeating: 97, count: 100_000)
        #expect(encodedBytes { $0.writeRESPBulkString(large) } == bytes("$100000\r\n") + large + bytes("\r\n"))
    }

    @Test("a bulk string of a slice of the destination buffer itself")
    func bulkStringFromOwnSlice() {
        var buf = ByteBufferAllocator().buffer(capacity: 0)
        buf.writeString("abc")
        let slice = buf.getSlice(at: 0, length: 3)!
        buf.writeRESPBulkString(slice)
        #expect(String(decoding: buf.readableBytesView, as: UTF8.self) == "abc$3\r\nabc\r\n")
    }

    @Test("nulls differ by protocol version")
    func nulls() {
        #expect(encoded { $0.writeRESPNull(.v2) } == "$-1\r\n")
        #expect(encoded { $0.writeRESPNull(.v3) } == "_\r\n")
        #expect(encoded { $0.writeRESPNullArray(.v2) } == "*-1\r\n")
        #expect(encoded { $0.writeRESPNullArray(.v3) } == "_\r\n")
    }

    @Test("aggregate headers: RESP2 turns maps into flat arrays, sets and pushes into arrays")
    func headers() {
        #expect(encoded { $0.writeRESPArrayHeader(3) } == "*3\r\n")
        #expect(encoded { $0.writeRESPArrayHeader(0) } == "*0\r\n")
        #expect(encoded { $0.writeRESPArrayHeader(-1) } == "*-1\r\n")
        #expect(encoded { $0.writeRESPMapHeader(2, .v3) } == "%2\r\n")
        #expect(encoded { $0.writeRESPMapHeader(2, .v2) } == "*4\r\n")
        #expect(encoded { $0.writeRESPSetHeader(5, .v3) } == "~5\r\n")
        #expect(encoded { $0.writeRESPSetHeader(5, .v2) } == "*5\r\n")
        #expect(encoded { $0.writeRESPPushHeader(3, .v3) } == ">3\r\n")
        #expect(encoded { $0.writeRESPPushHeader(3, .v2) } == "*3\r\n")
        #expect(encoded { $0.writeRESPArrayHeader(12345678) } == "*12345678\r\n")
    }

    @Test("doubles use Redis 7.0 addReplyDouble text (%.17g, spelled-out specials)",
          arguments: [(0.1, "0.10000000000000001"), (1.5, "1.5"), (3.0, "3"), (1e300, "1.0000000000000001e+300"),
                      (Double.infinity, "inf"), (-Double.infinity, "-inf"), (Double.nan, "nan"),
                      (-0.0, "-0"), (0.0, "0"), (-2.5, "-2.5"), (1e17, "1e+17"), (1e16, "10000000000000000"),
                      (123456789012345678, "1.2345678901234568e+17"), (0.000012345, "1.2345e-05"),
                      (Double.leastNonzeroMagnitude, "4.9406564584124654e-324"),
                      (-Double.leastNormalMagnitude, "-2.2250738585072014e-308"),
                      (Double.greatestFiniteMagnitude, "1.7976931348623157e+308")])
    func double(_ value: Double, _ text: String) {
        #expect(encoded { $0.writeRESPDouble(value, .v3) } == ",\(text)\r\n")
        #expect(encoded { $0.writeRESPDouble(value, .v2) } == "$\(text.utf8.count)\r\n\(text)\r\n")
    }

    @Test("booleans are integers in RESP2")
    func boolean() {
        #expect(encoded { $0.writeRESPBoolean(true, .v3) } == "#t\r\n")
        #expect(encoded { $0.writeRESPBoolean(false, .v3) } == "#f\r\n")
        #expect(encoded { $0.writeRESPBoolean(true, .v2) } == ":1\r\n")
        #expect(encoded { $0.writeRESPBoolean(false, .v2) } == ":0\r\n")
    }

    @Test("verbatim text is a txt verbatim string in RESP3 and a bulk string in RESP2")
    func verbatim() {
        #expect(encoded { buf in bytes("Some string").withUnsafeBytes { buf.writeRESPVerbatim($0, .v3) } } == "=15\r\ntxt:Some string\r\n")
        #expect(encoded { buf in bytes("Some string").withUnsafeBytes { buf.writeRESPVerbatim($0, .v2) } } == "$11\r\nSome string\r\n")
        #expect(encoded { buf in [UInt8]().withUnsafeBytes { buf.writeRESPVerbatim($0, .v3) } } == "=4\r\ntxt:\r\n")
    }

    @Test("writers append after what the buffer already holds")
    func appends() {
        #expect(encoded { buf in
            buf.writeRESPArrayHeader(2)
            buf.writeRESPInteger(1)
            buf.writeRESPBulkString("a" as StaticString)
        } == "*2\r\n:1\r\n$1\r\na\r\n")
    }
}
