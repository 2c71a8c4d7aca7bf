/// Redis 2.x's zipmap (src/zipmap.c), which RDB files of that age hold for small hashes. The
/// loader only walks it once, validating as zipmapValidateIntegrity does.
///
/// Layout: a count byte (254 or more = unknown), then pairs of (length, key, length, free
/// byte, value, `free` unused bytes), then 0xFF. A length is one byte below 254, or 254 and a
/// u32 LE.
enum Zipmap {
    static let bigLength: UInt8 = 254
    static let end: UInt8 = 0xFF

    /// Calls `body` with each field and value after checking the whole blob; false (and no call)
    /// when the blob is not a sound zipmap.
    static func forEachPair(_ blob: UnsafeRawBufferPointer,
                            _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) -> Bool {
        guard walk(blob, { _, _ in }) else { return false }
        return walk(blob, body)
    }

    private static func walk(_ blob: UnsafeRawBufferPointer,
                             _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void) -> Bool {
        guard blob.count >= 2 else { return false }
        let declared = Int(blob[0])
        var offset = 1
        var count = 0
        func length() -> Int? {
            guard offset < blob.count else { return nil }
            let first = blob[offset]
            if first < bigLength { offset += 1; return Int(first) }
            guard first == bigLength, offset + 5 <= blob.count else { return nil }
            defer { offset += 5 }
            return Int(UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
        }
        func bytes(_ count: Int) -> UnsafeRawBufferPointer? {
            guard offset + count < blob.count else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: blob[offset..<offset + count])
        }
        while offset < blob.count && blob[offset] != end {
            guard let keyLength = length(), let key = bytes(keyLength), let valueLength = length(),
                  let free = bytes(1), let value = bytes(valueLength), bytes(Int(free[0])) != nil else { return false }
            body(key, value)
            count += 1
        }
        guard offset == blob.count - 1 else { return false }
        return declared >= Int(bigLength) || declared == count
    }
}
