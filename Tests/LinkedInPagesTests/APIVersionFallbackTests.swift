import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// A LinkedIn stand-in that has sunset some versions: the recorded answers for the versions it still serves, 426
/// for sunset ones and 400 for versions that do not exist yet (LinkedIn answers either to a future version).
final class SunsettingLinkedIn: HTTPTransport {
    let replay: ReplayTransport
    let active: Set<String>
    let newest: String

    /// - Parameter newest: the newest version that exists; newer ones are answered 400, older inactive ones 426.
    init(active: Set<String>, newest: String = "202610") throws {
        replay = try ReplayTransport(directory: fixtureDirectory)
        self.active = active
        self.newest = newest
    }

    var requests: [HTTPRequest] { replay.requests }

    /// The versions asked for by the probe request (`organizationAcls?q=roleAssignee&count=1`), in order.
    var probedVersions: [String] {
        requests.filter { $0.url.hasSuffix("/organizationAcls?q=roleAssignee&count=1") }
            .compactMap { $0.headers["LinkedIn-Version"] }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let version = request.headers["LinkedIn-Version"] ?? ""
        let answer = replay.respond(to: request)
        if request.url.contains("/oauth/") || active.contains(version) { return answer }
        if version > newest {
            return response(400, #"{"status":400,"code":"VERSION_MISSING","message":"Invalid version \#(version)"}"#)
        }
        return response(
            426,
            #"{"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version \#(version)01 is not active"}"#)
    }
}

@Suite struct APIVersionFallbackTests {
    let streams = [
        "organization_lookup", "follower_statistics", "share_statistics", "total_follower_count",
        "follower_statistics_time_bound", "page_statistics",
    ]

    func read(_ linkedIn: HTTPTransport, extra: [(String, JSON)] = []) async throws -> (MemorySink, [ConnectorError]) {
        var config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "start_date": "2026-10-01T00:00:00Z", "max_concurrency": 4,
        ]
        for (key, value) in extra { config[key] = value }
        let source = LinkedInPagesSource(
            transport: linkedIn, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries,
            sleep: { _ in })
        let sink = MemorySink()
        let failures = try await source.read(
            config: .object(config),
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) }),
            state: InputState(), sink: sink)
        return (sink, failures)
    }

    @Test func aSunsetDefaultVersionIsReplacedByTheNewestOneLinkedInAccepts() async throws {
        // The clock says 2026-11: 202611 does not exist yet (400), 202610 is the newest active version.
        let linkedIn = try SunsettingLinkedIn(active: ["202609", "202610"])
        let (sink, failures) = try await read(linkedIn)
        #expect(failures.isEmpty)
        for stream in streams { #expect(sink.statuses(of: stream).last == .complete, "\(stream)") }
        #expect(sink.records(of: "organization_lookup").count == 2)
        #expect(sink.records(of: "follower_statistics_time_bound").count == 2 * 48)
        // One search for all the requests that met the 426 at once, newest month first.
        #expect(linkedIn.probedVersions == ["202611", "202610"])
        let warning = try #require(sink.logs.first { $0.contains("no longer accepts API version 202608") })
        #expect(warning.contains("continues with 202610"))
        // After the search, every request sends the version found.
        let firstProbe = try #require(linkedIn.requests.firstIndex { $0.url.hasSuffix("count=1") })
        let later = linkedIn.requests[(firstProbe + 2)...].map { $0.headers["LinkedIn-Version"] }
        #expect(!later.isEmpty && later.allSatisfy { $0 == "202610" })
    }

    @Test func aPinnedVersionIsNeverReplaced() async throws {
        let linkedIn = try SunsettingLinkedIn(active: ["202610"])
        let (sink, failures) = try await read(linkedIn, extra: [("api_version", "202608")])
        let failure = try #require(failures.first)
        #expect(failure.failureType == .configError)
        #expect(
            failure.message.contains("no longer serves API version 202608") && failure.message.contains("api_version"))
        #expect(linkedIn.probedVersions.isEmpty)
        #expect(linkedIn.requests.allSatisfy { $0.headers["LinkedIn-Version"] == "202608" })
        #expect(!sink.logs.contains { $0.contains("continues with") })
    }

    @Test func whenNoRecentVersionIsAcceptedTheSearchIsBoundedAndSaysSo() async throws {
        let linkedIn = try SunsettingLinkedIn(active: ["202401"])
        let (_, failures) = try await read(linkedIn)
        let failure = try #require(failures.first)
        #expect(failure.failureType == .configError)
        #expect(failure.message.contains("from 202611 back to 202512"))
        #expect(linkedIn.probedVersions.count == APIVersionSelector.maxProbes - 1)  // 202608 itself is not retried
    }

    @Test func aProbeAnswered403StillAcceptsTheVersion() async throws {
        let selector = APIVersionSelector(initial: "202608", pinned: false, now: { recordedAt }, sink: MemorySink())
        let found = try await selector.replacement(for: "202608") { $0 == "202611" ? 403 : 426 }
        #expect(found == "202611")
        #expect(selector.current == "202611")
        // The version found rejected as well: no second search.
        #expect(try await selector.replacement(for: "202611") { _ in 200 } == nil)
    }

    @Test func monthsAreCountedBackAcrossTheYear() {
        let january = ISO8601DateFormatter().date(from: "2027-01-15T00:00:00Z")!
        #expect(APIVersionSelector.candidates(now: january, count: 3) == ["202701", "202612", "202611"])
    }
}
