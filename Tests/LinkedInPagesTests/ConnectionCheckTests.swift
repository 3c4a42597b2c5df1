import AirbyteProtocol
import ConnectorTestSupport
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// The recorded LinkedIn, except for the paths given an answer of their own (the first fragment a path contains).
final class OverridingTransport: HTTPTransport {
    let replay: ReplayTransport
    let overrides: [(fragment: String, answer: HTTPResponse)]

    init(_ overrides: [(String, HTTPResponse)] = []) throws {
        replay = try ReplayTransport(directory: fixtureDirectory)
        self.overrides = overrides.map { (fragment: $0.0, answer: $0.1) }
    }

    var requests: [HTTPRequest] { replay.requests }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let recorded = replay.respond(to: request)
        let path = String(request.url.split(separator: "?")[0])
        return overrides.first { path.contains($0.fragment) }?.answer ?? recorded
    }
}

@Suite struct ConnectionCheckTests {
    static let forbidden = response(403, fixture: "error_403_not_admin.json")

    func check(_ linkedIn: OverridingTransport, organizations: [String] = ["2414183", "5509721"]) async throws
        -> (CheckResult, MemorySink)
    {
        let source = LinkedInPagesSource(
            transport: linkedIn, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries,
            sleep: { _ in })
        let sink = MemorySink()
        let config: JSON = [
            "credentials": ["access_token": "test-access-token"], "org_ids": .array(organizations.map { .string($0) }),
        ]
        return (try await source.check(config: config, sink: sink), sink)
    }

    @Test func everyFamilyIsProbedOnceWithFewRequests() async throws {
        let linkedIn = try OverridingTransport()
        let (result, sink) = try await check(linkedIn)
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(message.contains("Checked 2 page(s): 2414183, 5509721."))
        #expect(
            message.contains(
                "Works: organization lookup, follower statistics, share statistics, page statistics, posts, "
                    + "social actions, organization ACLs."))
        #expect(
            message.contains("Not checked: video analytics (the latest posts of the checked pages include no video)"))
        #expect(!message.contains("Will not sync"))
        #expect(linkedIn.requests.count == 4 * 2 + 3)  // lookup, 4 per page, comments of the first post, ACLs
        #expect(linkedIn.requests.contains { $0.url.hasSuffix("/organizations?ids=List(2414183,5509721)") })
        #expect(
            linkedIn.requests.contains {
                $0.url.hasSuffix("/socialActions/urn%3Ali%3AugcPost%3A7390000002414183000/comments?count=1")
            })
        #expect(message.hasSuffix("11 request(s)."))
        #expect(sink.logs.filter { $0.hasPrefix("check: ") }.count == PermissionFamily.all.count)
    }

    @Test func aTokenWithoutOrganizationSocialSucceedsAndNamesWhatWillNotSync() async throws {
        let linkedIn = try OverridingTransport([("/posts", Self.forbidden), ("/socialActions", Self.forbidden)])
        let (result, sink) = try await check(linkedIn)
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(message.contains("posts for organizations 2414183, 5509721 (needs the scope r_organization_social"))
        #expect(
            message.contains(
                "Will not sync: posts, post_statistics, post_social_metadata, post_comments, post_reactions, video_analytics, video_analytics_lifetime."
            ))
        #expect(message.contains("social actions (no post could be listed on the checked pages)"))
        #expect(message.contains("Works: organization lookup, follower statistics, share statistics, page statistics"))
        let warning = try #require(sink.logs.first { $0.hasPrefix("check: posts does not work") })
        #expect(
            warning.contains("HTTP 403")
                && warning.contains("ADMINISTRATOR, DIRECT_SPONSORED_CONTENT_POSTER, CONTENT_ADMIN"))
        #expect(
            warning.contains(
                "Will not sync there: posts, post_statistics, post_social_metadata, post_comments, post_reactions, video_analytics, video_analytics_lifetime."
            ))
    }

    @Test func everythingForbiddenFails() async throws {
        let linkedIn = try OverridingTransport([("/rest/", Self.forbidden)])
        let (result, _) = try await check(linkedIn)
        #expect(!result.succeeded)
        #expect(result.message?.contains("No page data can be read.") == true)
        #expect(result.message?.contains("rw_organization_admin") == true)
    }

    @Test func aRejectedTokenFailsAtOnce() async throws {
        let linkedIn = try OverridingTransport([("/rest/", response(401, fixture: "error_401_revoked.json"))])
        let (result, _) = try await check(linkedIn)
        #expect(!result.succeeded)
        #expect(result.message?.contains("rejected the access token") == true)
        #expect(linkedIn.requests.count == 1)
    }

    @Test func manyPagesAreSampledAndTheSampleIsNamed() async throws {
        let linkedIn = try OverridingTransport()
        let (result, _) = try await check(linkedIn, organizations: ["2414183", "5509721", "9900001", "1", "2"])
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(
            message.contains("Checked the first 3 of 5 pages (2414183, 5509721, 9900001); the others were not checked.")
        )
        #expect(message.contains("organization lookup for organization 9900001 (needs the scope rw_organization_admin"))
        #expect(message.contains("Will not sync for organization 9900001: organization_lookup, follower_statistics,"))
        #expect(linkedIn.requests.count <= 4 * ConnectionCheck.sampleSize + 4)
        #expect(!linkedIn.requests.contains { $0.url.contains("%3A1&") || $0.url.hasSuffix("%3A2") })
    }

    @Test func aVideoPostIsProbedForVideoAnalytics() async throws {
        let video = #"{"elements":[{"id":"urn:li:ugcPost:77","content":{"media":{"id":"urn:li:video:C4E"}}}]}"#
        let views = #"{"elements":[{"value":12,"type":"VIDEO_VIEW"}],"paging":{"count":10,"start":0}}"#
        let linkedIn = try OverridingTransport([
            ("/posts", response(200, video)), ("/videoAnalytics", response(200, views)),
            ("/socialActions", response(200, #"{"elements":[]}"#)),
        ])
        let (result, _) = try await check(linkedIn, organizations: ["2414183"])
        #expect(result.message?.contains("social actions, video analytics, organization ACLs.") == true)
        #expect(
            linkedIn.requests.contains {
                $0.url.hasSuffix("/videoAnalytics?q=entity&entity=urn%3Ali%3AugcPost%3A77&type=VIDEO_VIEW")
            })
    }

    @Test func aPinnedVersionThatIsSunsetFailsTheCheck() async throws {
        let linkedIn = try SunsettingLinkedIn(active: ["202610"])
        let source = LinkedInPagesSource(
            transport: linkedIn, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries,
            sleep: { _ in })
        let config: JSON = ["credentials": ["access_token": "t-1234"], "org_id": "2414183", "api_version": "202608"]
        let result = try await source.check(config: config, sink: MemorySink())
        #expect(!result.succeeded && result.message?.contains("api_version") == true)
    }

    @Test func everyStreamIsCoveredByTheFamilyTable() {
        let named = Set(PermissionFamily.all.flatMap(\.streams) + PermissionFamily.notProbed)
        #expect(named == Set(StreamRegistry.all.map(\.name)))
    }

    /// Through the entrypoint: an impossible start_date passes the spec's pattern, and is still an answer.
    @Test func aBadStartDateIsAFailedStatusWithExitZero() async throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString).json")
        try #"{"credentials":{"access_token":"t-1234"},"org_id":"2414183","start_date":"2026-13-01T00:00:00Z"}"#
            .write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let output = try CapturedOutput()
        let source = LinkedInPagesSource(transport: try OverridingTransport(), endpoints: testEndpoints)
        let code = await Entrypoint(source: source, outputDescriptor: output.descriptor)
            .run(["check", "--config", config.path])
        let lines = try output.text().split(separator: "\n").map { try JSON.parse(String($0)) }
        #expect(code == 0)
        #expect(lines.last?["connectionStatus"]?["status"] == "FAILED")
        #expect(lines.last?["connectionStatus"]?["message"]?.stringValue?.contains("start_date") == true)
    }
}
