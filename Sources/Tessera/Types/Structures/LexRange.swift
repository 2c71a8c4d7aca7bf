/// A range of member bytes as ZRANGEBYLEX's `min max`: `[a` inclusive, `(a` exclusive, `-` and
/// `+` the lowest and highest possible members. Bounds borrow the bytes they were parsed from,
/// so a range lives no longer than the request that carried it.
struct LexRange {
    enum Bound {
        case lowest
        case highest
        case inclusive(UnsafeRawBufferPointer)
        case exclusive(UnsafeRawBufferPointer)

        /// Parses `-`, `+`, `[bytes` or `(bytes`; nil for anything else (Redis answers
        /// "min or max not valid string range item").
        init?(parsing item: UnsafeRawBufferPointer) {
            guard let marker = item.first else { return nil }
            let rest = UnsafeRawBufferPointer(rebasing: item[1...])
            switch marker {
            case UInt8(ascii: "-") where item.count == 1: self = .lowest
            case UInt8(ascii: "+") where item.count == 1: self = .highest
            case UInt8(ascii: "["): self = .inclusive(rest)
            case UInt8(ascii: "("): self = .exclusive(rest)
            default: return nil
            }
        }
    }

    var min: Bound
    var max: Bound

    /// Every member, `-` to `+`.
    static var all: LexRange { LexRange(min: .lowest, max: .highest) }

    func isAboveMin(_ member: UnsafeRawBufferPointer) -> Bool {
        switch min {
        case .lowest: true
        case .highest: false
        case .inclusive(let bound): SkiplistNode.compare(member, bound) >= 0
        case .exclusive(let bound): SkiplistNode.compare(member, bound) > 0
        }
    }

    func isBelowMax(_ member: UnsafeRawBufferPointer) -> Bool {
        switch max {
        case .lowest: false
        case .highest: true
        case .inclusive(let bound): SkiplistNode.compare(member, bound) <= 0
        case .exclusive(let bound): SkiplistNode.compare(member, bound) < 0
        }
    }

    func contains(_ member: UnsafeRawBufferPointer) -> Bool { isAboveMin(member) && isBelowMax(member) }

    /// Whether no member can fall inside (`[b [a`, `(a [a`, `+ -`), as zslIsInLexRange's first
    /// test: `-` and `+` sort below and above every member and count as exclusive.
    var isEmpty: Bool {
        switch (min, max) {
        case (.lowest, .lowest), (.highest, .highest): return true
        case (.lowest, _), (_, .highest): return false
        case (.highest, _), (_, .lowest): return true
        case (.inclusive(let low), .inclusive(let high)):
            return SkiplistNode.compare(low, high) > 0
        case (.inclusive(let low), .exclusive(let high)), (.exclusive(let low), .inclusive(let high)),
             (.exclusive(let low), .exclusive(let high)):
            return SkiplistNode.compare(low, high) >= 0
        }
    }
}
