import NIOCore

/// One `--command` template, pre-encoded as a RESP request whose only variable parts are the
/// key digits.
///
/// Every key is written as exactly 12 zero-padded digits (redis-benchmark's `__rand_int__`) and
/// every value has the same size, so each argument's length, and therefore the whole request's
/// bytes apart from the digits, are known up front: a request is one copy plus 12 digits per key.
public struct CommandTemplate: Sendable, Equatable {
    public static let keyPlaceholder = "__key__"
    public static let valuePlaceholder = "__value__"
    public static let keyDigits = 12
    /// Keys must fit in `keyDigits` decimal digits.
    public static let keyspaceLimit: UInt64 = 1_000_000_000_000

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The template's arguments as given (split on spaces), placeholders unexpanded.
    public let arguments: [String]
    /// The encoded request with zeros where key digits go.
    public let encoded: [UInt8]
    /// Where in `encoded` each key's digits start, in order of appearance.
    public let keyOffsets: [Int]

    public init(_ template: String, valueSize: Int) throws(Invalid) {
        let arguments = template.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !arguments.isEmpty else { throw Invalid(description: "empty command template") }
        guard valueSize >= 0 else { throw Invalid(description: "value size must not be negative") }
        self.arguments = arguments
        var encoded = Array("*\(arguments.count)\r\n".utf8)
        var keyOffsets: [Int] = []
        for argument in arguments {
            let (bytes, keyPositions) = Self.expand(argument, valueSize: valueSize)
            encoded += Array("$\(bytes.count)\r\n".utf8)
            keyOffsets += keyPositions.map { $0 + encoded.count }
            encoded += bytes
            encoded += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        self.encoded = encoded
        self.keyOffsets = keyOffsets
    }

    /// The arguments that name keys (contain `__key__`), for preloading.
    public var keyArguments: [String] {
        arguments.filter { $0.contains(Self.keyPlaceholder) }
    }

    /// Appends one request, drawing a key from `keys` for each `__key__`.
    @inline(__always)
    public func write<Keys: KeySource>(into buffer: inout ByteBuffer, keys: inout Keys) {
        let length = encoded.count
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { out in
            encoded.withUnsafeBytes { out.copyMemory(from: $0) }
            for offset in keyOffsets {
                Self.writeDigits(keys.nextKey(), to: out.baseAddress! + offset)
            }
            return length
        }
    }

    /// `value` as exactly `keyDigits` zero-padded decimal digits, as `%012llu` does.
    @inline(__always)
    static func writeDigits(_ value: UInt64, to destination: UnsafeMutableRawPointer) {
        var rest = value
        for position in stride(from: keyDigits - 1, through: 0, by: -1) {
            destination.storeBytes(of: UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0"),
                                   toByteOffset: position, as: UInt8.self)
            rest /= 10
        }
    }

    /// An argument's bytes with placeholders replaced by zeros (keys) and 'x's (values), and
    /// the offsets of the key digits within it.
    private static func expand(_ argument: String, valueSize: Int) -> (bytes: [UInt8], keyPositions: [Int]) {
        let source = Array(argument.utf8)
        let key = Array(keyPlaceholder.utf8), value = Array(valuePlaceholder.utf8)
        var bytes: [UInt8] = [], keyPositions: [Int] = []
        var index = 0
        while index < source.count {
            if source[index...].starts(with: key) {
                keyPositions.append(bytes.count)
                bytes += repeatElement(UInt8(ascii: "0"), count: keyDigits)
                index += key.count
            } else if source[index...].starts(with: value) {
                bytes += repeatElement(UInt8(ascii: "x"), count: valueSize)
                index += value.count
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return (bytes, keyPositions)
    }
}
