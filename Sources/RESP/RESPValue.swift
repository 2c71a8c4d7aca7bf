/// A reply as a value: what `RESPValueDecoder` produces and `writeRESPValue` encodes.
/// Meant for tests and the embedding API; the server writes replies directly.
public indirect enum RESPValue: Sendable, Equatable, Hashable {
    case simpleString(String)
    /// The full text including the code, e.g. "ERR syntax error". RESP3 blob errors
    /// decode to this too.
    case error(String)
    case integer(Int64)
    case bulkString([UInt8])
    /// `$-1`, `*-1` and `_`.
    case null
    case array([RESPValue])
    /// Flattened: key, value, key, value...
    case map([RESPValue])
    case set([RESPValue])
    case push([RESPValue])
    case double(Double)
    case boolean(Bool)
    case verbatim(format: String, text: [UInt8])
    case bigNumber(String)
}

extension RESPValue {
    /// Simple, bulk and verbatim strings as text; invalid UTF-8 is repaired with U+FFFD.
    public var string: String? {
        switch self {
        case .simpleString(let s): return s
        case .bulkString(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .verbatim(_, let text): return String(decoding: text, as: UTF8.self)
        default: return nil
        }
    }

    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
