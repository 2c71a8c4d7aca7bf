import RESP

/// Redis 7.0's xorObjectDigest (debug.c): one value's share of DEBUG DIGEST, and by itself the
/// answer of DEBUG DIGEST-VALUE. Values are read through each type's API as the client sees
/// them (integers in decimal), never through their storage, so the digest of a value does not
/// depend on its encoding: int, embstr or raw; listpack or hashtable; intset or hashtable;
/// listpack or skiplist.
enum ValueDigest {
    /// The digest of `entry`'s value alone (DEBUG DIGEST-VALUE).
    static func of(_ entry: Entry) -> DebugDigest {
        var digest = DebugDigest.zero
        mix(entry, into: &digest)
        return digest
    }

    /// Adds `entry`'s value to `digest`: its type, its contents, then whether it expires (only
    /// whether, not when, as in Redis).
    static func mix(_ entry: Entry, into digest: inout DebugDigest) {
        // The type's number is the same as Redis's OBJ_STRING ... OBJ_HASH (ValueType).
        digest.mixNetworkOrder(UInt32(entry.type.rawValue))
        switch entry.type {
        case .string: mixString(entry, into: &digest)
        case .list: mixList(ListValue(entry), into: &digest)
        case .set: xorSet(SetValue(entry), into: &digest)
        case .zset: xorSortedSet(SortedSetValue(entry), into: &digest)
        case .hash: xorFields(HashValue(entry), into: &digest)
        }
        if entry.hasExpiry { expiryMarker.withUTF8Buffer { digest.xorHash(of: UnsafeRawBufferPointer($0)) } }
    }

    private static let expiryMarker: StaticString = "!!expire!!"

    private static func mixString(_ entry: Entry, into digest: inout DebugDigest) {
        if entry.encoding == .int {
            Integer.withDigits(entry.intValue) { digest.mix($0) }
        } else {
            digest.mix(entry.stringBytes)
        }
    }

    /// Elements are mixed from head to tail: a list in another order digests differently.
    private static func mixList(_ list: ListValue, into digest: inout DebugDigest) {
        guard list.count > 0 else { return }
        list.forEach(in: 0...(list.count - 1)) { digest.mix($0) }
    }

    /// Members are xored straight in (no per-member digest, unlike hashes and sorted sets).
    private static func xorSet(_ set: SetValue, into digest: inout DebugDigest) {
        set.forEach { member in member.withBytes { digest.xorHash(of: $0) } }
    }

    /// Each member and its score are mixed into a digest of their own, which is then xored in.
    private static func xorSortedSet(_ set: SortedSetValue, into digest: inout DebugDigest) {
        set.forEach { member, score in
            var element = DebugDigest.zero
            element.mix(member)
            withScoreText(score) { element.mix($0) }
            digest.xorHash(of: element)
            return true
        }
    }

    /// Each field and its value are mixed into a digest of their own, which is then xored in.
    private static func xorFields(_ hash: HashValue, into digest: inout DebugDigest) {
        hash.forEach { field, value in
            var element = DebugDigest.zero
            element.mix(field)
            element.mix(value)
            digest.xorHash(of: element)
        }
    }

    /// A score as 7.0's digest prints it, whatever the encoding: snprintf "%.17g" (0.1 is
    /// "0.10000000000000001", 3 is "3", -0 is "-0"), glibc's "inf" and "-inf" for infinities.
    /// (7.2 switched to the shortest round-trip form; 7.0 did not.)
    static func withScoreText<R>(_ score: Double, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if score.isInfinite {
            let text: StaticString = score > 0 ? "inf" : "-inf"
            return text.withUTF8Buffer { body(UnsafeRawBufferPointer($0)) }
        }
        return withUnsafeTemporaryAllocation(byteCount: RESPDoubleFormatter.capacity, alignment: 1) { scratch in
            let length = RESPDoubleFormatter.formatFinite(score, into: scratch)
            return body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[0..<length]))
        }
    }
}
