import ConnectorTestSupport
import Testing

@testable import AirbyteProtocol

/// What the parser's and the writer's memory savings must never change: values, key order, duplicates, escapes,
/// masking, and whole lines out.
@Suite struct LargeDocumentTests {
    @Test func objectsSharingKeysStayIndependentWhenOneChanges() throws {
        let parsed = try JSON.parse(#"[{"organicFollowerCount":1,"b":2},{"organicFollowerCount":3,"b":4}]"#)
        var first = try #require(parsed.arrayValue?[0].objectValue)
        first["added"] = 5
        first["b"] = nil
        #expect(JSON.object(first).serialized == #"{"organicFollowerCount":1,"added":5}"#)
        #expect(parsed.serialized == #"[{"organicFollowerCount":1,"b":2},{"organicFollowerCount":3,"b":4}]"#)
    }

    @Test func aDuplicateKeyKeepsItsFirstPlaceAndTheLastValue() throws {
        #expect(try JSON.parse(#"{"a":1,"b":2,"a":3}"#).serialized == #"{"a":3,"b":2}"#)
        // Past 32 keys the parser looks duplicates up in a dictionary; the answer must be the same.
        let keys = (0..<40).map { #""key-number-\#($0)-of-forty":\#($0)"# }
        let text = "{" + keys.joined(separator: ",") + #","key-number-7-of-forty":"late"}"#
        let object = try #require(JSON.parse(text).objectValue)
        #expect(object.count == 40)
        #expect(object.keys[7] == "key-number-7-of-forty")
        #expect(object["key-number-7-of-forty"] == "late")
    }

    @Test func integersAtTheEdgesOfInt64() throws {
        let value = try JSON.parse("[9223372036854775807,-9223372036854775808,9223372036854775808,-0,007]")
        #expect(
            value
                == .array([
                    .int(.max), .int(.min), .double(9_223_372_036_854_775_808), .int(0), .int(7),
                ]))
    }

    @Test func internedStringsAreTheSameStringsWithOrWithoutEscapes() throws {
        let long = "a string of more than fifteen bytes"
        let value = try JSON.parse(#"["\#(long)","\#(long)","a string of more than fifteen byte\u0073","é\#(long)"]"#)
        #expect(value == .array([.string(long), .string(long), .string(long), .string("é" + long)]))
        // Invalid UTF-8 is repaired the same way every time, interned or not.
        let invalid = Array(#""bad "#.utf8) + [0xFF] + Array(#" bytes in a long string""#.utf8)
        let bytes = [UInt8(ascii: "[")] + invalid + [UInt8(ascii: ",")] + invalid + [UInt8(ascii: "]")]
        let repaired = try JSON.parse(bytes).arrayValue ?? []
        #expect(repaired.count == 2 && repaired[0] == repaired[1])
    }

    @Test func aLargeDocumentRoundTrips() throws {
        let entries = (0..<5_000).map {
            #"{"industry":"urn:li:industry:\#($0)","followerCounts":{"organicFollowerCount":\#($0 * 7),"#
                + #""paidFollowerCount":0}}"#
        }
        let text = #"{"elements":[{"followerCountsByIndustry":["# + entries.joined(separator: ",") + "]}]}"
        #expect(try JSON.parse(text).serialized == text)
    }

    @Test func maskingInPlaceHandlesSecretsAtTheEdgesAndBackToBack() {
        let masker = SecretMasker(secrets: ["secret", "longer-secret"])
        #expect(masker.mask("secret") == "****")
        #expect(masker.mask("secretsecret x longer-secret") == "******** x ****")
        #expect(masker.mask("x secre") == "x secre")
        var bytes = Array("secret|secret".utf8)
        masker.mask(&bytes, from: 3)
        #expect(String(decoding: bytes, as: UTF8.self) == "secret|****")
    }

    @Test func aLineLargerThanTheBufferIsWrittenWholeAndMasked() throws {
        let output = try CapturedOutput()
        let writer = OutputWriter(
            descriptor: output.descriptor, masker: SecretMasker(secrets: ["tok-1234"]), flushThreshold: 1_024)
        let big = JSONObject((0..<10_000).map { ("field\($0)", JSON.string("value tok-1234 \($0)")) })
        writer.emit([.record(stream: "s", data: big, emittedAt: 1), .log(.info, "after tok-1234")])
        writer.flush()
        let lines = try output.text().split(separator: "\n")
        #expect(lines.count == 2)
        #expect(try JSON.parse(String(lines[0]))["record"]?["data"]?["field9999"] == "value **** 9999")
        #expect(lines[1] == #"{"type":"LOG","log":{"level":"INFO","message":"after ****"}}"#)
    }

    @Test func aBatchPastTheThresholdIsWrittenAsItGoes() throws {
        let output = try CapturedOutput()
        let writer = OutputWriter(descriptor: output.descriptor, masker: SecretMasker(), flushThreshold: 1_024)
        writer.emit((0..<100).map { .record(stream: "s", data: ["n": .int(Int64($0))], emittedAt: 1) })
        let text = try output.text()
        let written = text.split(separator: "\n")
        #expect(!written.isEmpty && written.count < 100 && text.hasSuffix("\n"))  // whole lines; the rest waits
        writer.flush()
        #expect(try output.text().split(separator: "\n").count == 100)
    }
}
