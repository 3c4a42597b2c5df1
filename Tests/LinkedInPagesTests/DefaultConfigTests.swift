import AirbyteProtocol
import ConnectorTestSupport
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// A first run with the fewest settings: credentials and `org_id`, every stream selected.
@Suite struct DefaultConfigTests {
    static let minimal: JSON = ["credentials": ["access_token": "test-access-token"], "org_id": "2414183"]

    func read(_ config: JSON) async throws -> (MemorySink, [ConnectorError]) {
        let source = LinkedInPagesSource(
            transport: try ReplayTransport(directory: fixtureDirectory), endpoints: testEndpoints,
            clock: { recordedAt }, retry: instantRetries, sleep: { _ in })
        let sink = MemorySink()
        let catalog = ConfiguredCatalog(
            streams: StreamRegistry.all.map { .init(name: $0.name, syncMode: .incremental) })
        let failures = try await source.read(config: config, catalog: catalog, state: InputState(), sink: sink)
        return (sink, failures)
    }

    func controlConfigs(_ sink: MemorySink) -> [JSON] {
        sink.messages.compactMap {
            if case let .control(config, _) = $0 { return config }
            return nil
        }
    }

    func memberHashes(_ sink: MemorySink) -> [String] {
        sink.records(of: "post_reactions").compactMap { $0["created"]?["actor"]?.stringValue }
    }

    @Test func minimalConfigSyncsEveryStreamAndStoresAGeneratedSalt() async throws {
        let (first, failures) = try await read(Self.minimal)
        #expect(failures.isEmpty)
        for stream in StreamRegistry.all.map(\.name) {
            #expect(first.statuses(of: stream).last == .complete, "\(stream)")
        }
        let stored = try #require(controlConfigs(first).last)
        let salt = try #require(stored["member_hash_salt"]?.stringValue)
        #expect(salt.count == 64 && salt.allSatisfy(\.isHexDigit))
        #expect(stored["org_id"] == "2414183" && stored["credentials"] == Self.minimal["credentials"])
        #expect(first.masker.mask("salt \(salt)") == "salt ****")
        #expect(first.logs.contains { $0.contains("generated") && $0.contains("PyAirbyte") })
        #expect(!first.logs.joined().contains(salt))
        let hashes = memberHashes(first)
        #expect(!hashes.isEmpty && hashes.allSatisfy { $0.hasPrefix("sha256:") })

        // The next sync with the config the platform stored hashes every member the same and needs no new salt.
        let (second, again) = try await read(stored)
        #expect(again.isEmpty)
        #expect(controlConfigs(second).isEmpty)
        #expect(memberHashes(second) == hashes)
    }

    @Test func withoutTheStoredConfigHashesDiffer() async throws {
        let (first, _) = try await read(Self.minimal)
        let (second, _) = try await read(Self.minimal)
        #expect(memberHashes(first) != memberHashes(second))
    }

    @Test func generatedSaltsAreLongAndDistinct() {
        let salts = (0..<20).map { _ in MemberHashSalt.random() }
        #expect(Set(salts).count == 20)
        #expect(salts.allSatisfy { $0.count == 64 })
    }

    @Test func aLaterConfigUpdateKeepsTheGeneratedSalt() throws {
        let config = try PagesConfig(json: [
            "credentials": ["client_id": "id-1", "client_secret": "secret-1", "refresh_token": "refresh-1"],
            "org_id": "1",
        ])
        let sink = MemorySink()
        let policy = try config.resolvedMemberDataPolicy(sink: sink) { "generated-salt" }
        #expect(policy == .hash(salt: "generated-salt"))
        // Asked again in the same run: the same salt, no second CONTROL.
        #expect(try config.resolvedMemberDataPolicy(sink: sink) { "other" } == .hash(salt: "generated-salt"))
        config.updates.apply(sink: sink) { PagesConfig.settingRefreshToken("refresh-2", in: $0) }
        let configs = controlConfigs(sink)
        #expect(configs.count == 2)
        #expect(configs.last?["member_hash_salt"] == "generated-salt")
        #expect(configs.last?["credentials"]?["refresh_token"] == "refresh-2")
    }

    @Test func aConfiguredSaltOrAnotherPolicyGeneratesNothing() throws {
        for extra: (String, JSON) in [("member_hash_salt", "pepper"), ("member_data", "drop"), ("member_data", "keep")]
        {
            var object: JSONObject = ["credentials": ["access_token": "t-123"], extra.0: extra.1]
            object["org_id"] = "1"
            let sink = MemorySink()
            _ = try PagesConfig(json: .object(object)).resolvedMemberDataPolicy(sink: sink)
            #expect(sink.messages.isEmpty, "\(extra.0)")
        }
    }

    /// What reaches stdout: the salt is masked in every line but the CONTROL that stores it.
    @Test func theSaltIsMaskedOnStdoutExceptInTheControlMessage() throws {
        let output = try CapturedOutput()
        let writer = OutputWriter(descriptor: output.descriptor, masker: SecretMasker())
        let config = try PagesConfig(json: Self.minimal)
        guard case .hash(let salt) = try config.resolvedMemberDataPolicy(sink: writer) else {
            Issue.record("expected hashing")
            return
        }
        writer.log(.info, "echo \(salt)")
        writer.emit(.error(.system("failed near \(salt)"), emittedAt: 0))
        writer.flush()
        let lines = try output.text().split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(salt) }.map { $0.hasPrefix(#"{"type":"CONTROL""#) } == [true])
        #expect(lines.filter { $0.contains("****") }.count == 2)
    }
}
