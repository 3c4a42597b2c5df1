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

    @Test func everyFamilyIsProbedOnceWithTheRequestsItsStreamsSend() async throws {
        let linkedIn = try OverridingTransport()
        let (result, sink) = try await check(linkedIn)
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(message.contains("Checked 2 page(s): 2414183, 5509721."))
        #expect(
            message.contains(
                "Works: organization lookup, follower statistics, share statistics, follower count, organization ACLs, "
                    + "posts, comments, reactions and counts, video analytics, page statistics, notifications, "
                    + "industry names."))
        #expect(message.contains("Not checked: organization search (no page to compare is given by id"))
        #expect(!message.contains("Will not sync"))
        #expect(message.contains("Will sync: organization_lookup, follower_statistics,"))
        // lookup; follower, share, page statistics, follower count, posts and notifications per page; ACLs, counts,
        // video, industry; and the list of administered pages, once, which tells whether a bare id is a showcase page.
        let sent = linkedIn.requests.count
        #expect(sent == 18)
        #expect(message.hasSuffix("18 request(s)."))
        let urls = linkedIn.requests.map(\.url)
        #expect(urls.filter { $0.contains("/organizationAcls?q=roleAssignee&role=ADMINISTRATOR") }.count == 1)
        #expect(urls.contains { $0.hasSuffix("/organizations?ids=List(2414183,5509721)") })
        // Each family's request is its stream's own, one item where the stream pages.
        #expect(
            urls.contains {
                $0.hasSuffix(
                    "/posts?q=author&author=urn%3Ali%3Aorganization%3A2414183&sortBy=LAST_MODIFIED&start=0&count=1")
            })
        #expect(urls.contains { $0.contains("/socialMetadata?ids=List(") })
        #expect(urls.contains { $0.contains("/videoAnalytics?") && $0.contains("aggregation=ALL&type=VIDEO_VIEW") })
        #expect(
            urls.contains {
                $0.hasSuffix(
                    "/industryTaxonomyVersions/DEFAULT/industries?ids=List(4)&locale=(language:en,country:US)")
            })
        #expect(sink.logs.filter { $0.hasPrefix("check: ") }.count == PermissionFamily.all().count)
    }

    @Test func aTokenWithoutOrganizationSocialSucceedsAndNamesWhatWillNotSync() async throws {
        let linkedIn = try OverridingTransport([("/posts", Self.forbidden), ("/socialMetadata", Self.forbidden)])
        let (result, sink) = try await check(linkedIn)
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(message.contains("posts for organizations 2414183, 5509721 (needs the scope r_organization_social"))
        #expect(
            message.contains(
                "Will not sync: posts, post_statistics, post_social_metadata, post_comments, post_reactions, "
                    + "video_analytics, video_analytics_lifetime."))
        #expect(message.contains("comments, reactions and counts (no posts record could be listed"))
        #expect(message.contains("Works: organization lookup, follower statistics, share statistics, follower count"))
        let warning = try #require(sink.logs.first { $0.hasPrefix("check: posts does not work") })
        #expect(
            warning.contains("HTTP 403")
                && warning.contains("ADMINISTRATOR, DIRECT_SPONSORED_CONTENT_POSTER, CONTENT_ADMINISTRATOR"))
        #expect(
            warning.contains(
                "Will not sync there: posts, post_statistics, post_social_metadata, post_comments, post_reactions, "
                    + "video_analytics, video_analytics_lifetime."))
    }

    /// LinkedIn's 2026 engagement pages list r_organization_social_feed: a token without it reads everything else.
    @Test func aTokenWithoutTheFeedScopeNamesItAndTheStreamsItBlocks() async throws {
        let linkedIn = try OverridingTransport([
            ("/socialMetadata", Self.forbidden), ("/socialActions", Self.forbidden), ("/reactions", Self.forbidden),
        ])
        let (result, sink) = try await check(linkedIn)
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(message.contains("comments, reactions and counts for organization"))
        #expect(message.contains("needs the scope r_organization_social_feed (or r_organization_social)"))
        #expect(
            message.contains(
                "Will not sync for organization 2414183: post_social_metadata, post_comments, post_reactions."))
        #expect(message.contains("Will sync: organization_lookup,") && message.contains("posts, post_statistics,"))
        let warning = try #require(sink.logs.first { $0.hasPrefix("check: comments, reactions and counts") })
        #expect(warning.contains("shares/comments-api") && warning.contains("2024 views listed r_organization_social"))
    }

    /// Industry names need r_basicprofile; without it they come from LinkedIn's published table, and check says so.
    @Test func aTokenWithoutBasicProfileStillNamesIndustries() async throws {
        let linkedIn = try OverridingTransport([("/industries", Self.forbidden)])
        let (result, sink) = try await check(linkedIn)
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(message.contains("industry names for the token's member (needs the scope r_basicprofile)"))
        #expect(message.contains("Without r_basicprofile, industries are named from LinkedIn's published table"))
        #expect(!message.contains("Will not sync"))
        #expect(
            sink.logs.contains {
                $0.hasPrefix("check: industry names does not work") && $0.contains("Industry Codes V2")
            })
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
        #expect(linkedIn.requests.count <= ConnectionCheck.maxRequests)
        #expect(!linkedIn.requests.contains { $0.url.contains("%3A1&") || $0.url.hasSuffix("%3A2") })
    }

    @Test func aVideoPostIsProbedForVideoAnalytics() async throws {
        let video = #"{"elements":[{"id":"urn:li:ugcPost:77","content":{"media":{"id":"urn:li:video:C4E"}}}]}"#
        let views = #"{"elements":[{"value":12,"type":"VIDEO_VIEW"}],"paging":{"count":10,"start":0}}"#
        let linkedIn = try OverridingTransport([
            ("/posts", response(200, video)), ("/videoAnalytics", response(200, views)),
            ("/socialMetadata", response(200, #"{"results":{}}"#)),
        ])
        let (result, _) = try await check(linkedIn, organizations: ["2414183"])
        #expect(result.message?.contains("comments, reactions and counts, video analytics, page statistics") == true)
        // The request video_analytics_lifetime sends, aggregation included.
        #expect(
            linkedIn.requests.contains {
                $0.url.hasSuffix(
                    "/videoAnalytics?q=entity&entity=urn%3Ali%3AugcPost%3A77&aggregation=ALL&type=VIDEO_VIEW")
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

    @Test func everyStreamDeclaresWhatLinkedInRequiresAndEveryFamilyCanBeProbed() {
        #expect(StreamRegistry.all.allSatisfy { !$0.permissions.isEmpty })
        let families = PermissionFamily.all()
        #expect(Set(families.flatMap(\.streams)) == Set(StreamRegistry.all.map(\.name)))
        // Each family is probed by a request a stream declares, or by a facet lookup it names.
        for family in families {
            let target: ProbeTarget =
                family.probe.map { if case .token = $0.router { .member } else { .organization(Organization("1")!) } }
                ?? .member
            if case .children = family.probe?.router { continue }  // needs a parent record; see the tests above
            #expect(family.request(target, locale: "en_US") != nil, "\(family.name)")
        }
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
