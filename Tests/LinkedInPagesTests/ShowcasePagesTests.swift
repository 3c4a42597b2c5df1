import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages

/// Showcase pages (LinkedIn's organization brands, `urn:li:organizationBrand:{id}`) read as pages of their own kind,
/// from the recorded responses of two showcase pages, 8800001 and 8800002.
@Suite struct ShowcasePagesTests {
    let engine = SyncEngineTests()
    static let configured = "urn:li:organizationBrand:8800001"
    static let discovered = "urn:li:organizationBrand:8800002"

    /// The streams LinkedIn serves for a showcase page, with the column that names the page.
    static let served: [(stream: String, page: String)] = [
        ("organization_lookup", "organizationalEntity"), ("follower_statistics", "organizationalEntity"),
        ("share_statistics", "organizationalEntity"), ("follower_statistics_time_bound", "organizationalEntity"),
        ("share_statistics_time_bound", "organizationalEntity"), ("page_statistics", "organization"),
        ("page_statistics_time_bound", "organization"), ("follower_statistics_by_facet", "organizationalEntity"),
        ("page_statistics_by_facet", "organization"),
    ]
    /// The streams LinkedIn's docs give for organizations only, and those built on them.
    static let notServed = [
        "total_follower_count", "posts", "post_statistics", "post_social_metadata", "post_comments", "post_reactions",
        "video_analytics", "video_analytics_lifetime",
    ]

    func skips(_ stream: String, _ page: String, in run: SyncEngineTests.Run) -> Int {
        run.sink.logs.filter { $0.hasPrefix("Stream '\(stream)': skipped for showcase page \(page),") }.count
    }

    @Test func aConfiguredShowcasePageIsReadByEveryStreamLinkedInServesForIt() async throws {
        let run = try await engine.read(config: engine.config([("org_ids", [.string(Self.configured)])]))
        #expect(run.failures.isEmpty)
        for (stream, page) in Self.served {
            let pages = Set(run.sink.records(of: stream).compactMap { $0[page]?.stringValue })
            #expect(pages.contains(Self.configured), "\(stream)")
            #expect(pages.contains("urn:li:organization:2414183"), "\(stream)")
        }
        for stream in Self.notServed {
            #expect(skips(stream, Self.configured, in: run) == 1, "\(stream)")
            #expect(skips(stream, "urn:li:organization:2414183", in: run) == 0)
        }
        let urls = run.requests.map(\.url)
        // Page statistics of a showcase page come from brandPageStatistics, never organizationPageStatistics.
        #expect(
            urls.contains { $0.contains("/brandPageStatistics?q=brand&brand=urn%3Ali%3AorganizationBrand%3A8800001") })
        #expect(!urls.contains { $0.contains("organizationPageStatistics") && $0.contains("organizationBrand") })
        // One lifetime answer serves page_statistics and page_statistics_by_facet, as for company pages.
        #expect(urls.filter { $0.contains("/brandPageStatistics?") && !$0.contains("timeIntervals") }.count == 1)
        #expect(urls.filter { $0.contains("/organizationBrands?ids=List(8800001)") }.count == 1)
        #expect(!urls.contains { ($0.contains("/posts?") || $0.contains("networkSizes")) && $0.contains("Brand") })
        let lookup = try #require(
            run.sink.records(of: "organization_lookup").first { $0["organizationalEntity"] == .string(Self.configured) }
        )
        #expect(lookup["vanityName"] == "acme-analytics-academy")
        #expect(lookup["parentOrganization"] == "urn:li:organization:2414183")
        let company = run.sink.records(of: "organization_lookup").first { $0["id"] == 2_414_183 }
        #expect(company?["parentOrganization"] == .null)
    }

    @Test func discoveryFindsTheShowcasePagesTheTokenAdministers() async throws {
        let run = try await engine.read(
            config: ["credentials": ["access_token": "test-access-token"], "start_date": "2026-10-01T00:00:00Z"],
            streams: Self.served.map(\.stream) + Self.notServed)
        #expect(run.failures.isEmpty)
        #expect(run.sink.logs.contains { $0.hasPrefix("Found 4 administered page(s)") && $0.contains(Self.discovered) })
        for (stream, page) in Self.served {
            let pages = Set(run.sink.records(of: stream).compactMap { $0[page]?.stringValue })
            #expect(pages.isSuperset(of: [Self.configured, Self.discovered]), "\(stream)")
        }
        for stream in Self.notServed {
            #expect(skips(stream, Self.discovered, in: run) == 1, "\(stream)")
        }
    }

    /// Issue 22's scenario: a company page and a showcase page configured, another showcase page found among the
    /// token's administered pages.
    @Test func administeredShowcasePagesJoinTheConfiguredOnesEachReadOnce() async throws {
        let run = try await engine.read(
            config: engine.config([("org_ids", [.string(Self.configured)]), ("include_administered_pages", true)]))
        #expect(run.failures.isEmpty)
        #expect(
            run.sink.logs.contains(
                "include_administered_pages: added 2 administered page(s): 5509721, \(Self.discovered)."))
        for (stream, page) in Self.served {
            let pages = Set(run.sink.records(of: stream).compactMap { $0[page]?.stringValue })
            #expect(pages.isSuperset(of: [Self.configured, Self.discovered]), "\(stream)")
        }
        for stream in Self.notServed {
            #expect(skips(stream, Self.configured, in: run) == 1, "\(stream)")
            #expect(skips(stream, Self.discovered, in: run) == 1, "\(stream)")
        }
        let urls = run.requests.map(\.url)
        // One listing serves both the added pages and the bare id 2414183's type.
        #expect(urls.filter { $0.contains("/organizationAcls?q=roleAssignee&role=ADMINISTRATOR") }.count == 1)
        // Configured and listed, 8800001 is one page: its lifetime statistics are asked once.
        let lifetime = urls.filter { $0.contains("/brandPageStatistics?") && !$0.contains("timeIntervals") }
        #expect(lifetime.filter { $0.hasSuffix("organizationBrand%3A8800001") }.count == 1, "\(lifetime)")
        #expect(lifetime.filter { $0.hasSuffix("organizationBrand%3A8800002") }.count == 1, "\(lifetime)")
        let lookups = run.sink.records(of: "organization_lookup").compactMap { $0["organizationalEntity"]?.stringValue }
        #expect(lookups.filter { $0 == Self.configured }.count == 1)
    }

    @Test func stateKeysOfShowcasePagesNeverMeetThoseOfCompanyPages() async throws {
        let streams = ["page_statistics_time_bound", "follower_statistics_time_bound"]
        let config = engine.config([("org_ids", [.string(Self.configured)])])
        let first = try await engine.read(config: config, streams: streams)
        let state = try #require(first.sink.lastState(of: "page_statistics_time_bound"))
        let keys = (state["states"]?.arrayValue ?? []).compactMap { $0["partition"]?["org_id"] }
        #expect(keys == ["2414183", .string(Self.configured)])  // a company page keeps its digits
        // The state read back: the next sync asks no day it already has, for either kind of page.
        let saved = first.sink.nextInputState(streams)
        let second = try await engine.read(config: config, streams: streams, state: saved)
        #expect(second.failures.isEmpty)
        #expect(first.requests.contains { $0.url.contains("brandPageStatistics") && $0.url.contains("timeIntervals") })
        #expect(!second.requests.contains { $0.url.contains("timeIntervals") })
        // Same digits, different kinds: two partitions, two cursors.
        let company = try #require(Organization("8800001"))
        let showcase = try #require(Organization(Self.configured))
        let cursors = try PartitionCursors(
            stream: "s", cursorField: "timeRangeEnd",
            state: [
                "states": [
                    ["partition": ["org_id": "8800001"], "cursor": ["timeRangeEnd": 1]],
                    ["partition": ["org_id": .string(Self.configured)], "cursor": ["timeRangeEnd": 2]],
                ]
            ], organizations: [company, showcase], legacyOwner: nil)
        #expect(cursors.cursor(for: company) == 1 && cursors.cursor(for: showcase) == 2)
        #expect(PartitionKey(organization: company).json == ["org_id": "8800001"])
    }

    @Test func pageIdsAreReadByTheirURNKind() throws {
        #expect(Organization("123")?.kind == .company)
        #expect(Organization("urn:li:organization:123")?.urn == "urn:li:organization:123")
        #expect(Organization(" urn:li:organizationBrand:123 ")?.kind == .showcase)
        #expect(Organization("urn:li:organizationBrand:") == nil && Organization("urn:li:organizationBrand:1x") == nil)
        let bad = engine.config([("org_ids", ["urn:li:organizationBrand:acme"])])
        #expect(throws: ConnectorError.self) { try PagesConfig(json: bad) }
        do {
            _ = try PagesConfig(json: bad)
        } catch let error as ConnectorError {
            #expect(error.message.contains("org_ids[0]") && error.message.contains("urn:li:organizationBrand:"))
        }
        let compared = engine.config([("compare_organizations", [.string(Self.configured)])])
        #expect(throws: ConnectorError.self) { try PagesConfig(json: compared) }
    }
}

/// `check` probes a showcase page with its own requests, and not with those LinkedIn does not serve for it.
@Suite struct ShowcasePageCheckTests {
    @Test func checkProbesAShowcasePageWithItsOwnRequests() async throws {
        let linkedIn = try OverridingTransport()
        let (result, _) = try await ConnectionCheckTests().check(
            linkedIn, organizations: ["2414183", ShowcasePagesTests.configured])
        #expect(result.succeeded)
        let message = try #require(result.message)
        #expect(message.contains("Checked 2 page(s): 2414183, \(ShowcasePagesTests.configured)."))
        #expect(!message.contains("Will not sync"), "\(message)")
        let urls = linkedIn.requests.map(\.url)
        #expect(urls.contains { $0.hasSuffix("/organizations?ids=List(2414183)") })
        #expect(urls.contains { $0.hasSuffix("/organizationBrands?ids=List(8800001)") })
        #expect(
            urls.contains { $0.contains("/brandPageStatistics?q=brand&brand=urn%3Ali%3AorganizationBrand%3A8800001") })
        #expect(!urls.contains { ($0.contains("/posts?") || $0.contains("networkSizes")) && $0.contains("Brand") })
    }
}
