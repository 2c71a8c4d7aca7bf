/// Finds where RESP2/RESP3 replies end in a byte stream, however it is split into reads, without
/// building values: a load generator only needs to know that a reply is complete and whether it
/// is an error.
///
/// It keeps only counters between reads: the header number being parsed, the bytes of a bulk
/// body still to skip, and how many elements each open aggregate still expects.
public struct ReplySkipper {
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Aggregates nested deeper than this are refused (Redis replies nest a few levels at most).
    public static let maximumDepth = 64

    private enum State {
        case typeByte
        /// Skipping a simple line (+OK, -ERR, :1, ...) up to its "\n".
        case simpleLine
        /// Reading the number of a "$n", "*n", "%n", ... header up to its "\n".
        case header
        /// Skipping a bulk string's body and its trailing "\r\n".
        case bulkBody
    }

    private var state = State.typeByte
    private var elementType: UInt8 = 0
    private var replyIsError = false
    private var headerValue = 0
    private var headerNegative = false
    private var bulkRemaining = 0
    /// Elements still expected by each open aggregate, innermost last; sized once.
    private var pending: [Int]
    private var depth = 0

    public init() {
        pending = Array(repeating: 0, count: Self.maximumDepth)
    }

    /// Consumes all of `bytes`, calling `onReply(isError)` for every reply that completes in them.
    @inline(__always)
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, onReply: (_ isError: Bool) -> Void) throws(Malformed) {
        var index = 0
        let count = bytes.count
        while index < count {
            switch state {
            case .typeByte:
                try begin(bytes[index])
                index += 1
            case .simpleLine:
                while index < count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                if index < count {
                    index += 1
                    state = .typeByte
                    elementComplete(onReply)
                }
            case .header:
                while index < count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\n") {
                        try headerComplete(onReply)
                        break
                    }
                    accumulateHeader(byte)
                }
            case .bulkBody:
                let skipped = min(bulkRemaining, count - index)
                index += skipped
                bulkRemaining -= skipped
                if bulkRemaining == 0 {
                    state = .typeByte
                    elementComplete(onReply)
                }
            }
        }
    }

    private mutating func begin(_ type: UInt8) throws(Malformed) {
        if depth == 0 {
            replyIsError = type == UInt8(ascii: "-") || type == UInt8(ascii: "!")
        }
        elementType = type
        switch type {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: ","),
             UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: "("):
            state = .simpleLine
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"),
             UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
            headerValue = 0
            headerNegative = false
            state = .header
        default:
            throw Malformed(description: "unexpected reply type byte \(type)")
        }
    }

    @inline(__always)
    private mutating func accumulateHeader(_ byte: UInt8) {
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            headerValue = headerValue &* 10 &+ Int(byte &- UInt8(ascii: "0"))
        } else if byte == UInt8(ascii: "-") {
            headerNegative = true
        }
        // "\r" and anything else on a header line carry no information for skipping.
    }

    private mutating func headerComplete(_ onReply: (Bool) -> Void) throws(Malformed) {
        state = .typeByte
        if headerNegative {  // null bulk string or null array ("$-1", "*-1")
            elementComplete(onReply)
            return
        }
        switch elementType {
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
            bulkRemaining = headerValue + 2
            state = .bulkBody
        default:
            var elements = headerValue
            if elementType == UInt8(ascii: "%") { elements *= 2 }
            // An attribute map is followed by the reply it annotates: one more element.
            if elementType == UInt8(ascii: "|") { elements = elements * 2 + 1 }
            if elements == 0 {
                elementComplete(onReply)
                return
            }
            guard depth < Self.maximumDepth else {
                throw Malformed(description: "replies nested deeper than \(Self.maximumDepth)")
            }
            pending[depth] = elements
            depth += 1
        }
    }

    @inline(__always)
    private mutating func elementComplete(_ onReply: (Bool) -> Void) {
        while depth > 0 {
            pending[depth - 1] -= 1
            if pending[depth - 1] > 0 { return }
            depth -= 1
        }
        onReply(replyIsError)
    }
}
