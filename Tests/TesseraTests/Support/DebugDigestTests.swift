import Testing
@testable import Tessera

/// Redis's digest arithmetic (debug.c xorDigest / mixDigest) on its own: SHA1 itself against
/// FIPS 180-1's vectors, then the two ways of folding a SHA1 into a digest.
@Suite("DEBUG DIGEST arithmetic")
struct DebugDigestTests {
    func hex(_ digest: DebugDigest) -> String {
        digest.withHexDigits { String(decoding: $0, as: UTF8.self) }
    }

    func sha1(_ text: String) -> String {
        hex(Array(text.utf8).withUnsafeBytes { DebugDigest.sha1($0) })
    }

    func xorHash(_ digest: inout DebugDigest, _ text: String) {
        Array(text.utf8).withUnsafeBytes { digest.xorHash(of: $0) }
    }

    func mix(_ digest: inout DebugDigest, _ text: String) {
        Array(text.utf8).withUnsafeBytes { digest.mix($0) }
    }

    @Test("SHA1 gives FIPS 180-1's test vectors")
    func sha1Vectors() {
        #expect(sha1("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(sha1(String(repeating: "a", count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(sha1("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test("A zero digest prints as 40 zeros, in lowercase hex otherwise")
    func hexDigits() {
        #expect(hex(.zero) == String(repeating: "0", count: 40))
        var digest = DebugDigest.zero
        xorHash(&digest, "abc")
        #expect(hex(digest) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test("xorDigest adds elements in any order, and the same element twice cancels out")
    func xorIsUnordered() {
        var forwards = DebugDigest.zero, backwards = DebugDigest.zero
        for text in ["a", "b", "c"] { xorHash(&forwards, text) }
        for text in ["c", "b", "a"] { xorHash(&backwards, text) }
        #expect(forwards == backwards)
        xorHash(&forwards, "b")
        xorHash(&forwards, "b")
        #expect(forwards == backwards)
        xorHash(&forwards, "a")
        #expect(forwards != backwards)
    }

    @Test("mixDigest hashes the digest again, so order counts (values from Redis's formula)")
    func mixIsOrdered() {
        var digest = DebugDigest.zero
        mix(&digest, "abc")
        // SHA1(zero ^ SHA1("abc")) = SHA1(SHA1("abc")).
        #expect(hex(digest) == "0d3ced9bec10a777aec23ccc353a8c08a633045e")
        mix(&digest, "def")
        #expect(hex(digest) == "1692a11a304e2ada78a14f8dce317d8f11a289e9")
        var swapped = DebugDigest.zero
        mix(&swapped, "def")
        mix(&swapped, "abc")
        #expect(swapped != digest)
    }

    @Test("A finished element is added by its SHA1, not by itself")
    func elementIsHashed() {
        var element = DebugDigest.zero
        mix(&element, "abc")
        var digest = DebugDigest.zero
        digest.xorHash(of: element)
        let expected = element.withUnsafeBytes { DebugDigest.sha1($0) }
        #expect(digest == expected)
        var plain = DebugDigest.zero
        plain ^= element
        #expect(plain == element && plain != digest)
    }
}
