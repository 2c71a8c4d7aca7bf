extension Listpack {
    /// lpValidateIntegrity (deep): whether a blob read from a file is a sound listpack, checked
    /// without trusting a single length in it. The header's total must equal the blob's size,
    /// the last byte must be the terminator, every entry must have a known encoding, fit inside
    /// the blob and end in a back-length that agrees with its size, and the header's count (when
    /// not "unknown") must equal the entries found.
    ///
    /// One check is stricter than Redis's: the entries must run exactly up to the final byte.
    /// Redis stops at the first 0xFF it meets, which would accept bytes after an early
    /// terminator that `last` (walking back from the end) would then read as entries.
    public static func validate(bytes: UnsafeRawBufferPointer) -> Bool {
        let size = bytes.count
        guard size >= headerSize + 1, let start = bytes.baseAddress else { return false }
        let declaredTotal = Int(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
        guard declaredTotal == size, bytes[size - 1] == terminator else { return false }
        var offset = headerSize
        var entries = 0
        while offset < size - 1 {
            guard let next = validatedEntryEnd(bytes, at: offset) else { return false }
            offset = next
            entries += 1
        }
        let declaredCount = Int(UInt16(littleEndian: start.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
        return declaredCount == unknownCount || declaredCount == entries
    }

    /// lpValidateNext: the offset just past the entry at `offset` (its back-length included), or
    /// nil if the entry is malformed or reaches the terminator's byte.
    private static func validatedEntryEnd(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        let lastEntryByte = bytes.count - 2
        let headerBytes = ListpackEntryLayout.headerSize(firstByte: bytes[offset])
        guard headerBytes > 0, offset + headerBytes - 1 <= lastEntryByte else { return nil }
        let entry = bytes.baseAddress! + offset
        let encodedSize = ListpackEntryLayout.size(at: entry)
        let storedSize = encodedSize + ListpackBacklen.size(of: encodedSize)
        guard offset + storedSize - 1 <= lastEntryByte else { return nil }
        let backlenEnd = entry + storedSize - 1
        guard ListpackBacklen.decode(endingAt: backlenEnd, lowerBound: entry) == encodedSize else { return nil }
        return offset + storedSize
    }
}
