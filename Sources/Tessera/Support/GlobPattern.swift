/// Redis's stringmatchlen: glob matching with `*`, `?`, `[...]` (ranges, `^` negation) and `\`
/// escapes, used by KEYS, SCAN MATCH and CONFIG GET.
public enum GlobPattern {
    public static func matches(pattern: [UInt8], _ string: [UInt8], ignoringCase: Bool = false) -> Bool {
        pattern.withUnsafeBytes { p in string.withUnsafeBytes { s in matches(pattern: p, s, ignoringCase: ignoringCase) } }
    }

    public static func matches(pattern: UnsafeRawBufferPointer, _ string: UnsafeRawBufferPointer,
                               ignoringCase: Bool = false) -> Bool {
        var skipLongerMatches = false
        return match(pattern, 0, string, 0, ignoringCase, &skipLongerMatches, nesting: 0)
    }

    private static func fold(_ byte: UInt8, _ ignoringCase: Bool) -> UInt8 {
        ignoringCase ? Bytes.lower(byte) : byte
    }

    /// Mirrors Redis 7.0's stringmatchlen_impl: recursion only for `*`, at most 1000 levels deep
    /// (deeper patterns do not match), and once the rest of the pattern after a `*` has failed at
    /// every position, no earlier `*` retries longer matches (`skipLongerMatches`), which keeps
    /// the work polynomial for patterns like `*a*a*a*...b`.
    private static func match(_ p: UnsafeRawBufferPointer, _ pStart: Int, _ s: UnsafeRawBufferPointer, _ sStart: Int,
                              _ nocase: Bool, _ skipLongerMatches: inout Bool, nesting: Int) -> Bool {
        if nesting > 1000 { return false }
        var pi = pStart, si = sStart
        while pi < p.count && si < s.count {
            switch p[pi] {
            case UInt8(ascii: "*"):
                while pi + 1 < p.count && p[pi + 1] == UInt8(ascii: "*") { pi += 1 }
                if pi + 1 == p.count { return true }
                while si < s.count {
                    if match(p, pi + 1, s, si, nocase, &skipLongerMatches, nesting: nesting + 1) { return true }
                    if skipLongerMatches { return false }
                    si += 1
                }
                skipLongerMatches = true
                return false
            case UInt8(ascii: "?"):
                si += 1
            case UInt8(ascii: "["):
                pi += 1
                let negate = pi < p.count && p[pi] == UInt8(ascii: "^")
                if negate { pi += 1 }
                var matched = false
                while true {
                    if pi < p.count && p[pi] == UInt8(ascii: "\\") && p.count - pi >= 2 {
                        pi += 1
                        if p[pi] == s[si] { matched = true }
                    } else if pi < p.count && p[pi] == UInt8(ascii: "]") {
                        break
                    } else if pi >= p.count {
                        pi -= 1
                        break
                    } else if p.count - pi >= 3 && p[pi + 1] == UInt8(ascii: "-") {
                        var start = fold(p[pi], nocase), end = fold(p[pi + 2], nocase)
                        let c = fold(s[si], nocase)
                        if start > end { swap(&start, &end) }
                        pi += 2
                        if c >= start && c <= end { matched = true }
                    } else if fold(p[pi], nocase) == fold(s[si], nocase) {
                        matched = true
                    }
                    pi += 1
                }
                if negate { matched.toggle() }
                if !matched { return false }
                si += 1
            case UInt8(ascii: "\\") where pi + 1 < p.count:
                pi += 1
                if fold(p[pi], nocase) != fold(s[si], nocase) { return false }
                si += 1
            default:
                if fold(p[pi], nocase) != fold(s[si], nocase) { return false }
                si += 1
            }
            pi += 1
            if si == s.count {
                while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
                break
            }
        }
        return pi == p.count && si == s.count
    }
}
