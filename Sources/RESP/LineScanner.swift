#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches over a readable region, done with `memchr` because request lines can be
/// up to 64 KB and are rescanned each time more bytes arrive.
enum LineScanner {
    /// First index of `byte` in `bytes[from..<to]`.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        guard to > from, let base = bytes.baseAddress else { return nil }
        let start = base + from
        guard let hit = memchr(start, Int32(byte), to - from) else { return nil }
        return from + start.distance(to: UnsafeRawPointer(hit))
    }

    /// Where Redis's `strchr(querybuf + pos, byte)` finds `byte`, looking at no more than
    /// `window` bytes. The query buffer is a C string to `strchr`, so a NUL before the
    /// terminator hides it: Redis then keeps waiting for a line end until the size limit
    /// trips, and so do we.
    @inline(__always)
    static func redisLineEnd(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int, window: Int) -> Int? {
        let available = bytes.count - from
        let end = available <= window ? bytes.count : from + window
        guard let index = firstIndex(of: byte, in: bytes, from: from, to: end) else { return nil }
        if firstIndex(of: 0, in: bytes, from: from, to: index) != nil { return nil }
        return index
    }
}
