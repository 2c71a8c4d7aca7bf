/// A BY or GET pattern, read as Redis's lookupKeyByPattern reads it: `#` is the element itself;
/// otherwise the first `*` is replaced by the element to name a key, whose string value is
/// the result, or with `->field` after the `*`, that field of the hash at the key. Missing keys,
/// keys of another type and patterns without `*` give nothing. Like the C code, the `#`, `*`
/// and `->` searches stop at a NUL byte, while the field and the key's tail run to the end.
struct SortPattern {
    let bytes: UnsafeRawBufferPointer
    /// The pattern is `#`.
    let isElement: Bool
    /// Where the first `*` is; nil when the pattern names no key.
    let star: Int?
    /// The end of the key's text after the `*` (where `->` begins, or the end).
    let keyEnd: Int
    /// The hash field after `->`, when there is one.
    let field: Range<Int>?

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        let textEnd = bytes.firstIndex(of: 0) ?? bytes.count
        isElement = textEnd == 1 && bytes[0] == UInt8(ascii: "#")
        let star = bytes[0..<textEnd].firstIndex(of: UInt8(ascii: "*"))
        self.star = star
        // `->` at the very end names no field: the arrow is then part of the key.
        if let star, let arrow = SortPattern.firstArrow(in: bytes, from: star + 1, to: textEnd), arrow + 2 < textEnd {
            keyEnd = arrow
            field = (arrow + 2)..<bytes.count
        } else {
            keyEnd = bytes.count
            field = nil
        }
    }

    /// strstr(p, "->") within `start..<end`.
    private static func firstArrow(in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        var index = start
        while index + 1 < end {
            if bytes[index] == UInt8(ascii: "-") && bytes[index + 1] == UInt8(ascii: ">") { return index }
            index += 1
        }
        return nil
    }

    /// Whether looking the pattern up reads a key.
    var namesKeys: Bool { !isElement && star != nil }

    /// A key in the slot of every key the pattern names, when the key text before the `*` holds
    /// a whole non-empty `{tag}` (whatever the element, the key's first `{` and the `}` after it
    /// are there); nil when the slot depends on the element.
    var fixedSlotKey: UnsafeRawBufferPointer? {
        guard let star, let open = bytes[0..<star].firstIndex(of: UInt8(ascii: "{")),
              let close = bytes[(open + 1)..<star].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[0...close])
    }

    /// Calls `body` with what the pattern yields for `element` (bytes valid only inside
    /// `body`), or nil. Reads keys as lookupKeyRead does (lazy expiry, hit/miss counts).
    func withValue<R>(for element: UnsafeRawBufferPointer, in keyspace: KeyspaceView,
                      _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        if isElement { return body(element) }
        guard let star else { return body(nil) }
        let prefix = UnsafeRawBufferPointer(rebasing: bytes[0..<star])
        let suffix = UnsafeRawBufferPointer(rebasing: bytes[(star + 1)..<keyEnd])
        let length = prefix.count + element.count + suffix.count
        return withUnsafeTemporaryAllocation(byteCount: max(length, 1), alignment: 1) { buffer in
            var cursor = buffer.baseAddress!
            func append(_ part: UnsafeRawBufferPointer) {
                guard part.count > 0 else { return }
                cursor.copyMemory(from: part.baseAddress!, byteCount: part.count)
                cursor += part.count
            }
            append(prefix)
            append(element)
            append(suffix)
            let key = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: length)
            guard let entry = keyspace.lookupRead(key) else { return body(nil) }
            if let field {
                guard entry.type == .hash else { return body(nil) }
                return HashValue(entry).withValue(of: UnsafeRawBufferPointer(rebasing: bytes[field]), body)
            }
            guard entry.type == .string else { return body(nil) }
            return StringCommands.withBytes(of: entry) { body($0) }
        }
    }
}
