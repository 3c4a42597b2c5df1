import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// What a read does with a token that lacks one scope, and where facet names come from and at what cost.
@Suite struct PermissionAndNamingTests {
    static let forbidden = response(403, fixture: "error_403_not_admin.json")

    func read(
        _ streams: [String], transport: HTTPTransport, organizations: [String] = ["2414183", "5509721"],
        concurrency: Int = 4
    ) async throws -> (MemorySink, [ConnectorError]) {
        let source = LinkedInPagesSource(
            transport: transport, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries,
            sleep: { _ in })
        let sink = MemorySink()
        let config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": .array(organizations.map { .string($0) }),
            "max_concurrency": .int(Int64(concurrency)),
        ]
        let failures = try await source.read(
            config: .object(config),
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .fullRefresh) }),
            state: InputState(), sink: sink)
        return (sink, failures)
    }

    /// The streams that need r_organization_social_feed fail; every other stream completes with its records.
    @Test func aTokenWithoutTheFeedScopeSyncsEveryStreamThatDoesNotNeedIt() async throws {
        let linkedIn = try OverridingTransport([
            ("/socialMetadata", Self.forbidden), ("/socialActions", Self.forbidden), ("/reactions", Self.forbidden),
        ])
        let engagement = ["post_social_metadata", "post_comments", "post_reactions"]
        let others = ["posts", "post_statistics", "follower_statistics", "page_statistics", "video_analytics_lifetime"]
        let (sink, failures) = try await read(others + engagement, transport: linkedIn)
        for stream in others {
            #expect(sink.statuses(of: stream).last == .complete, "\(stream)")
            #expect(!sink.records(of: stream).isEmpty, "\(stream)")
        }
        for stream in engagement {
            #expect(sink.statuses(of: stream).last == .incomplete, "\(stream)")
        }
        #expect(!failures.isEmpty && failures.allSatisfy { engagement.contains($0.stream ?? "") })
    }

    /// Without r_basicprofile the industries lookup is refused once; industries are named from LinkedIn's published
    /// table, and facet_values says which source named each value.
    @Test func refusedIndustryLookupsAreNamedFromLinkedInsPublishedTable() async throws {
        let linkedIn = try OverridingTransport([("/industries", Self.forbidden)])
        let (sink, failures) = try await read(
            ["follower_statistics_by_facet", "page_statistics_by_facet", "facet_values"], transport: linkedIn)
        #expect(failures.isEmpty)
        let values = sink.records(of: "facet_values")
        let software = try #require(values.first { $0["value"] == "urn:li:industry:4" })
        #expect(software["name"] == "Software Development")
        #expect(software["parent"] == "urn:li:industry:6")
        #expect(software["nameSource"] == "industry_codes_v2")
        let industries = values.filter { ($0["value"]?.stringValue ?? "").hasPrefix("urn:li:industry:") }
        #expect(!industries.isEmpty && industries.allSatisfy { $0["name"] != .null })
        #expect(values.first { $0["value"] == "urn:li:geo:103644278" }?["nameSource"] == "linkedin_api")
        #expect(values.first { $0["value"] == "SIZE_11_TO_50" }?["nameSource"] == "connector")
        #expect(linkedIn.requests.filter { $0.url.contains("/industries?") }.count == 1)
        #expect(sink.logs.contains { $0.contains("Industry Codes V2") && $0.contains("nameSource") })
        let rows = sink.records(of: "follower_statistics_by_facet").filter { $0["facet"] == "industry" }
        #expect(!rows.isEmpty && rows.allSatisfy { $0["facetName"] != .null })
    }

    @Test func theIndustryTableIsLinkedInsV2Taxonomy() {
        #expect(IndustryCodesV2.byURN.count == 434)
        #expect(IndustryCodesV2.byURN["urn:li:industry:96"]?.name == "IT Services and IT Consulting")
        #expect(IndustryCodesV2.byURN["urn:li:industry:96"]?.parent == "urn:li:industry:1810")
        #expect(IndustryCodesV2.byURN["urn:li:industry:1810"]?.parent == nil)
        // Every parent is itself in the table.
        #expect(IndustryCodesV2.byURN.values.allSatisfy { $0.parent.map { IndustryCodesV2.byURN[$0] != nil } ?? true })
    }

    @Test func bothAssociationTypeSpellingsAreNamed() {
        for value in ["EMPLOYEE", "MEMBER", "ALUMNI"] {
            guard case .fixed(let table)? = FacetLookup.lookup(for: value) else {
                Issue.record("\(value) has no lookup")
                continue
            }
            #expect(table[value] != nil)
        }
    }

    /// 20 pages whose geo lists differ: the names are looked up for the whole run, 50 values per request, not per
    /// page; the same count whatever the concurrency, and every row is named.
    @Test(arguments: [1, 4])
    func facetNamesAreLookedUpPerRunNotPerPage(concurrency: Int) async throws {
        let linkedIn = ManyPagesLinkedIn(pages: 20, shared: 45, ownPerPage: 5)
        let (sink, failures) = try await read(
            ["follower_statistics_by_facet"], transport: linkedIn, organizations: linkedIn.organizations,
            concurrency: concurrency)
        #expect(failures.isEmpty)
        let rows = sink.records(of: "follower_statistics_by_facet").filter { $0["facet"] == "geo" }
        #expect(rows.count == 20 * 50)
        #expect(rows.allSatisfy { $0["facetName"]?.stringValue?.hasPrefix("Geo ") == true })
        let distinct = Set(rows.compactMap { $0["facetValue"]?.stringValue }).count
        #expect(distinct == 45 + 20 * 5)
        #expect(linkedIn.geoLookups == (distinct + 49) / 50)
        #expect(sink.statuses(of: "follower_statistics_by_facet").last == .complete)
    }

    /// With facet_values selected too (the facet rows are then shared with it): still a lookup per 50 values, and
    /// facet_values names every value once.
    @Test func facetValuesAcrossManyPagesCostTheSameLookups() async throws {
        let linkedIn = ManyPagesLinkedIn(pages: 20, shared: 45, ownPerPage: 5)
        let (sink, failures) = try await read(
            ["follower_statistics_by_facet", "facet_values"], transport: linkedIn, organizations: linkedIn.organizations
        )
        #expect(failures.isEmpty)
        let geos = sink.records(of: "facet_values").filter { $0["facet"] == "geo" }
        #expect(geos.count == 45 + 20 * 5)
        #expect(
            geos.allSatisfy { $0["name"]?.stringValue?.hasPrefix("Geo ") == true && $0["nameSource"] == "linkedin_api" }
        )
        #expect(sink.records(of: "follower_statistics_by_facet").count == 20 * 50)
        #expect(linkedIn.geoLookups == 3)
    }

    /// Values that never fill a batch, seen on many pages, do not hold rows without bound: past the window's limit
    /// they are looked up at once and their rows released, every one named.
    @Test func heldRowsAreBounded() async throws {
        let pages = FacetNameCache.maxHeldRows / 10 + 100
        let linkedIn = ManyPagesLinkedIn(pages: pages, shared: 10, ownPerPage: 0)
        let (sink, failures) = try await read(
            ["follower_statistics_by_facet"], transport: linkedIn, organizations: linkedIn.organizations,
            concurrency: 1)
        #expect(failures.isEmpty)
        let rows = sink.records(of: "follower_statistics_by_facet")
        #expect(rows.count == pages * 10)
        #expect(rows.allSatisfy { $0["facetName"]?.stringValue?.hasPrefix("Geo ") == true })
        #expect(linkedIn.geoLookups == 1)
    }

    /// A stream read for fewer pages than the run has (showcase pages it is not served for) gets its held rows back
    /// after its own last partition, not the run's page count: none is lost.
    @Test func theWindowReleasesAStreamsRowsAfterItsOwnLastPartition() async throws {
        let linkedIn = ManyPagesLinkedIn(pages: 1, shared: 0, ownPerPage: 0)
        let cache = FacetNameCache(
            client: makeClient(linkedIn), locale: "en_US", sink: MemorySink(), partitionsPerStream: ["s": 1, "t": 2])
        let names = FacetNames(valueField: "facetValue", nameField: "facetName")
        let row: JSONObject = ["facetValue": "urn:li:geo:7"]
        await cache.prepare(["urn:li:geo:7"])
        #expect(await cache.hold([row, row], stream: "s", names: names).isEmpty)
        let released = await cache.partitionEnded(stream: "s", names: names)
        #expect(released.count == 2)
    }

    /// The window itself: rows wait while their values are pending, and all come back, named, past the bound.
    @Test func theWindowReleasesItsRowsPastTheBound() async throws {
        let linkedIn = ManyPagesLinkedIn(pages: 1, shared: 0, ownPerPage: 0)
        let cache = FacetNameCache(
            client: makeClient(linkedIn), locale: "en_US", sink: MemorySink(), partitionsPerStream: ["s": 1_000])
        let names = FacetNames(valueField: "facetValue", nameField: "facetName")
        await cache.prepare(["urn:li:geo:7"])
        #expect(await cache.knownNames(for: ["urn:li:geo:7"]).isEmpty)  // pending: no lookup for one value
        let row: JSONObject = ["facetValue": "urn:li:geo:7"]
        #expect(await cache.hold([row], stream: "s", names: names).isEmpty)
        let released = await cache.hold(
            Array(repeating: row, count: FacetNameCache.maxHeldRows), stream: "s", names: names)
        #expect(released.count == FacetNameCache.maxHeldRows + 1)
        #expect(released.allSatisfy { $0["facetName"] == "Geo 7" })
        #expect(linkedIn.geoLookups == 1)
    }

    /// A throttled or failing probe during the 426 version search is not "version not accepted": the search stops
    /// with that error instead of settling on an older version.
    @Test(arguments: [429, 503])
    func aVersionSearchThatMeetsAnErrorStopsWithIt(status: Int) async throws {
        let selector = APIVersionSelector(initial: "202608", pinned: false, now: { recordedAt }, sink: MemorySink())
        let probed = Locked<[String]>([])
        do {
            _ = try await selector.replacement(for: "202608") { version in
                probed.withLock { $0.append(version) }
                return status
            }
            Issue.record("the search settled on a version")
        } catch let error as LinkedInAPIError {
            #expect(error.status == status)
        }
        #expect(probed.current.count == 1)
        #expect(selector.current == "202608")
    }
}

/// Pages whose followers' geo lists share `shared` geos and each add `ownPerPage` of their own; the geo lookup
/// names any id. Counts the geo lookups.
final class ManyPagesLinkedIn: HTTPTransport {
    let organizations: [String]
    private let shared: Int
    private let own: Int
    private let lookups = Locked(0)

    init(pages: Int, shared: Int, ownPerPage: Int) {
        organizations = (1...pages).map { String(7_000_000 + $0) }
        self.shared = shared
        own = ownPerPage
    }

    var geoLookups: Int { lookups.current }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let url = request.url.removingPercentEncoding ?? request.url
        if url.contains("/geo?") {
            lookups.withLock { $0 += 1 }
            let ids = url.components(separatedBy: "ids=List(").last?.components(separatedBy: ")").first ?? ""
            let results = ids.split(separator: ",").map { #""\#($0)":{"defaultLocalizedName":{"value":"Geo \#($0)"}}"# }
            return response(200, #"{"results":{\#(results.joined(separator: ","))},"statuses":{},"errors":{}}"#)
        }
        if url.contains("/organizationalEntityFollowerStatistics?"),
            let page = organizations.firstIndex(where: { url.contains("urn:li:organization:\($0)") })
        {
            let geos = Array(1...shared) + (0..<own).map { 1_000 + page * own + $0 }
            let items = geos.map {
                #"{"geo":"urn:li:geo:\#($0)","followerCounts":{"organicFollowerCount":1,"paidFollowerCount":0}}"#
            }
            let element =
                #"{"organizationalEntity":"urn:li:organization:\#(organizations[page])","#
                + #""followerCountsByGeo":[\#(items.joined(separator: ","))]}"#
            return response(200, #"{"elements":[\#(element)],"paging":{"count":10,"start":0}}"#)
        }
        if url.contains("/organizationPageStatistics?") {
            return response(200, #"{"elements":[{"totalPageStatistics":{}}],"paging":{"count":10,"start":0}}"#)
        }
        return response(404, #"{"status":404,"message":"Not found"}"#)
    }
}
