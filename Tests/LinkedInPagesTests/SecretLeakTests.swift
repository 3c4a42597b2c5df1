import AirbyteProtocol
import ConnectorTestSupport
import Foundation
import Testing
@testable import LinkedInPages

/// Secrets with characters JSON and URLs escape, quoted back by LinkedIn in its error text, never reach any output
/// byte in any form; nor does a member id LinkedIn's text names. Checked on the bytes the process writes, through
/// the same entrypoint the executable runs.
@Suite struct SecretLeakTests {
    /// Each has `"`, `\`, `/` and non-ASCII, and is long enough that any 8 characters of it are telling.
    static let accessToken = #"AQX"tok\en/ümlaut-9f3Kq"#
    static let clientID = #"cl"ient\id/é-77aa"#
    static let clientSecret = #"WPL_AP1."sec\ret/ß-Zx81"#
    static let refreshToken = #"AQW"ref\resh/ñ-Lo42"#
    static let salt = #"pep"per\salt/ø-q01"#
    static let memberID = "98765ABCxyz"

    /// Every form a secret could be written in by a server, an escaper or a URL, made here independently of the
    /// connector's own list: raw, JSON-escaped by Foundation (which writes `\/`), escaped twice, `\u`-escaped
    /// non-ASCII, and percent-encoded.
    static func forms(of secret: String) throws -> [String] {
        func jsonEscaped(_ text: String) throws -> String {
            let data = try JSONEncoder().encode([text])
            return String(String(decoding: data, as: UTF8.self).dropFirst(2).dropLast(2))
        }
        let escaped = try jsonEscaped(secret)
        let unicodeEscaped = secret.unicodeScalars.map { scalar -> String in
            scalar.isASCII ? String(scalar) : String(format: "\\u%04x", scalar.value)
        }.joined()
        return [
            secret, escaped, escaped.replacingOccurrences(of: "\\/", with: "/"), try jsonEscaped(escaped),
            try jsonEscaped(unicodeEscaped), secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
        ]
    }

    /// LinkedIn's error text quoting everything the request carried, in the forms a server would.
    static func quoting(_ secrets: [String]) throws -> String {
        let said = try secrets.map { secret in
            let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let nested = String(decoding: try JSONEncoder().encode(["Authorization": "Bearer " + secret]), as: UTF8.self)
            return "got \(secret) in url ?oauth2_access_token=\(percent) and headers \(nested)"
        }.joined(separator: "; ")
        let body: [String: Any] = [
            "status": 401, "serviceErrorCode": 65601, "code": "REVOKED_ACCESS_TOKEN",
            "message": "Member urn:li:member:\(memberID) (urn%3Ali%3Amember%3A\(memberID)) rejected: \(said)",
            "error": "invalid_client", "error_description": "Client authentication failed: \(said)",
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    func run(config: JSON, answer: HTTPResponse) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString).json")
        try config.serialized.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let catalog = FileManager.default.temporaryDirectory.appendingPathComponent("cat-\(UUID().uuidString).json")
        try #"{"streams":[{"stream":{"name":"total_follower_count","json_schema":{},"supported_sync_modes":["full_refresh"]},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}"#
            .write(to: catalog, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: catalog) }
        let output = try CapturedOutput()
        let source = LinkedInPagesSource(
            transport: ScriptedTransport(responses: [answer]), endpoints: testEndpoints, clock: { recordedAt },
            retry: instantRetries, sleep: { _ in })
        let entrypoint = Entrypoint(source: source, outputDescriptor: output.descriptor)
        var text = ""
        for command in [["check"], ["read", "--catalog", catalog.path]] {
            let code = await entrypoint.run(command.prefix(1) + ["--config", file.path] + command.dropFirst())
            text += try output.text()
            #expect(code <= 1, "a protocol answer, not a crash")
        }
        return text
    }

    func expectNoLeak(_ output: String, of secrets: [String]) throws {
        #expect(output.contains("****"), "the quoted secrets were there to mask")
        for secret in secrets {
            for form in try Self.forms(of: secret) {
                #expect(!output.contains(form), "a form of a secret leaked: \(form.count) characters")
            }
            let characters = Array(secret)
            for start in 0...(characters.count - 8) {
                let piece = String(characters[start..<start + 8])
                #expect(!output.contains(piece), "8 characters of a secret leaked")
            }
        }
        #expect(!output.contains(Self.memberID), "a member id from LinkedIn's text leaked")
    }

    @Test func anAccessTokenAndSaltQuotedInA401NeverLeak() async throws {
        let config: JSON = [
            "credentials": ["auth_method": "access_token", "access_token": .string(Self.accessToken)],
            "org_id": "2414183", "member_data": "hash", "member_hash_salt": .string(Self.salt),
        ]
        let answer = response(401, try Self.quoting([Self.accessToken, Self.salt]))
        let output = try await run(config: config, answer: answer)
        #expect(output.contains("\"TRACE\""), "the failure was reported")
        try expectNoLeak(output, of: [Self.accessToken, Self.salt])
    }

    @Test func oauthSecretsQuotedByTheTokenEndpointNeverLeak() async throws {
        let config: JSON = [
            "credentials": [
                "auth_method": "oAuth2.0", "client_id": .string(Self.clientID),
                "client_secret": .string(Self.clientSecret), "refresh_token": .string(Self.refreshToken),
            ],
            "org_id": "2414183",
        ]
        let answer = response(400, try Self.quoting([Self.clientID, Self.clientSecret, Self.refreshToken]))
        let output = try await run(config: config, answer: answer)
        try expectNoLeak(output, of: [Self.clientID, Self.clientSecret, Self.refreshToken])
    }

    @Test func memberURNsInEveryFormAreRedactedFromLogLines() throws {
        let masker = SecretMasker(redactingAfter: MemberURNs.prefixes)
        let output = try CapturedOutput()
        let writer = OutputWriter(descriptor: output.descriptor, masker: masker)
        writer.emit(.log(.warn, "urn:li:person:Ab_c-1 URN%3Ali%3Amember%3A42 urn%253Ali%253Aperson%253AXy9 done"))
        writer.emit(.record(stream: "s", data: ["actor": "urn:li:person:Ab_c-1"], emittedAt: 1))
        writer.flush()
        let lines = try output.text().split(separator: "\n").map(String.init)
        #expect(lines[0] == #"{"type":"LOG","log":{"level":"WARN","message":"urn:li:person:**** URN%3Ali%3Amember%3A** urn%253Ali%253Aperson%253A*** done"}}"#)
        #expect(lines[1].contains("urn:li:person:Ab_c-1"), "records follow member_data, not the log rule")
    }

    @Test func errorTextCutShortNeverKeepsHalfAToken() {
        let text = String(repeating: "x ", count: 140) + "token=" + String(repeating: "Q", count: 60) + " end"
        let short = LinkedInErrorBody.shortened(text)
        #expect(!short.contains("Q"), "the cut word goes whole")
        #expect(short.count <= 302)
    }
}
