import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages

/// What the token's list of administered pages (`organizationAcls`) decides for configured pages: the kind of a
/// bare id, and, with `include_administered_pages`, which pages join the configured ones.
@Suite struct AdministeredPagesTests {
    let engine = SyncEngineTests()
    static let listing = "/organizationAcls?q=roleAssignee&role=ADMINISTRATOR"
    static let statistics = ["page_statistics", "page_statistics_time_bound", "follower_statistics"]

    func pages(of stream: String, column: String, in sink: MemorySink) -> Set<String> {
        Set(sink.records(of: stream).compactMap { $0[column]?.stringValue })
    }

    @Test func aBareIdListedOnlyAsAShowcasePageIsReadAsThatShowcasePage() async throws {
        let run = try await engine.read(
            config: engine.config([("org_ids", ["8800001"])]), streams: Self.statistics + ["posts"])
        #expect(run.failures.isEmpty)
        #expect(
            run.sink.logs.filter { $0.hasPrefix("org_ids: 8800001") } == [
                "org_ids: 8800001 is a showcase page (urn:li:organizationBrand:8800001), read as one."
            ])
        // org_id 2414183 is listed as a company page and stays one.
        #expect(!run.sink.logs.contains { $0.hasPrefix("org_id: ") })
        let brand = ShowcasePagesTests.configured
        for stream in ["page_statistics", "page_statistics_time_bound"] {
            #expect(pages(of: stream, column: "organization", in: run.sink) == [brand, "urn:li:organization:2414183"])
        }
        #expect(pages(of: "follower_statistics", column: "organizationalEntity", in: run.sink).contains(brand))
        #expect(run.sink.logs.contains { $0.hasPrefix("Stream 'posts': skipped for showcase page \(brand),") })
        let urls = run.requests.map(\.url)
        #expect(urls.contains { $0.contains("/brandPageStatistics?q=brand&brand=urn%3Ali%3AorganizationBrand%3A88") })
        #expect(urls.contains { $0.contains("/organizationPageStatistics?") && $0.contains("organization%3A2414183") })
        #expect(!urls.contains { $0.contains("8800001") && !$0.contains("organizationBrand") })
        #expect(urls.filter { $0.contains(Self.listing) }.count == 1)
        // The showcase page's state is keyed by its URN, as if it had been configured so.
        let keys = (run.sink.lastState(of: "page_statistics_time_bound")?["states"]?.arrayValue ?? []).compactMap {
            $0["partition"]?["org_id"]?.stringValue
        }
        #expect(keys == ["2414183", brand])
    }

    @Test func aBareIdAndItsShowcaseURNAreOnePage() async throws {
        let brand = ShowcasePagesTests.configured
        let run = try await engine.read(
            config: engine.config([("org_ids", ["8800001", .string(brand)])]), streams: ["page_statistics"])
        #expect(run.failures.isEmpty)
        let lifetime = run.requests.map(\.url).filter { $0.contains("/brandPageStatistics?") }
        #expect(lifetime.count == 1, "\(lifetime)")
    }

    @Test func withoutBareIdsNoListIsAsked() async throws {
        let run = try await engine.read(
            config: engine.config([("org_id", "urn:li:organization:2414183"), ("org_ids", [])]),
            streams: ["page_statistics"])
        #expect(run.failures.isEmpty)
        #expect(!run.requests.contains { $0.url.contains("/organizationAcls?") })
    }

    @Test func whenTheListIsRefusedBareIdsStayCompanyPagesAndTheSyncSucceeds() async throws {
        let linkedIn = try OverridingTransport([("/organizationAcls", ConnectionCheckTests.forbidden)])
        let run = try await engine.read(config: engine.config(), streams: Self.statistics, transport: linkedIn)
        #expect(run.failures.isEmpty)
        #expect(run.sink.errors.isEmpty)
        let checked = run.sink.logs.filter { $0.contains("could not be checked") }
        #expect(checked.count == 1)
        #expect(checked.first?.hasPrefix("Page ids 2414183, 5509721 are read as company pages") == true, "\(checked)")
        #expect(checked.first?.contains("HTTP 403") == true)
        #expect(
            pages(of: "page_statistics", column: "organization", in: run.sink) == [
                "urn:li:organization:2414183", "urn:li:organization:5509721",
            ])
        #expect(linkedIn.requests.filter { $0.url.contains(Self.listing) }.count == 1)
    }

    @Test func whenTheListIsRefusedABareIdTheStateKeysAsAShowcasePageStaysOneAndKeepsItsCursors() async throws {
        let config = engine.config([("org_ids", ["8800001"])])
        let streams = ["page_statistics_time_bound"]
        let first = try await engine.read(config: config, streams: streams)
        let brand = ShowcasePagesTests.configured
        let state = first.sink.nextInputState(streams)
        let linkedIn = try OverridingTransport([("/organizationAcls", ConnectionCheckTests.forbidden)])
        let second = try await engine.read(
            config: config, streams: streams, state: state, at: recordedAt.addingTimeInterval(86_400),
            transport: linkedIn)
        #expect(second.failures.isEmpty)
        #expect(second.sink.logs.contains { $0.hasPrefix("8800001 is read as the showcase page \(brand)") })
        let keys = (second.sink.lastState(of: streams[0])?["states"]?.arrayValue ?? []).compactMap {
            $0["partition"]?["org_id"]?.stringValue
        }
        #expect(keys.contains(brand))
        #expect(!keys.contains("8800001"))
        #expect(linkedIn.requests.contains { $0.url.contains("/brandPageStatistics?") })
        #expect(!linkedIn.requests.contains { $0.url.contains("organization%3A8800001") })
    }

    @Test func includedPagesNeedTheListAndARefusalNamesTheFieldAndScope() async throws {
        let linkedIn = try OverridingTransport([("/organizationAcls", ConnectionCheckTests.forbidden)])
        let error = await #expect(throws: ConnectorError.self) {
            try await engine.read(
                config: engine.config([("include_administered_pages", true)]), streams: Self.statistics,
                transport: linkedIn)
        }
        #expect(error?.failureType == .configError)
        #expect(error?.message.contains("include_administered_pages") == true)
        #expect(error?.message.contains("rw_organization_admin") == true)
        #expect(linkedIn.requests.count == 1)  // nothing is read before the pages are known
    }

    @Test func includedPagesAddNothingTheConfigAlreadyNames() async throws {
        let everyPage: JSON = [
            "2414183", "urn:li:organization:5509721", .string(ShowcasePagesTests.configured),
            .string(ShowcasePagesTests.discovered),
        ]
        let run = try await engine.read(
            config: engine.config([("org_ids", everyPage), ("include_administered_pages", true)]),
            streams: ["page_statistics"])
        #expect(run.failures.isEmpty)
        #expect(
            run.sink.logs.contains(
                "include_administered_pages: the token's member administers no page beyond the configured ones."))
        #expect(run.sink.records(of: "page_statistics").count == 4)
    }

    @Test func includeAdministeredPagesMustBeABoolean() throws {
        let config = engine.config([("include_administered_pages", "yes")])
        let error = #expect(throws: ConnectorError.self) { try PagesConfig(json: config) }
        #expect(error?.message.contains("include_administered_pages") == true)
        #expect(error?.failureType == .configError)
        let problems = SchemaValidator(schema: Specification.json["connectionSpecification"]!).violations(of: config)
        #expect(problems.map(\.description).contains { $0.hasPrefix("include_administered_pages") })
        #expect(try PagesConfig(json: engine.config()).includeAdministeredPages == false)
    }

    @Test func checkReadsABareShowcaseIdAsTheShowcasePage() async throws {
        let linkedIn = try OverridingTransport()
        let (result, sink) = try await ConnectionCheckTests().check(linkedIn, organizations: ["8800001"])
        #expect(result.succeeded)
        #expect(result.message?.contains("Checked 1 page(s): \(ShowcasePagesTests.configured).") == true)
        #expect(sink.logs.contains { $0.hasPrefix("org_ids: 8800001 is a showcase page") })
        let urls = linkedIn.requests.map(\.url)
        #expect(urls.contains { $0.hasSuffix("/organizationBrands?ids=List(8800001)") })
        #expect(urls.filter { $0.contains(Self.listing) }.count == 1)
    }
}
