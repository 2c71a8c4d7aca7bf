import Testing
@testable import LoadGeneration

/// Replies of every RESP2 and RESP3 type, with whether each is an error.
private let replies: [(bytes: String, isError: Bool)] = [
    ("+OK\r\n", false),
    ("-ERR unknown command 'FOO'\r\n", true),
    ("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", true),
    (":1000\r\n", false),
    (":-3\r\n", false),
    ("$3\r\nfoo\r\n", false),
    ("$0\r\n\r\n", false),
    ("$-1\r\n", false),
    ("$12\r\nwith\r\ninside\r\n", false),
    ("*2\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n", false),
    ("*0\r\n", false),
    ("*-1\r\n", false),
    ("*1\r\n-ERR nested errors do not make the reply an error\r\n", false),
    ("%2\r\n+a\r\n:1\r\n+b\r\n*1\r\n+c\r\n", false),
    ("_\r\n", false),
    ("#t\r\n", false),
    (",1.5\r\n", false),
    ("(3492890328409238509324850943850943825024385\r\n", false),
    ("=15\r\ntxt:Some string\r\n", false),
    ("!21\r\nSYNTAX invalid syntax\r\n", true),
    ("~2\r\n+x\r\n+y\r\n", false),
    (">2\r\n+message\r\n$2\r\nhi\r\n", false),
    ("|1\r\n+ttl\r\n:3\r\n$5\r\nvalue\r\n", false),
]

private func skip(_ chunks: [[UInt8]]) throws -> [Bool] {
    var skipper = ReplySkipper()
    var seen: [Bool] = []
    for chunk in chunks {
        try chunk.withUnsafeBytes { bytes in
            try skipper.consume(bytes) { seen.append($0) }
        }
    }
    return seen
}

@Suite("Reply skipper")
struct ReplySkipperTests {
    let stream = Array(replies.map(\.bytes).joined().utf8)
    let expected = replies.map(\.isError)

    @Test("counts every reply type and flags the errors, all at once")
    func whole() throws {
        #expect(try skip([stream]) == expected)
    }

    @Test("gives the same answer for every split of the stream into two reads")
    func everySplit() throws {
        for split in 0...stream.count {
            #expect(try skip([Array(stream[..<split]), Array(stream[split...])]) == expected, "split at \(split)")
        }
    }

    @Test("gives the same answer byte by byte")
    func byteByByte() throws {
        #expect(try skip(stream.map { [$0] }) == expected)
    }

    @Test("reports nothing for an incomplete reply")
    func incomplete() throws {
        #expect(try skip([Array("*2\r\n$3\r\nfoo\r\n$3\r\nba".utf8)]).isEmpty)
        #expect(try skip([Array("$5\r\nhel".utf8)]).isEmpty)
    }

    @Test("refuses an unknown type byte")
    func malformed() {
        #expect(throws: ReplySkipper.Malformed.self) { try skip([Array("?what\r\n".utf8)]) }
    }

    @Test("refuses nesting deeper than the limit")
    func tooDeep() throws {
        let deep = String(repeating: "*1\r\n", count: ReplySkipper.maximumDepth + 1) + "+x\r\n"
        #expect(throws: ReplySkipper.Malformed.self) { try skip([Array(deep.utf8)]) }
        let limit = String(repeating: "*1\r\n", count: ReplySkipper.maximumDepth) + "+x\r\n"
        #expect(try skip([Array(limit.utf8)]) == [false])
    }
}
