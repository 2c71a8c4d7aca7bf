import NIOCore

/// Parses RESP2 and RESP3 reply bytes into `RESPValue`s.
///
/// Stricter than the request decoder: every line and bulk body must end in CRLF.
/// Attributes (`|`) are read and dropped, since nothing downstream wants them.
public struct RESPValueDecoder: Sendable {
    /// Deeper nesting is refused so hostile input cannot exhaust the stack.
    static let maxDepth = 128
    /// A forged aggregate count must not reserve memory before its elements arrive.
    static let maxPreallocatedElements = 1024

    public init() {}

    /// Takes one value off the front of `buffer`. Returns nil when more bytes are needed,
    /// leaving `buffer` unchanged; throws on malformed input.
    public mutating func decode(_ buffer: inout ByteBuffer) throws(RESPProtocolError) -> RESPValue? {
        let outcome = buffer.withUnsafeReadableBytes { bytes -> Result<(RESPValue, Int)?, RESPProtocolError> in
            Result { () throws(RESPProtocolError) in
                var index = 0
                guard let value = try Self.parseValue(bytes, &index, depth: 0) else { return nil }
                return (value, index)
            }
        }
        guard let (value, consumed) = try outcome.get() else { return nil }
        buffer.moveReaderIndex(forwardBy: consumed)
        return value
    }

    /// Parses the value at `index`. On success `index` moves past it; when incomplete the
    /// result is nil and `index` is unchanged.
    static func parseValue(_ bytes: UnsafeRawBufferPointer, _ index: inout Int, depth: Int) throws(RESPProtocolError) -> RESPValue? {
        guard index < bytes.count else { return nil }
        let type = bytes[index]
        let lineStart = index + 1
        guard let lineEnd = try lineEnd(bytes, from: lineStart) else { return nil }
        let afterLine = lineEnd + 2

        switch type {
        case UInt8(ascii: "+"):
            index = afterLine
            return .simpleString(text(bytes, lineStart, lineEnd))
        case UInt8(ascii: "-"):
            index = afterLine
            return .error(text(bytes, lineStart, lineEnd))
        case UInt8(ascii: ":"):
            guard let value = RedisInteger.parse(bytes, from: lineStart, to: lineEnd) else { throw malformed("invalid integer") }
            index = afterLine
            return .integer(value)
        case UInt8(ascii: "_"):
            guard lineEnd == lineStart else { throw malformed("invalid null") }
            index = afterLine
            return .null
        case UInt8(ascii: "#"):
            guard lineEnd == lineStart + 1 else { throw malformed("invalid boolean") }
            let value: Bool
            switch bytes[lineStart] {
            case UInt8(ascii: "t"): value = true
            case UInt8(ascii: "f"): value = false
            default: throw malformed("invalid boolean")
            }
            index = afterLine
            return .boolean(value)
        case UInt8(ascii: ","):
            guard let value = parseDouble(bytes, lineStart, lineEnd) else { throw malformed("invalid double") }
            index = afterLine
            return .double(value)
        case UInt8(ascii: "("):
            guard isBigNumber(bytes, lineStart, lineEnd) else { throw malformed("invalid big number") }
            index = afterLine
            return .bigNumber(text(bytes, lineStart, lineEnd))
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            guard let length = RedisInteger.parse(bytes, from: lineStart, to: lineEnd) else { throw malformed("invalid bulk length") }
            if length == -1 && type == UInt8(ascii: "$") {
                index = afterLine
                return .null
            }
            guard length >= 0 else { throw malformed("invalid bulk length") }
            guard length <= Int64(bytes.count - afterLine - 2) else { return nil }
            let bodyEnd = afterLine + Int(length)
            guard bytes[bodyEnd] == UInt8(ascii: "\r") && bytes[bodyEnd + 1] == UInt8(ascii: "\n") else {
                throw malformed("bulk string not terminated by CRLF")
            }
            let value: RESPValue
            switch type {
            case UInt8(ascii: "$"):
                value = .bulkString(Array(UnsafeRawBufferPointer(rebasing: bytes[afterLine..<bodyEnd])))
            case UInt8(ascii: "!"):
                value = .error(text(bytes, afterLine, bodyEnd))
            default:
                guard length >= 4 && bytes[afterLine + 3] == UInt8(ascii: ":") else { throw malformed("invalid verbatim string") }
                value = .verbatim(
                    format: text(bytes, afterLine, afterLine + 3),
                    text: Array(UnsafeRawBufferPointer(rebasing: bytes[(afterLine + 4)..<bodyEnd]))
                )
            }
            index = bodyEnd + 2
            return value
        case UInt8(ascii: "*"), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "|"):
            guard let count = RedisInteger.parse(bytes, from: lineStart, to: lineEnd) else { throw malformed("invalid aggregate length") }
            if count == -1 && type == UInt8(ascii: "*") {
                index = afterLine
                return .null
            }
            guard count >= 0 else { throw malformed("invalid aggregate length") }
            guard depth < maxDepth else { throw malformed("nesting too deep") }
            let pairs = type == UInt8(ascii: "%") || type == UInt8(ascii: "|")
            let (elementCount, overflow) = count.multipliedReportingOverflow(by: pairs ? 2 : 1)
            guard !overflow else { throw malformed("invalid aggregate length") }

            var position = afterLine
            var elements: [RESPValue] = []
            elements.reserveCapacity(Int(min(elementCount, Int64(maxPreallocatedElements))))
            var remaining = elementCount
            while remaining > 0 {
                guard let element = try parseValue(bytes, &position, depth: depth + 1) else { return nil }
                elements.append(element)
                remaining -= 1
            }
            switch type {
            case UInt8(ascii: "*"): index = position; return .array(elements)
            case UInt8(ascii: "%"): index = position; return .map(elements)
            case UInt8(ascii: "~"): index = position; return .set(elements)
            case UInt8(ascii: ">"): index = position; return .push(elements)
            default:
                // An attribute annotates the value that follows it; counting it as a level
                // keeps a run of attributes from recursing without bound.
                guard let annotated = try parseValue(bytes, &position, depth: depth + 1) else { return nil }
                index = position
                return annotated
            }
        default:
            throw RESPProtocolError(message: "Protocol error: unexpected type byte " + String(bytes[index]))
        }
    }

    /// Index of the CR that ends the line starting at `from`, or nil if it has not
    /// arrived. A CR not followed by LF is malformed.
    static func lineEnd(_ bytes: UnsafeRawBufferPointer, from: Int) throws(RESPProtocolError) -> Int? {
        guard let cr = LineScanner.firstIndex(of: UInt8(ascii: "\r"), in: bytes, from: from, to: bytes.count) else { return nil }
        guard cr + 1 < bytes.count else { return nil }
        guard bytes[cr + 1] == UInt8(ascii: "\n") else { throw malformed("expected LF after CR") }
        return cr
    }

    static func text(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    static func parseDouble(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Double? {
        guard to > from else { return nil }
        let spelled = text(bytes, from, to)
        switch spelled {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default:
            // Swift would also take "infinity" or hex floats; RESP3 allows only decimal.
            for byte in UnsafeRawBufferPointer(rebasing: bytes[from..<to]) {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                     UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                    continue
                default:
                    return nil
                }
            }
            return Double(spelled)
        }
    }

    static func isBigNumber(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Bool {
        var index = from
        if index < to && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) { index += 1 }
        guard index < to else { return false }
        while index < to {
            guard bytes[index] &- UInt8(ascii: "0") <= 9 else { return false }
            index += 1
        }
        return true
    }

    static func malformed(_ what: StaticString) -> RESPProtocolError {
        RESPProtocolError(message: "Protocol error: " + what.description)
    }
}
