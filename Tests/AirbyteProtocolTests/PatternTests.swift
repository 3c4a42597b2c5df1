import Testing
@testable import AirbyteProtocol

@Suite struct PatternTests {
    @Test(arguments: [
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", "2026-01-01T00:00:00Z", true),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", "2026-01-01", false),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", "2026-01-01T00:00:00Zx", false),
        ("^(urn:li:organization:)?[0-9]+$", "2414183", true),
        ("^(urn:li:organization:)?[0-9]+$", "urn:li:organization:2414183", true),
        ("^(urn:li:organization:)?[0-9]+$", "urn:li:organization:", false),
        ("^(urn:li:organization:)?[0-9]+$", "acme-corp", false),
        ("^[0-9]{6}$", "202608", true),
        ("^[0-9]{6}$", "2026081", false),
        ("^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2})?$", "2026-01-01", true),
        ("^(DAY|MONTH)$", "MONTH", true),
        ("^(DAY|MONTH)$", "WEEK", false),
        ("\\d{2,3}", "a12b", true),
        ("^[^a-z]+$", "ABC-1", true),
        ("^[^a-z]+$", "ABc", false),
        ("^a.c$", "abc", true),
        ("^\\w+@\\w+\\.com$", "me@host.com", true),
        ("^x*y{1,}$", "xxyy", true),
    ])
    func matchesLikeARegularExpression(_ pattern: String, _ text: String, _ expected: Bool) throws {
        let compiled = try #require(Pattern(pattern))
        #expect(compiled.matches(text) == expected)
    }

    @Test(arguments: ["(unclosed", "[abc", "a{2", "\\bword", "*start"])
    func unsupportedOrBrokenPatternsAreRejected(_ pattern: String) {
        #expect(Pattern(pattern) == nil)
    }

    @Test func aPathologicalPatternStillAnswers() {
        #expect(Pattern("^(a+)+$")!.matches(String(repeating: "a", count: 18) + "b") == false)
    }
}
