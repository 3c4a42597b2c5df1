import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// The recorded responses, plus engagement that arrives between two syncs on posts that themselves do not change
/// (LinkedIn keeps a post's `lastModifiedAt` when someone comments or reacts): one new comment and one new reaction
/// on each post in `changed`, with the per-post counts moving to match.
final class LateEngagementTransport: HTTPTransport {
    private let replay: ReplayTransport
    private let changed: Locked<Set<String>>
    private let arrivedAt: Int64

    init(replay: ReplayTransport, arrivedAt: Date) {
        self.replay = replay
        self.arrivedAt = UTCCalendar.millis(arrivedAt) - 3_600_000
        changed = Locked([])
    }

    func engage(_ posts: Set<String>) { changed.withLock { $0 = posts } }

    var requests: [HTTPRequest] { replay.requests }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var response = replay.respond(to: request)
        let posts = changed.current
        guard !posts.isEmpty, let path = request.url.split(separator: "?").first.map(String.init) else {
            return response
        }
        let post = posts.first { path.contains(RestLi.pathKey($0)) }
        var body = (try? JSON.parse(response.body))?.objectValue ?? JSONObject()
        if path.hasSuffix("/socialMetadata"), case .object(var results)? = body["results"] {
            for urn in posts {
                guard var entry = results[urn]?.objectValue else { continue }
                let count = (entry["commentSummary"]?["count"]?.int64Value ?? 0) + 1
                let top = (entry["commentSummary"]?["topLevelCount"]?.int64Value ?? 0) + 1
                entry["commentSummary"] = ["count": .int(count), "topLevelCount": .int(top)]
                var summaries = entry["reactionSummaries"]?.objectValue ?? JSONObject()
                let likes = (summaries["LIKE"]?["count"]?.int64Value ?? 0) + 1
                summaries["LIKE"] = ["reactionType": "LIKE", "count": .int(likes)]
                entry["reactionSummaries"] = .object(summaries)
                results[urn] = .object(entry)
            }
            body["results"] = .object(results)
        } else if let post, path.hasSuffix("/comments"), !path.contains("urn%3Ali%3Acomment") {
            let id = "99\(abs(post.hashValue) % 1_000_000_000)"
            let comment: JSON = [
                "id": .string(id), "commentUrn": .string("urn:li:comment:(urn:li:activity:1,\(id))"),
                "object": .string(post), "actor": "urn:li:person:TGF0ZUNvbW1lbnRlcg",
                "message": ["text": "Late to the party, but great post."],
                "created": ["actor": "urn:li:person:TGF0ZUNvbW1lbnRlcg", "time": .int(arrivedAt)],
                "lastModified": ["actor": "urn:li:person:TGF0ZUNvbW1lbnRlcg", "time": .int(arrivedAt)],
            ]
            body["elements"] = .array((body["elements"]?.arrayValue ?? []) + [comment])
            body["paging"] = ["start": 0, "count": 100, "total": .int(Int64(body["elements"]?.arrayValue?.count ?? 0))]
        } else if let post, path.contains("/reactions/") {
            let reaction: JSON = [
                "id": .string("urn:li:reaction:(urn:li:person:TGF0ZVJlYWN0b3I,\(post))"), "root": .string(post),
                "reactionType": "LIKE",
                "created": ["actor": "urn:li:person:TGF0ZVJlYWN0b3I", "time": .int(arrivedAt)],
                "lastModified": ["actor": "urn:li:person:TGF0ZVJlYWN0b3I", "time": .int(arrivedAt)],
            ]
            body["elements"] = .array([reaction] + (body["elements"]?.arrayValue ?? []))  // newest first
            body["paging"] = ["start": 0, "count": 100, "total": .int(Int64(body["elements"]?.arrayValue?.count ?? 0))]
        } else {
            return response
        }
        response = HTTPResponse(status: 200, body: Array(JSON.object(body).serialized.utf8))
        return response
    }
}

@Suite struct EngagementChangeTests {
    let streams = ["post_comments", "post_reactions"]
    let secondSyncAt = recordedAt.addingTimeInterval(86_400)

    func read(_ transport: LateEngagementTransport, state: JSON = .array([]), at now: Date) async throws
        -> (MemorySink, [ConnectorError])
    {
        let source = LinkedInPagesSource(
            transport: transport, endpoints: testEndpoints, clock: { now }, retry: instantRetries, sleep: { _ in })
        let sink = MemorySink()
        let config: JSON = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183"], "lookback_days": 0,
            "member_hash_salt": "pepper",
        ]
        let failures = try await source.read(
            config: config,
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) }),
            state: InputState(json: state), sink: sink)
        return (sink, failures)
    }

    func state(of sink: MemorySink) -> JSON { sink.nextInputState(streams) }

    func engagementRequests(_ requests: [HTTPRequest], since index: Int) -> [String] {
        requests[index...].map(\.url).filter { $0.contains("/socialActions/") || $0.contains("/reactions/") }
    }

    @Test func newCommentsAndReactionsOnUnchangedPostsAreSyncedAndNothingOldIsRepeated() async throws {
        let transport = LateEngagementTransport(
            replay: try ReplayTransport(directory: fixtureDirectory), arrivedAt: secondSyncAt)
        let (first, failures) = try await read(transport, at: recordedAt)
        #expect(failures.isEmpty)
        let posts = Set(
            transport.requests.compactMap { request -> [String]? in
                guard request.url.contains("/socialMetadata?") else { return nil }
                let list = request.url.split(separator: "ids=List(").last?.split(separator: ")").first ?? ""
                return list.split(separator: ",").compactMap { $0.removingPercentEncoding }
            }.flatMap { $0 }.filter { !$0.hasPrefix("urn:li:comment:") })
        #expect(posts.count == 123)

        // Every post gets one new comment and one new reaction; the posts themselves do not change.
        transport.engage(posts)
        let before = transport.requests.count
        let (second, _) = try await read(transport, state: state(of: first), at: secondSyncAt)
        let comments = second.records(of: "post_comments")
        let reactions = second.records(of: "post_reactions")
        #expect(comments.count == 123 && reactions.count == 123)
        #expect(comments.allSatisfy { $0["message"]?["text"] == "Late to the party, but great post." })
        #expect(
            reactions.allSatisfy {
                ($0["lastModifiedAt"]?.int64Value ?? 0) == UTCCalendar.millis(secondSyncAt) - 3_600_000
            })
        #expect(Set(comments.compactMap { $0["post"]?.stringValue }) == posts)

        // Nothing new: only the posts listings, their counts and the page's notifications (the comments' change
        // feed) are asked, no comment or reaction listing.
        let quiet = transport.requests.count
        let (third, _) = try await read(transport, state: state(of: second), at: secondSyncAt)
        #expect(third.records.isEmpty)
        #expect(engagementRequests(transport.requests, since: quiet).isEmpty)
        #expect(
            transport.requests[quiet...].allSatisfy {
                $0.url.contains("/posts?") || $0.url.contains("/socialMetadata?")
                    || $0.url.contains("/organizationalEntityNotifications?")
                    || $0.url.contains("/organizationAcls?")  // the id is bare: is it a showcase page?
            })
        #expect(before < quiet)
    }

    @Test func onlyPostsWhoseCountsMovedAreRead() async throws {
        let transport = LateEngagementTransport(
            replay: try ReplayTransport(directory: fixtureDirectory), arrivedAt: secondSyncAt)
        let (first, _) = try await read(transport, at: recordedAt)
        let changed: Set<String> = ["urn:li:share:7390000002414183001", "urn:li:ugcPost:7390000002414183030"]
        transport.engage(changed)
        let before = transport.requests.count
        let (second, _) = try await read(transport, state: state(of: first), at: secondSyncAt)
        let asked = engagementRequests(transport.requests, since: before)
        #expect(asked.count == 4)  // one comment and one reaction listing per changed post
        #expect(asked.allSatisfy { url in changed.contains { url.contains(RestLi.pathKey($0)) } })
        #expect(second.records(of: "post_comments").count == 2 && second.records(of: "post_reactions").count == 2)
    }
}
