import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// A stream of a shape the registry does not have — daily statistics per video post, a child of a filtered parent —
/// declared here in test code only and read end to end by the unchanged engine: routers and cursors compose.
@Suite struct SyntheticStreamTests {
    /// `syntheticPostStatistics?q=post&post=<urn>&timeIntervals=(...)`: one element per day of the window.
    static let stream = StreamDefinition(
        name: "synthetic_video_post_daily",
        request: RequestTemplate(
            .literal("syntheticPostStatistics"), query: [.literal("q", "post"), .parentKey("post"), .timeIntervals]),
        router: .children(
            ParentStream(
                "posts", partitionField: "post", filter: .hasPrefix(path: ["id"], prefix: "urn:li:ugcPost:"),
                copies: [("id", "post")])),
        cursor: .timeWindow(field: "timeRangeEnd"),
        transforms: [.addOrganizationURN(field: "organization"), .flattenTimeRange],
        primaryKey: [["post"], ["timeRangeStart"]],
        schema: Schema.record(["post": Schema.string, "timeRangeStart": Schema.epochMillis]))

    /// The recorded responses, plus the synthetic endpoint; fails every synthetic request after `failAfter`.
    final class Transport: HTTPTransport {
        let replay: ReplayTransport
        let synthetic = Locked(0)
        let failAfter: Int?

        init(failAfter: Int? = nil) throws {
            replay = try ReplayTransport(directory: fixtureDirectory)
            self.failAfter = failAfter
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.url.contains("/rest/syntheticPostStatistics?") else { return replay.respond(to: request) }
            let count = synthetic.withLock {
                $0 += 1; return $0
            }
            if let failAfter, count > failAfter { return response(401, #"{"status":401,"message":"revoked"}"#) }
            func number(_ name: String) -> Int64 {
                guard let range = request.url.range(of: name + ":") else { return 0 }
                return Int64(request.url[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            let days = stride(from: number("start"), to: number("end"), by: Int(UTCCalendar.dayMillis)).map {
                day -> JSON in
                ["timeRange": ["start": .int(day), "end": .int(day + UTCCalendar.dayMillis)], "views": .int(day % 97)]
            }
            return response(200, JSON.object(["elements": .array(days)]).serialized)
        }
    }

    func read(_ transport: Transport, state: JSON = .array([]), concurrency: Int = 1) async throws -> MemorySink {
        let sink = MemorySink()
        let config = try PagesConfig(json: [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "start_date": "2026-09-01T00:00:00Z", "lookback_days": 0, "max_concurrency": .int(Int64(concurrency)),
        ])
        let engine = SyncEngine(
            client: makeClient(transport, sink: sink), config: config, sink: sink, clock: .pinned(recordedAt),
            streams: StreamRegistry.all + [Self.stream], checkpoints: CheckpointPolicy(interval: 0))
        _ = try await engine.read(
            catalog: ConfiguredCatalog(streams: [.init(name: Self.stream.name, syncMode: .incremental)]),
            state: InputState(json: state))
        return sink
    }

    func keys(_ records: [JSONObject]) -> [String] {
        records.map { "\($0["post"]?.stringValue ?? "")@\($0["timeRangeStart"]?.int64Value ?? 0)" }
    }

    @Test func aChildStreamByDayOfAFilteredParentReadsEndToEndWithCheckpoints() async throws {
        let sink = try await read(try Transport())
        let records = sink.records(of: Self.stream.name)
        let posts = Set(records.compactMap { $0["post"]?.stringValue })
        #expect(!posts.isEmpty && posts.allSatisfy { $0.hasPrefix("urn:li:ugcPost:") })  // the filter held
        // 2026-09-01 ..< 2026-11-18: 78 days for each ugcPost, keyed by post and day.
        #expect(records.count == posts.count * 78 && Set(keys(records)).count == records.count)
        #expect(records.allSatisfy { $0["organization"]?.stringValue?.hasPrefix("urn:li:organization:") == true })
        let state = try #require(sink.lastState(of: Self.stream.name))
        let entries = try #require(state["states"]?.arrayValue)
        #expect(entries.count == posts.count)
        #expect(
            entries.allSatisfy { $0["partition"]?["post"] != nil && $0["cursor"]?["timeRangeEnd"] == 1_794_960_000_000 }
        )
        // A second sync from that state reads nothing new and asks nothing of the synthetic endpoint.
        let transport = try Transport()
        let again = try await read(
            transport,
            state: inputState([(Self.stream.name, state)]))
        #expect(again.records(of: Self.stream.name).isEmpty && transport.synthetic.current == 0)
    }

    @Test func anInterruptedSyncResumesWithoutLosingOrDoublingRecords() async throws {
        let full = keys(try await read(try Transport()).records(of: Self.stream.name))
        // The first sync stops part-way (the token is revoked after 7 requests); the platform keeps its last STATE.
        let interrupted = try await read(try Transport(failAfter: 7))
        let kept = keys(interrupted.records(of: Self.stream.name))
        #expect(!kept.isEmpty && kept.count < full.count)
        let state = try #require(interrupted.lastState(of: Self.stream.name))
        let resumed = try await read(
            try Transport(),
            state: inputState([(Self.stream.name, state)]))
        let rest = keys(resumed.records(of: Self.stream.name))
        #expect(Set(kept).isDisjoint(with: rest))  // nothing twice
        #expect((kept + rest).sorted() == full.sorted())  // nothing lost
    }
}
