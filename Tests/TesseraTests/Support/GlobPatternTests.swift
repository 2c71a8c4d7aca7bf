import Testing
@testable import Tessera

/// Redis's stringmatchlen, case by case. The expectations were taken from redis-server 7.0.15
/// (KEYS <pattern> against a database holding only <string>).
@Suite("Glob patterns")
struct GlobPatternTests {
    static let redisCases: [(pattern: String, string: String, matches: Bool)] = [
        ("h?llo", "hello", true),
        ("h?llo", "hllo", false),
        ("h?llo", "heello", false),
        ("h*llo", "hllo", true),
        ("h*llo", "heeeello", true),
        ("h*llo", "hello world", false),
        ("h[ae]llo", "hello", true),
        ("h[ae]llo", "hallo", true),
        ("h[ae]llo", "hillo", false),
        ("h[^e]llo", "hallo", true),
        ("h[^e]llo", "hello", false),
        ("h[^e]llo", "hllo", false),
        ("h[a-b]llo", "hallo", true),
        ("h[a-b]llo", "hbllo", true),
        ("h[a-b]llo", "hcllo", false),
        ("h[b-a]llo", "hallo", true),
        ("h\\*llo", "h*llo", true),
        ("h\\*llo", "hello", false),
        ("h\\?llo", "h?llo", true),
        ("h\\?llo", "hallo", false),
        ("h[\\]]llo", "h]llo", true),
        ("h[\\^]llo", "h^llo", true),
        ("h[\\-]llo", "h-llo", true),
        ("h[a\\-z]llo", "hbllo", false),
        ("\\\\", "\\", true),
        ("a\\", "a\\", true),
        ("a\\", "a", false),
        ("", "", true),
        ("", "a", false),
        ("*", "anything", true),
        ("**", "x", true),
        ("a*", "a", true),
        ("*a", "ba", true),
        ("*a*", "bab", true),
        ("[abc", "a", true),
        ("[abc", "b", true),
        ("a[", "a[", false),
        ("a[", "a", false),
        ("[^]", "x", true),
        ("[]", "x", false),
        ("[a-", "a", true),
        ("[a-", "-", true),
        ("[a-]", "-", false),
        ("*[", "x[", false),
        ("?", "", false),
        ("??", "a", false),
        ("a?", "a", false),
        ("a*b*c", "aXbYc", true),
        ("a*b*c", "aXbY", false),
        ("*abc*", "xxabcxx", true),
        ("[[]", "[", true),
        ("[]]", "]", false),
        ("h[A-Z]llo", "hello", false),
    ]

    func matches(_ pattern: String, _ string: String, ignoringCase: Bool = false) -> Bool {
        GlobPattern.matches(pattern: Array(pattern.utf8), Array(string.utf8), ignoringCase: ignoringCase)
    }

    @Test("Patterns match as on redis-server 7.0.15: ?, *, [set], [^set], [a-b], escapes, unclosed sets")
    func redisCompatibility() {
        for (pattern, string, expected) in Self.redisCases {
            #expect(matches(pattern, string) == expected, "pattern \(pattern) against \(string)")
        }
    }

    @Test("A lone star matches any non-empty string; an empty string only matches the empty pattern")
    func emptyStrings() {
        #expect(matches("*", "x"))
        #expect(!matches("*", ""))
        #expect(matches("", ""))
        #expect(!matches("?", ""))
    }

    @Test("Case folding applies to literals and ranges, but not to escaped set members")
    func ignoringCase() {
        #expect(matches("H[A-Z]LLO", "hello", ignoringCase: true))
        #expect(matches("h*O", "HELLO", ignoringCase: true))
        #expect(matches("[ab]", "B", ignoringCase: true))
        #expect(!matches("h[\\E]llo", "hello", ignoringCase: true))
        #expect(!matches("H[A-Z]LLO", "hello"))
    }

    @Test("A star finds a match far into a long string (no global call budget)")
    func longStrings() {
        let long = String(repeating: "a", count: 1500) + "x"
        #expect(matches("*x", long))
        #expect(matches("a*a*x", long))
        #expect(!matches("*y", long))
    }

    @Test("Nesting deeper than 1000 stars does not match, as Redis 7.0 limits it")
    func nestingLimit() {
        let subject = String(repeating: "a", count: 1200)
        #expect(matches(String(repeating: "*a", count: 1000), subject))
        #expect(!matches(String(repeating: "*a", count: 1001), subject))
    }

    @Test("Pathological patterns finish quickly (skipLongerMatches)")
    func pathological() {
        let subject = String(repeating: "a", count: 5000)
        let pattern = String(repeating: "*a", count: 30) + "*b"
        let start = Clock.monotonicMicroseconds()
        #expect(!matches(pattern, subject))
        #expect(Clock.monotonicMicroseconds() - start < 2_000_000)
    }
}
