import Testing
@testable import Tessera

/// Bytes from a hex string (whitespace ignored), for fixtures copied from Redis's output.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8).filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    func nibble(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        default: preconditionFailure("not a hex digit")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
}

/// What a listpack entry reads back as, in a form tests can compare.
enum Stored: Equatable, CustomStringConvertible {
    case integer(Int64)
    case bytes([UInt8])

    init(_ value: ListpackValue) {
        switch value {
        case .integer(let integer): self = .integer(integer)
        case .bytes(let bytes): self = .bytes(Array(bytes))
        }
    }

    /// The value a real Redis listpack holds for `text`: an integer when it is canonical.
    init(redisReading text: [UInt8]) {
        if let integer = text.withUnsafeBytes({ Integer.parseStrict($0) }) {
            self = .integer(integer)
        } else {
            self = .bytes(text)
        }
    }

    var description: String {
        switch self {
        case .integer(let integer): return "\(integer)"
        case .bytes(let bytes): return bytes.count > 20 ? "<\(bytes.count) bytes>" : "\"\(String(decoding: bytes, as: UTF8.self))\""
        }
    }
}

extension Listpack {
    /// Every entry, first to last.
    var forwardValues: [Stored] {
        var values: [Stored] = []
        var position = first
        while let current = position {
            values.append(Stored(value(at: current)))
            position = next(after: current)
        }
        return values
    }

    /// Every entry, last to first.
    var backwardValues: [Stored] {
        var values: [Stored] = []
        var position = last
        while let current = position {
            values.append(Stored(value(at: current)))
            position = previous(before: current)
        }
        return values
    }

    @discardableResult
    mutating func append(text: String) -> Position {
        append(bytes: Array(text.utf8))
    }

    @discardableResult
    mutating func append(bytes: [UInt8]) -> Position {
        bytes.withUnsafeBytes { append(.bytes($0)) }
    }
}

/// A listpack built by appending each of `texts`, as RPUSH or HSET would.
func makeListpack(_ texts: [String]) -> Listpack {
    var listpack = Listpack.create()
    for text in texts { listpack.append(text: text) }
    return listpack
}

/// Whether `blob` passes validation; when it does, walking it both ways must agree, since a
/// blob that validates is one the engine will walk.
func validatesConsistently(_ blob: [UInt8]) -> Bool {
    guard let listpack = blob.withUnsafeBytes({ Listpack(validating: $0) }) else { return false }
    defer { listpack.free() }
    let forward = listpack.forwardValues
    #expect(Array(forward.reversed()) == listpack.backwardValues, "validated listpack walks differently backward")
    #expect(forward.count == listpack.count, "validated listpack count disagrees with its entries")
    return true
}
