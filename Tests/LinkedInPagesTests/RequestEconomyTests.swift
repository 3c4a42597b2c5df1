import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// No request is sent twice in one read, whatever streams are selected and in whatever order, on a first sync and on
/// the next one from its state: LinkedIn's quotas count every call.
@Suite struct RequestEconomyTests {
    /// One read of `streams` through the replay; returns what it wrote and the requests it sent.
    func read(_ streams: [String], mode: AirbyteStream.SyncMode, state: InputState = InputState()) async throws
        -> (sink: MemorySink, requests: [HTTPRequest])
    {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let source = LinkedInPagesSource(
            transport: replay, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries, sleep: { _ in })
        let sink = MemorySink()
        let config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "member_hash_salt": "pepper", "start_date": "2026-10-01T00:00:00Z",
        ]
        _ = try await source.read(
            config: .object(config),
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: mode) }),
            state: state, sink: sink)
        return (sink, replay.requests)
    }

    /// The requests of a read; with `second`, of the read after it, from the state the first one left.
    func requests(_ streams: [String], mode: AirbyteStream.SyncMode = .incremental, second: Bool = false) async throws
        -> [HTTPRequest]
    {
        guard second else { return try await read(streams, mode: mode).requests }
        let first = try await read(streams, mode: mode).sink
        var streamsState: [String: JSON] = [:]
        for (stream, value, _) in first.states { streamsState[stream] = value }
        return try await read(streams, mode: mode, state: InputState(streams: streamsState)).requests
    }

    static let combos: [[String]] = [
        ["posts", "post_comments"],
        ["post_comments", "posts"],
        ["posts", "post_social_metadata", "post_comments", "post_reactions"],
        ["post_reactions", "post_social_metadata", "posts"],
        ["posts", "post_statistics", "video_analytics", "video_analytics_lifetime"],
        ["video_analytics", "video_analytics_lifetime"],
        ["post_comments", "post_reactions"],
        ["facet_values"],
        ["facet_values", "follower_statistics_by_facet"],
        [
            "facet_values", "follower_statistics", "page_statistics_by_facet", "follower_statistics_by_facet",
            "page_statistics",
        ],
        ["follower_statistics", "follower_statistics_by_facet"],
    ]

    @Test(arguments: combos, [AirbyteStream.SyncMode.incremental, .fullRefresh])
    func noRequestIsSentTwice(_ streams: [String], mode: AirbyteStream.SyncMode) async throws {
        let urls = try await requests(streams, mode: mode).map {
            "\($0.method) \($0.url) \($0.body.map { String(decoding: $0, as: UTF8.self) } ?? "")"
        }
        var counts: [String: Int] = [:]
        for url in urls { counts[url, default: 0] += 1 }
        let dups = counts.filter { $0.value > 1 }
        let summary = dups.map { "\($0.value)x \($0.key.prefix(160))" }.sorted().joined(separator: "\n  ")
        #expect(dups.isEmpty, "\(streams) \(mode):\n  \(summary)")
    }

    @Test(arguments: combos)
    func noRequestIsSentTwiceOnTheNextSync(_ streams: [String]) async throws {
        let urls = try await requests(streams, mode: .incremental, second: true).map {
            "\($0.method) \($0.url) \($0.body.map { String(decoding: $0, as: UTF8.self) } ?? "")"
        }
        var counts: [String: Int] = [:]
        for url in urls { counts[url, default: 0] += 1 }
        let dups = counts.filter { $0.value > 1 }
        let summary = dups.map { "\($0.value)x \($0.key.prefix(200))" }.sorted().joined(separator: "\n  ")
        #expect(dups.isEmpty, "\(streams):\n  \(summary)")
    }
}
