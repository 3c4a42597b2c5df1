import Testing
@testable import AirbyteProtocol

@Suite struct JSONTests {
    @Test func integersSurviveRoundTripExactly() throws {
        let text = #"{"big":9007199254740993,"ms":1794960000000,"neg":-42,"zero":0}"#
        let value = try JSON.parse(text)
        #expect(value["big"] == .int(9_007_199_254_740_993))
        #expect(value.serialized == text)
    }

    @Test func keysKeepTheirOrder() throws {
        #expect(try JSON.parse(#"{"z":1,"a":2,"m":3}"#).serialized == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func escapesAndUnicodeRoundTrip() throws {
        let value = try JSON.parse(#"{"s":"line\nbreak \"quoted\" \\ tab\t \u00e9 \ud83d\ude00 \u0001"}"#)
        #expect(value["s"] == .string("line\nbreak \"quoted\" \\ tab\t é 😀 \u{01}"))
        #expect(try JSON.parse(value.serialized) == value)
        #expect(value.serialized.contains(#"\u0001"#))
    }

    @Test func doublesStayDoubles() throws {
        let value = try JSON.parse(#"[0.0123,1e-05,12.5,-0.5]"#)
        #expect(value == .array([.double(0.0123), .double(1e-05), .double(12.5), .double(-0.5)]))
        #expect(JSON.double(.infinity).serialized == "null")
    }

    @Test(arguments: [
        "", "{", "[1,", #"{"a" 1}"#, "tru", "01x", "\"unterminated", "[1]]", "{\"a\":1,}", "-", "1.", "\"\\x\"",
        "\"\u{01}\"", "nul",
    ])
    func invalidInputThrowsInsteadOfCrashing(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func deepNestingIsRejectedNotAStackOverflow() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func objectEqualityIgnoresOrder() throws {
        #expect(try JSON.parse(#"{"a":1,"b":2}"#) == JSON.parse(#"{"b":2,"a":1}"#))
    }
}
