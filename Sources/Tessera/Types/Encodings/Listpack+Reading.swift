#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Listpack {
    /// lpGet without a buffer: the integer, or the bytes inside the listpack.
    public func value(at position: Position) -> ListpackValue {
        ListpackEntryLayout.value(at: base + position.offset)
    }

    /// lpGet with a buffer: the entry as bytes; an integer entry is formatted in decimal into
    /// `scratch` (at least `Listpack.integerScratchSize` bytes), so nothing is allocated.
    public func bytes(at position: Position, scratch: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        switch value(at: position) {
        case .bytes(let bytes):
            return bytes
        case .integer(let integer):
            return Listpack.format(integer, into: scratch)
        }
    }

    /// The entry as an integer when it is one, or when its bytes spell one canonically.
    public func integer(at position: Position) -> Int64? {
        switch value(at: position) {
        case .integer(let integer): return integer
        case .bytes(let bytes): return Integer.parseStrict(bytes)
        }
    }

    /// lpCompare: whether the entry reads back as exactly `bytes`. An integer entry matches only
    /// its canonical decimal spelling, which is what comparing against its formatted form gives.
    public func matches(at position: Position, _ bytes: UnsafeRawBufferPointer) -> Bool {
        Listpack.entry(value(at: position), matches: bytes, asInteger: Integer.parseStrict(bytes))
    }

    /// The comparison with the probe's integer reading computed once, for loops (lpFind).
    static func entry(_ value: ListpackValue, matches bytes: UnsafeRawBufferPointer, asInteger: Int64?) -> Bool {
        switch value {
        case .integer(let integer):
            return asInteger == integer
        case .bytes(let stored):
            guard stored.count == bytes.count else { return false }
            guard let left = stored.baseAddress, let right = bytes.baseAddress else { return true }
            return memcmp(left, right, stored.count) == 0
        }
    }

    /// `integer` in decimal, right-aligned in `scratch`; returns the digits.
    static func format(_ integer: Int64, into scratch: UnsafeMutableRawBufferPointer) -> UnsafeRawBufferPointer {
        precondition(scratch.count >= integerScratchSize, "scratch buffer too small for an Int64")
        return Integer.format(integer, into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<integerScratchSize]))
    }
}
