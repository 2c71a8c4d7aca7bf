/// Redis's reverse-binary SCAN cursor (dictScan in dict.c), shared by every chained table over
/// power-of-two bucket arrays (`KeyTable`, `ByteDict`). The cursor counts with its bits
/// reversed, so a bucket visited in a small table covers exactly its children in a larger one:
/// every element present for the whole scan is returned at least once, across any number of
/// grows and shrinks between calls (elements may come back more than once).
enum ReverseBinaryCursor {
    /// One step over a table that is not rehashing: visits bucket `cursor & mask`, returns the
    /// next cursor (0 when the scan is complete).
    @inline(__always)
    static func step(_ cursor: UInt64, mask: Int, visit: (Int) -> Void) -> UInt64 {
        let m0 = UInt64(mask)
        visit(Int(cursor & m0))
        return advance(cursor, mask: m0)
    }

    /// One step over a table mid-rehash: the cursor's bucket in the smaller table, then every
    /// bucket of the larger table that it expands to.
    @inline(__always)
    static func step(_ cursor: UInt64, smallMask: Int, largeMask: Int,
                     visitSmall: (Int) -> Void, visitLarge: (Int) -> Void) -> UInt64 {
        let m0 = UInt64(smallMask), m1 = UInt64(largeMask)
        var v = cursor
        visitSmall(Int(v & m0))
        repeat {
            visitLarge(Int(v & m1))
            v = advance(v, mask: m1)
        } while v & (m0 ^ m1) != 0
        return v
    }

    /// Increments the bits under `mask` counting from the most significant one.
    @inline(__always)
    private static func advance(_ cursor: UInt64, mask: UInt64) -> UInt64 {
        reverseBits(reverseBits(cursor | ~mask) &+ 1)
    }

    @inline(__always)
    private static func reverseBits(_ value: UInt64) -> UInt64 {
        var v = value
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return v.byteSwapped
    }
}
