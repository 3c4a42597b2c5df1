import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// Requests the audit of December 2026 found LinkedIn's data did not call for are no longer sent, and what they
/// brought is still there.
@Suite struct RequestEconomyAuditTests {
    func read(_ streams: [String], config extra: JSONObject = [:]) async throws
        -> (sink: MemorySink, requests: [HTTPRequest])
    {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let source = LinkedInPagesSource(
            transport: replay, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries, sleep: { _ in })
        var config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183"], "member_hash_salt": "pepper",
        ]
        for (key, value) in extra { config[key] = value }
        let sink = MemorySink()
        _ = try await source.read(
            config: .object(config),
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) }),
            state: InputState(), sink: sink)
        return (sink, replay.requests)
    }

    @Test func aVideoBackfillAsksEachMetricInOneRangeNotAMonthAtATime() async throws {
        // No start_date: the six months LinkedIn keeps video views for, about 183 days.
        let (sink, requests) = try await read(["video_analytics"], config: ["org_ids": ["5509721"]])
        let daily = requests.filter { $0.url.contains("/videoAnalytics?") && $0.url.contains("aggregation=DAY") }
        let perMetric = Dictionary(grouping: daily) { request in
            ["VIDEO_VIEW", "VIEWER", "TIME_WATCHED_FOR_VIDEO_VIEWS", "TIME_WATCHED"].first {
                request.url.contains("type=\($0)&") || request.url.hasSuffix("type=\($0)")
            } ?? "?"
        }
        #expect(Set(perMetric.keys) == ["VIDEO_VIEW", "VIEWER", "TIME_WATCHED_FOR_VIDEO_VIEWS", "TIME_WATCHED"])
        // One range per metric, paged at 100 days: at most 2 requests (it was 7 month windows, 28 for a video).
        #expect(perMetric.values.allSatisfy { $0.count <= 2 })
        // And every recorded day is still there, each with its four metrics.
        let records = sink.records(of: "video_analytics")
        #expect(records.count == 48)
        #expect(records.allSatisfy { ($0["videoViews"]?.int64Value ?? -1) >= 0 && $0["viewers"] != nil })
        #expect(records.contains { ($0["videoViews"]?.int64Value ?? 0) > 0 })
    }

    @Test func postStatisticsAreAskedOnlyForPostsLinkedInStillKeepsFiguresFor() throws {
        let stream = try #require(StreamRegistry.named("post_statistics"))
        let filter = try #require(stream.parent?.filter)
        let now = UTCCalendar.millis(recordedAt)
        let day = UTCCalendar.dayMillis
        #expect(filter.accepts(["id": "urn:li:share:1", "publishedAt": .int(now - 10 * day)], now: now))
        #expect(filter.accepts(["id": "urn:li:share:2", "createdAt": .int(now - 364 * day)], now: now))
        #expect(!filter.accepts(["id": "urn:li:share:3", "publishedAt": .int(now - 400 * day)], now: now))
        #expect(!filter.accepts(["id": "urn:li:share:4", "createdAt": .int(now - 3 * 365 * day)], now: now))
        // No date at all: LinkedIn decides (asked, not dropped).
        #expect(filter.accepts(["id": "urn:li:share:5"], now: now))
    }

    @Test func videoMetricsAreNamedByTheRequestWhateverTheAnswerCallsThem() throws {
        let pivot = try #require(StreamRegistry.named("video_analytics")?.pivot)
        // LinkedIn's schema table calls the field `type`; an answer without `statisticsType` must not read as 0.
        let element = PartitionReader.Extracted(record: ["type": "VIEWER", "value": 7, "timeRange": ["start": 1]])
        let combined = pivot.combine(pivot.tagged([element], listing: [("type", "VIEWER")]))
        #expect(combined.first?.record["viewers"] == .int(7))
        let untagged = pivot.combine([element])
        #expect(untagged.first?.record["viewers"] == .int(0), "what the tagging fixes")
    }
}

@Suite struct BatchResultsTests {
    @Test func aResultIsFoundWhateverFormLinkedInWritesItsKeyIn() throws {
        let key = "urn:li:comment:(urn:li:activity:1,2)"
        for written in [
            key, "urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A1%2C2%29", "urn%3ali%3acomment%3a%28urn%3ali%3aactivity%3a1%2c2%29",
            "urn:li:comment:%28urn:li:activity:1,2%29",
        ] {
            let body = try JSON.parse(Array(#"{"results":{"\#(written)":{"commentSummary":{"count":3}}}}"#.utf8))
            #expect(BatchResults(body)[key]?["commentSummary"]?["count"] == .int(3), "written as \(written)")
        }
    }

    @Test func aResultKeyedByAnotherURNIsFoundByItsEntity() throws {
        let body = try JSON.parse(
            Array(#"{"results":{"urn:li:activity:9":{"entity":"urn:li:share:9","commentSummary":{"count":1}}}}"#.utf8))
        #expect(BatchResults(body)["urn:li:share:9"]?["commentSummary"]?["count"] == .int(1))
        #expect(BatchResults(body)["urn:li:share:8"] == nil)
    }
}
