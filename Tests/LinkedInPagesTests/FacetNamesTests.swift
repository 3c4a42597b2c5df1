import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// Names for facet values: `facet_values` and the `facetName` column, from LinkedIn's standardized data.
@Suite struct FacetNamesTests {
    func read(_ streams: [String], locale: String? = nil) async throws -> (MemorySink, [HTTPRequest], [ConnectorError])
    {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let source = LinkedInPagesSource(
            transport: replay, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries, sleep: { _ in })
        let sink = MemorySink()
        var config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
        ]
        if let locale { config["locale"] = .string(locale) }
        let failures = try await source.read(
            config: .object(config),
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .fullRefresh) }),
            state: InputState(), sink: sink)
        return (sink, replay.requests, failures)
    }

    let facetStreams = ["follower_statistics_by_facet", "page_statistics_by_facet"]

    @Test func facetValuesHoldExactlyTheValuesTheStatisticsReferenceWithNames() async throws {
        let (sink, requests, failures) = try await read(facetStreams + ["facet_values"])
        #expect(failures.isEmpty)
        let rows = facetStreams.flatMap { sink.records(of: $0) }
        let referenced = Set(rows.map { "\($0["facet"]?.stringValue ?? "")|\($0["facetValue"]?.stringValue ?? "")" })
        let values = sink.records(of: "facet_values")
        let named = values.map { "\($0["facet"]?.stringValue ?? "")|\($0["value"]?.stringValue ?? "")" }
        #expect(Set(named) == referenced)
        #expect(named.count == referenced.count)  // one row per facet and value, across both organizations
        let byValue = Dictionary(values.map { ($0["value"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byValue["urn:li:geo:103644278"]?["name"] == "United States")
        #expect(byValue["urn:li:industry:4"]?["name"] == "Software Development")
        #expect(byValue["urn:li:industry:4"]?["parent"] == "urn:li:industry:1594")
        #expect(byValue["urn:li:function:1"]?["name"] == "Accounting")
        #expect(byValue["urn:li:seniority:4"]?["name"] == "Senior")
        #expect(byValue["SIZE_11_TO_50"]?["name"] == "11-50 employees")
        // The facet rows carry the same names.
        #expect(
            rows.allSatisfy { row in
                row["facetName"] == byValue[row["facetValue"]?.stringValue ?? ""]?["name"]
            })
        // Each lookup once per run: geo and industries in batches of 50 ids, functions and seniorities listed once.
        let distinctGeo = Set(rows.compactMap { $0["facetValue"]?.stringValue }.filter { $0.hasPrefix("urn:li:geo:") })
        #expect(requests.filter { $0.url.contains("/rest/geo?") }.count == (distinctGeo.count + 49) / 50)
        #expect(requests.filter { $0.url.contains("/industries?") }.count == 1)
        #expect(requests.filter { $0.url.contains("/rest/functions?") }.count == 1)
        #expect(requests.filter { $0.url.contains("/rest/seniorities?") }.count == 1)
        #expect(
            requests.filter { $0.url.contains("/rest/geo?") }.allSatisfy {
                $0.url.contains("locale=(language:en,country:US)")
            })
    }

    @Test func aValueLinkedInCannotNameKeepsItsURNAndAWarningNeverAFailure() async throws {
        let (sink, _, failures) = try await read(["follower_statistics_by_facet", "facet_values"])
        #expect(failures.isEmpty)
        let unnamed = sink.records(of: "facet_values").filter { $0["value"] == "urn:li:geo:106693272" }
        #expect(!unnamed.isEmpty && unnamed.allSatisfy { $0["name"] == .null })
        #expect(sink.logs.contains { $0.contains("urn:li:geo:106693272") && $0.contains("null name") })
        #expect(sink.statuses(of: "facet_values").last == .complete)
    }

    @Test func theLocaleIsAskedFor() async throws {
        let (_, requests, _) = try await read(["facet_values"], locale: "de_DE")
        for lookup in ["/rest/geo?", "/rest/functions?", "/rest/seniorities?"] {
            #expect(
                requests.contains { $0.url.contains(lookup) && $0.url.contains("locale=(language:de,country:DE)") },
                "\(lookup)")
        }
    }
}
