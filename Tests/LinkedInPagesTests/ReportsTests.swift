import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// Company search (pages the token need not administer) and facet breakdowns, on the recorded fixtures.
@Suite struct ReportsTests {
    func read(_ streams: [String], compare: [JSON] = ["1337", "microsoft", "no-such-company-xyz"]) async throws
        -> (MemorySink, [HTTPRequest], [ConnectorError])
    {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let source = LinkedInPagesSource(
            transport: replay, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries, sleep: { _ in })
        let sink = MemorySink()
        let config: JSON = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "compare_organizations": .array(compare),
        ]
        let failures = try await source.read(
            config: config,
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .fullRefresh) }),
            state: InputState(), sink: sink)
        return (sink, replay.requests, failures)
    }

    @Test func companySearchReportsComparedPagesAndWarnsAboutUnknownVanityNames() async throws {
        let (sink, requests, failures) = try await read(["company_search"])
        #expect(failures.isEmpty)
        let records = sink.records(of: "company_search")
        #expect(records.map { $0["id"] } == [1337, 1035])
        #expect(records.map { $0["followerCount"] } == [31_254_876, 24_187_411])
        for record in records {
            #expect(record["snapshotDate"] == "2026-11-20")
            #expect(record["localizedName"] != nil && record["locations"] != nil)
        }
        // Only what LinkedIn's lookup serves for pages one need not administer, plus our two additions.
        let declared = try #require(
            StreamRegistry.named("company_search")?.airbyteStream.jsonSchema["properties"]?.objectValue?.keys)
        #expect(
            Set(declared) == [
                "id", "name", "localizedName", "localizedWebsite", "vanityName", "logoV2", "locations",
                "primaryOrganizationType", "snapshotDate", "followerCount",
            ])
        for record in records {
            #expect(Set(record.keys).isSubset(of: Set(declared)), "\(record.keys)")
        }
        #expect(sink.logs.contains { $0.contains("'no-such-company-xyz'") && $0.contains("skipped") })
        #expect(requests.contains { $0.url.hasSuffix("/rest/organizations?q=vanityName&vanityName=microsoft") })
        #expect(requests.contains { $0.url.hasSuffix("/rest/organizationsLookup?ids=List(1337,1035)") })
        #expect(sink.statuses(of: "company_search").last == .complete)
    }

    @Test func anUnknownComparedIdIsAWarningNotAFailure() async throws {
        let (sink, _, failures) = try await read(["company_search"], compare: ["1337", "microsoft", "424242424"])
        #expect(failures.isEmpty)
        #expect(sink.records(of: "company_search").count == 2)
        #expect(sink.logs.contains { $0.contains("424242424") })
    }

    @Test func facetRowsAddUpToTheNestedRecordAndShareItsRequest() async throws {
        let (sink, requests, failures) = try await read(["follower_statistics", "follower_statistics_by_facet"])
        #expect(failures.isEmpty)
        #expect(requests.filter { $0.url.contains("organizationalEntityFollowerStatistics") }.count == 2)  // one per organization
        for nested in sink.records(of: "follower_statistics") {
            let organization = try #require(nested["organizationalEntity"])
            let rows = sink.records(of: "follower_statistics_by_facet").filter {
                $0["organizationalEntity"] == organization
            }
            for (facet, array) in [
                ("geo", "followerCountsByGeo"), ("geoCountry", "followerCountsByGeoCountry"),
                ("seniority", "followerCountsBySeniority"), ("industry", "followerCountsByIndustry"),
                ("function", "followerCountsByFunction"), ("staffCountRange", "followerCountsByStaffCountRange"),
                ("associationType", "followerCountsByAssociationType"),
            ] {
                let items = nested[array]?.arrayValue ?? []
                let facetRows = rows.filter { $0["facet"] == .string(facet) }
                #expect(facetRows.count == items.count, "\(facet)")
                let nestedCounts: [Int64] = items.compactMap {
                    $0["followerCounts"]?["organicFollowerCount"]?.int64Value
                }
                let rowCounts: [Int64] = facetRows.compactMap { $0["organicFollowerCount"]?.int64Value }
                let nestedTotal = nestedCounts.reduce(0, +)
                let rowTotal = rowCounts.reduce(0, +)
                #expect(nestedTotal == rowTotal && nestedTotal > 0, "\(facet)")
            }
            #expect(rows.allSatisfy { $0["facetValue"]?.stringValue != nil && $0["snapshotDate"] == "2026-11-20" })
        }
    }

    @Test func pageStatisticsByFacet() async throws {
        let (sink, _, _) = try await read(["page_statistics_by_facet"])
        let rows = sink.records(of: "page_statistics_by_facet").filter {
            $0["organization"] == "urn:li:organization:2414183"
        }
        #expect(
            Set(rows.compactMap { $0["facet"]?.stringValue }) == [
                "seniority", "industryV2", "function", "staffCountRange", "geoCountry", "geo",
            ])
        #expect(rows.count == 90)  // 10 seniorities, 5 industries, 26 functions, 5 sizes, 4 countries, 40 regions
        #expect(rows.allSatisfy { $0["views"]?["allPageViews"]?["pageViews"]?.int64Value != nil })
    }
}
