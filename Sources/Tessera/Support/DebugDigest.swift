/// The 20-byte value Redis's DEBUG DIGEST accumulates (debug.c), built from SHA1s by two rules:
/// `xorHash` (xorDigest) adds an element whose position does not matter, since xor commutes
/// (keys of a database, members of a set); `mix` (mixDigest) feeds the digest itself back
/// through SHA1, so order counts (list elements, a key before its value).
struct DebugDigest: Equatable {
    static let byteCount = 20

    /// The 20 bytes in SHA1's output order (8 + 8 + 4, no padding in `withUnsafeBytes(of:)`).
    private var words: (UInt64, UInt64, UInt32)

    static let zero = DebugDigest(words: (0, 0, 0))

    static func == (lhs: DebugDigest, rhs: DebugDigest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
    }

    /// Plain xor of two digests: how shards' shares of one database add up, since each share is
    /// already a xor of key digests' hashes.
    static func ^= (lhs: inout DebugDigest, rhs: DebugDigest) {
        lhs.words.0 ^= rhs.words.0
        lhs.words.1 ^= rhs.words.1
        lhs.words.2 ^= rhs.words.2
    }

    /// xorDigest: self ^= SHA1(bytes).
    mutating func xorHash(of bytes: UnsafeRawBufferPointer) {
        self ^= DebugDigest.sha1(bytes)
    }

    /// xorDigest(digest, element, 20): a finished element digest is added by its own SHA1.
    mutating func xorHash(of element: DebugDigest) {
        element.withUnsafeBytes { xorHash(of: $0) }
    }

    /// mixDigest: self = SHA1(self ^ SHA1(bytes)).
    mutating func mix(_ bytes: UnsafeRawBufferPointer) {
        xorHash(of: bytes)
        self = withUnsafeBytes { DebugDigest.sha1($0) }
    }

    /// mixDigest of a 32-bit number as Redis passes one (a type or database id): htonl'd,
    /// four bytes in network order.
    mutating func mixNetworkOrder(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.bigEndian) { mix($0) }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<DebugDigest.byteCount])) }
    }

    /// The 40 lowercase hex digits Redis replies with ("%02x" per byte), formatted on the stack.
    func withHexDigits<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(byteCount: 2 * DebugDigest.byteCount, alignment: 1) { text in
            withUnsafeBytes { bytes in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = DebugDigest.hexDigit(byte >> 4)
                    text[2 * index + 1] = DebugDigest.hexDigit(byte & 0x0F)
                }
            }
            return try body(UnsafeRawBufferPointer(text))
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ (nibble &- 10)
    }

    static func sha1(_ bytes: UnsafeRawBufferPointer) -> DebugDigest {
        var result = DebugDigest.zero
        Swift.withUnsafeMutableBytes(of: &result.words) { SHA1.hash(bytes, into: $0) }
        return result
    }
}
