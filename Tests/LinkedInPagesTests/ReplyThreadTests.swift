import AirbyteProtocol
import Foundation
import LinkedInFake
import Testing
@testable import LinkedInPages

/// Replies on the next day's sync, against the LinkedIn stand-in over HTTP on 127.0.0.1 (day 0, then day 1 with a new
/// reply on the popular post, new comments and a new post): only the reply threads whose count moved are listed,
/// a post whose comments did not change is not listed again, and the two syncs together hold every comment and reply
/// a fresh sync of day 1 finds.
@Suite(.serialized) struct ReplyThreadTests {
    static let dayZero = ISO8601DateFormatter().date(from: "2026-11-18T00:00:00Z")!
    static let world = EngagementWorld(dayZero: Int64(dayZero.timeIntervalSince1970 * 1000))
    static let organizations = 2

    struct Sync {
        var sink: MemorySink
        var kinds: [String: Int]
        var paths: [String: Int]
    }

    /// The stand-in over HTTP, counting the comments whose reply counts are asked; reply listings after the first
    /// `repliesServed` answer 401 (a token revoked mid-sync: the run stops where it is).
    final class Watched: HTTPTransport {
        let http = CurlTransport(requestTimeout: 30)
        let repliesServed: Int
        private let replies = Locked(0)
        private let probed = Locked(0)

        /// A comment whose reply count the `socialMetadata` answers leave out.
        let uncounted: String?
        /// Every `flakyEvery`-th reply-count request and reply listing answers 503 (0: none).
        let flakyEvery: Int
        private let engagement = Locked(0)

        init(repliesServed: Int = .max, uncounted: String? = nil, flakyEvery: Int = 0) {
            self.repliesServed = repliesServed
            self.uncounted = uncounted
            self.flakyEvery = flakyEvery
        }

        /// 503s sent so far.
        var busyAnswers: Int { engagement.current / max(1, flakyEvery) }

        /// Comments named in `socialMetadata` requests so far (in the URL, or in the body of a tunnelled one).
        var probedComments: Int { probed.current }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            if request.url.contains("/socialMetadata") {
                let text = request.url + String(decoding: request.body ?? [], as: UTF8.self)
                probed.withLock { $0 += text.components(separatedBy: "urn%3Ali%3Acomment%3A").count - 1 }
            }
            let aboutThreads =
                request.url.contains("/socialActions/urn%3Ali%3Acomment")
                || (request.url.contains("/socialMetadata")
                    && (request.url + String(decoding: request.body ?? [], as: UTF8.self)).contains("comment"))
            if flakyEvery > 0, aboutThreads {
                let count = engagement.withLock {
                    $0 += 1
                    return $0
                }
                if count % flakyEvery == 0 {
                    return HTTPResponse(status: 503, body: Array(#"{"status":503,"message":"Busy"}"#.utf8))
                }
            }
            if request.url.contains("/socialActions/urn%3Ali%3Acomment") {
                let served = replies.withLock {
                    $0 += 1
                    return $0
                }
                if served > repliesServed {
                    return HTTPResponse(status: 401, body: Array(#"{"status":401,"message":"Revoked"}"#.utf8))
                }
            }
            let response = try await http.send(request)
            guard let uncounted, request.url.contains("/socialMetadata"),
                case .object(var body)? = try? JSON.parse(response.body),
                case .object(var results)? = body["results"]
            else { return response }
            results[uncounted] = nil
            body["results"] = .object(results)
            return HTTPResponse(status: 200, body: Array(JSON.object(body).serialized.utf8))
        }
    }

    func sync(
        day: Int, state: JSON = .array([]), transport: HTTPTransport? = nil, token: String = "all-scopes",
        at moment: Date? = nil, mode: AirbyteStream.SyncMode = .incremental
    ) async throws -> Sync {
        let server = try SyntheticLinkedIn(
            .init(organizations: Self.organizations, engagement: Self.world.later(by: day), distinctFacetValues: 5))
        defer { server.stop() }
        let source = LinkedInPagesSource(
            transport: transport ?? CurlTransport(requestTimeout: 30),
            endpoints: Endpoints(apiBase: server.apiBase, tokenURL: server.tokenURL),
            clock: { moment ?? Self.dayZero.addingTimeInterval(Double(day) * 86_400 + 6 * 3_600) },
            retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.001, maxDelay: 0.01), sleep: { _ in },
            progress: ProgressPolicy(interval: 0))
        let config: JSON = [
            "credentials": ["access_token": .string(token)], "org_ids": ["10000001", "10000002"],
            "start_date": "2026-06-01T00:00:00Z", "member_hash_salt": "test-salt", "lookback_days": 0,
        ]
        let sink = MemorySink()
        let failures = try await source.read(
            config: config,
            catalog: ConfiguredCatalog(streams: [.init(name: "post_comments", syncMode: mode)]),
            state: InputState(json: state), sink: sink)
        let revoking = (transport as? Watched).map { $0.repliesServed < .max } ?? false
        #expect(failures.isEmpty == !revoking)  // only the revoked token stops a sync here
        return Sync(sink: sink, kinds: server.requestKinds(), paths: server.requestCounts())
    }

    func state(_ streamState: JSON) -> JSON {
        inputState([("post_comments", streamState)])
    }

    /// What `expected` holds that the syncs together do not: empty when nothing was lost (a count and one example
    /// otherwise, not thousands of keys).
    func lost(_ syncs: [Sync], from expected: Sync) -> String {
        let missing = keys(expected).subtracting(syncs.reduce(Set<String>()) { $0.union(keys($1)) })
        return missing.isEmpty ? "" : "\(missing.count) lost, e.g. \(missing.min() ?? "")"
    }

    /// Every comment and reply of a sync, by post and id.
    func keys(_ sync: Sync) -> Set<String> {
        Set(sync.sink.records(of: "post_comments").map { "\($0["post"]?.stringValue ?? "")/\($0["id"] ?? .null)" })
    }

    /// Reply threads on day 1 that are new or whose count moved: what a sync that knew each thread's count lists.
    var movedThreads: Int {
        (0..<Self.organizations).reduce(0) { sum, k in
            Self.world.later().posts(organization: k).reduce(sum) { total, post in
                let before = Self.world.post(organization: k, serial: post.serial)?.comments ?? []
                return total
                    + post.comments.enumerated().filter { index, replies in
                        replies > 0 && replies != (index < before.count ? before[index] : 0)
                    }.count
            }
        }
    }

    /// The popular post's path in the stand-in's request counts (the comments listing of a post).
    func commentListings(of post: EngagementWorld.Post, in sync: Sync) -> Int {
        sync.paths["/rest/socialActions/\(post.urn)/comments"] ?? 0
    }

    /// Per page, ⌈comments of posts whose counts say they have replies / 50⌉: the fewest reply-count requests.
    var fewestProbes: Int {
        (0..<Self.organizations).reduce(0) { sum, k in
            let comments = Self.world.posts(organization: k).filter { $0.commentCount > $0.topLevelCount }
                .reduce(0) { $0 + $1.topLevelCount }
            return sum + (comments + 49) / 50
        }
    }

    @Test func theNextDayListsOnlyTheReplyThreadsThatMovedAndLosesNothing() async throws {
        let first = try await sync(day: 0)
        // The first sync asks reply counts 50 comments a request across a page's posts, not a request per post.
        let postsWithReplies = Self.world.posts(organization: 0).filter { $0.commentCount > $0.topLevelCount }.count
        #expect(postsWithReplies > 3)
        #expect(first.kinds["socialMetadata comments"] == fewestProbes)
        let saved = try #require(first.sink.lastState(of: "post_comments"))
        let watched = Watched()
        let next = try await sync(day: 1, state: state(saved), transport: watched)
        let fresh = try await sync(day: 1)

        // Nothing lost: the two syncs together hold what a fresh sync of day 1 holds, and nothing old came again.
        #expect(lost([first, next], from: fresh) == "")
        #expect(keys(first).union(keys(next)).count == keys(fresh).count)
        #expect(keys(first).intersection(keys(next)).isEmpty)
        let replies = next.sink.records(of: "post_comments").filter {
            $0["parentComment"] != nil && $0["parentComment"] != .null
        }
        #expect(!replies.isEmpty)

        // Only the threads whose count moved are listed (one per page here), not every thread of a post that moved.
        #expect(movedThreads >= 1)
        #expect(next.kinds["socialActions replies"] == movedThreads)
        #expect((fresh.kinds["socialActions replies"] ?? 0) > 10 * movedThreads)
        // The popular post (120 comments, one new reply) is not listed again: its known threads hold every reply.
        let popular = try #require(
            Self.world.later().posts(organization: 0).max { $0.topLevelCount < $1.topLevelCount })
        #expect(commentListings(of: popular, in: first) == 2)
        #expect(commentListings(of: popular, in: next) == 0)
        // Reply counts are asked only for posts whose counts moved and that have replies: of the threads known to
        // have replies when the post has as many top-level comments as before, else of all its comments.
        var probedThreads = 0
        let probes = (0..<Self.organizations).reduce(0) { sum, k in
            let threads = Self.world.later().posts(organization: k).reduce(0) { total, post in
                let before = Self.world.post(organization: k, serial: post.serial)
                guard post.commentCount != before?.commentCount, post.commentCount > post.topLevelCount else {
                    return total
                }
                guard let before, before.topLevelCount == post.topLevelCount else { return total + post.topLevelCount }
                return total + before.comments.filter { $0 > 0 }.count
            }
            probedThreads += threads
            return sum + (threads + 49) / 50
        }
        #expect(next.kinds["socialMetadata comments"] == probes)
        #expect(watched.probedComments == probedThreads)

        // What the state keeps for it stays small: each thread's count costs a few bytes, not its 70-byte URN.
        let entry = saved["states"]?.arrayValue?.first { $0["partition"]?["post"]?.stringValue == popular.urn }
        let threads = try #require(entry?["cursor"]?[NestedCounts.stateField])
        let count = try #require(threads["counts"]?.objectValue?.count)
        #expect(count == popular.comments.filter { $0 > 0 }.count && count >= 30)
        #expect(threads.serialized.utf8.count < 80 + 24 * count)
    }

    @Test func aThreadTheStateDoesNotKnowMakesThePostBeReadWhole() async throws {
        let first = try await sync(day: 0)
        // The popular post's entry forgets one of its threads (as if it got its first reply since): the known threads
        // then hold fewer replies than the post counts, and the post is read whole.
        let popular = try #require(Self.world.posts(organization: 0).max { $0.topLevelCount < $1.topLevelCount })
        var saved = try #require(first.sink.lastState(of: "post_comments")?.objectValue)
        var entries = try #require(saved["states"]?.arrayValue)
        let index = try #require(entries.firstIndex { $0["partition"]?["post"]?.stringValue == popular.urn })
        var cursor = try #require(entries[index]["cursor"]?.objectValue)
        var nested = try #require(cursor[NestedCounts.stateField]?.objectValue)
        var counts = try #require(nested["counts"]?.objectValue)
        #expect(counts.count == popular.comments.filter { $0 > 0 }.count)
        let forgotten = try #require(counts.keys.last)
        counts[forgotten] = nil
        nested["counts"] = .object(counts)
        cursor[NestedCounts.stateField] = .object(nested)
        entries[index] = ["partition": entries[index]["partition"]!, "cursor": .object(cursor)]
        saved["states"] = .array(entries)

        let next = try await sync(day: 1, state: state(.object(saved)))
        #expect(commentListings(of: popular, in: next) == 2)
        // The forgotten thread is listed as well as the moved ones; its replies are older than the cursor.
        #expect(next.kinds["socialActions replies"] == movedThreads + 1)
        let fresh = try await sync(day: 1)
        #expect(lost([first, next], from: fresh) == "")
        let after = try #require(next.sink.lastState(of: "post_comments"))
        let entry = after["states"]?.arrayValue?.first { $0["partition"]?["post"]?.stringValue == popular.urn }
        #expect(entry?["cursor"]?[NestedCounts.stateField]?["counts"]?.objectValue?.count == counts.count + 1)
    }

    @Test func aSyncStoppedWhileRepliesWaitForTheirCountsLosesNothingWhenResumed() async throws {
        // The token is revoked after 5 reply listings: posts whose threads were counted but not yet listed must not
        // be checkpointed, so the resumed sync (from the last STATE) reads them again.
        let stopped = try await sync(day: 0, transport: Watched(repliesServed: 5))
        let saved = try #require(stopped.sink.lastState(of: "post_comments"))
        let resumed = try await sync(day: 0, state: state(saved))
        let fresh = try await sync(day: 0)
        #expect(!keys(stopped).isEmpty && keys(stopped) != keys(fresh))
        #expect(lost([stopped, resumed], from: fresh) == "")
        // Posts whose threads were waiting when the token was revoked were not checkpointed: their threads are
        // listed again. What the stopped sync had checkpointed is not read again.
        #expect((resumed.kinds["socialActions replies"] ?? 0) > 0)
        #expect(keys(resumed).count < keys(fresh).count)
    }

    @Test func aCommentTheCountsLeaveOutHasItsRepliesListedAnyway() async throws {
        // LinkedIn's batch answer has no count for a comment with replies (an error entry, or left out): its thread
        // is listed rather than taken for empty, and the post's thread counts are not saved as if complete.
        let popular = try #require(Self.world.posts(organization: 0).max { $0.topLevelCount < $1.topLevelCount })
        let comment = popular.commentURN(1)
        #expect(popular.comments[1] > 0)
        let partial = try await sync(day: 0, transport: Watched(uncounted: comment))
        let fresh = try await sync(day: 0)
        #expect(lost([partial], from: fresh) == "")
        let state = try #require(partial.sink.lastState(of: "post_comments"))
        let entry = state["states"]?.arrayValue?.first { $0["partition"]?["post"]?.stringValue == popular.urn }
        #expect(entry?["cursor"]?[NestedCounts.stateField] == nil)
    }

    @Test func whetherOnlyRepliesMovedIsJudgedByWhatTheLastReadListed() throws {
        // The saved signal may be older than the thread counts (a sync whose per-post counts failed keeps the old
        // one): the top-level count the counts were taken with decides, never the signal.
        let detection = try #require(
            {
                if case .changeDetection(let signal)? = StreamRegistry.all.first(where: { $0.name == "post_comments" })?
                    .cursor
                {
                    return signal
                }
                return nil
            }())
        let threads = NestedCounts(["urn:li:comment:(urn:li:activity:1,2)": 1], direct: 8)
        let saved: JSONObject = ["engagement": "10", NestedCounts.stateField: threads.json]
        func plan(direct: Int64) -> NestedPlan? {
            NestedPlan(
                detection, saved: saved, signal: ParentSignal(value: "13", direct: direct, nested: 13 - direct),
                incremental: true)
        }
        #expect(plan(direct: 8)?.directUnchanged == true)
        #expect(plan(direct: 10)?.directUnchanged == false)  // 10 - 1 would match the stale signal: not used
        let roundTrip = NestedCounts(json: threads.json)
        #expect(roundTrip == threads && roundTrip?.counts.values.reduce(0, +) == 1)
        let withoutDirect: JSONObject = [NestedCounts.stateField: ["prefix": "", "counts": [:]]]
        #expect(
            NestedPlan(
                detection, saved: withoutDirect, signal: ParentSignal(value: "1", direct: 0, nested: 1),
                incremental: true)?.directUnchanged == false)
    }

    @Test func flakyReplyCountsAndListingsAreRetriedAndLoseNothing() async throws {
        // Every third request about reply threads (their counts, their listings) answers 503: each is retried, and
        // the first and the next day's syncs together still hold everything, with each thread's counts saved.
        let flaky = (Watched(flakyEvery: 3), Watched(flakyEvery: 3))
        let first = try await sync(day: 0, transport: flaky.0)
        let saved = try #require(first.sink.lastState(of: "post_comments"))
        let next = try await sync(day: 1, state: state(saved), transport: flaky.1)
        #expect(flaky.0.busyAnswers > 10 && flaky.1.busyAnswers > 0)
        let fresh = try await sync(day: 1)
        #expect(lost([first, next], from: fresh) == "")
        #expect(next.kinds["socialActions replies"] ?? 0 < fresh.kinds["socialActions replies"] ?? 0)
        let entries = saved["states"]?.arrayValue ?? []
        #expect(entries.contains { $0["cursor"]?[NestedCounts.stateField]?["counts"]?.objectValue?.isEmpty == false })
    }

    @Test func withoutTheChangeFeedEveryThreadOfAMovedPostIsListedAsBefore() async throws {
        // A token that cannot read the page's notifications (no rw_organization_admin): a reply deleted and another
        // added would keep a thread's count, and nothing else would tell, so thread counts are not trusted and every
        // thread with replies of a post whose count moved is listed, as before they were kept.
        let first = try await sync(day: 0, token: "no-admin")
        let saved = try #require(first.sink.lastState(of: "post_comments"))
        let next = try await sync(day: 1, state: state(saved), token: "no-admin")
        let fresh = try await sync(day: 1)
        #expect(lost([first, next], from: fresh) == "")
        let moved = (0..<Self.organizations).reduce(0) { sum, k in
            Self.world.later().posts(organization: k).reduce(sum) { total, post in
                let before = Self.world.post(organization: k, serial: post.serial)
                guard post.commentCount != before?.commentCount else { return total }
                return total + post.comments.filter { $0 > 0 }.count
            }
        }
        #expect(next.kinds["socialActions replies"] == moved)
        #expect(moved > movedThreads)
        #expect(next.sink.logs.contains { $0.contains("change feed") && $0.contains("unavailable") })
    }

    @Test func threadCountsOlderThanTheChangeFeedReachesAreNotTrusted() throws {
        // LinkedIn keeps notifications 60 days: counts taken before that may hide a reply deleted and another added.
        var threads = NestedCounts(["urn:li:comment:(urn:li:activity:1,2)": 3], direct: 4)
        threads.takenAt = 1_000
        let plan = NestedPlan(expected: true, known: threads, total: 3, directUnchanged: true)
        let organization = try #require(Organization("10000001"))
        let planned = PlannedPartition(
            partition: Partition(organizations: [organization]),
            cursors: [PartitionCursor(slices: [Slice(nested: plan)])])
        let kept = PartitionPlanner.forgettingThreads(planned, takenBefore: 1_000).slices.first?.nested
        #expect(kept?.known == threads && kept?.directUnchanged == true)
        let dropped = PartitionPlanner.forgettingThreads(planned, takenBefore: 1_001).slices.first?.nested
        #expect(dropped?.known == nil && dropped?.directUnchanged == false && dropped?.total == 3)
        #expect(NestedCounts(json: threads.json)?.takenAt == 1_000)
    }

    @Test func noCursorPassesFiveMinutesBeforeTheRunBegan() async throws {
        // The run starts at 11:30 while LinkedIn already holds a reply of 12:00 (clocks differ, or it was written
        // during the run): the post's cursor stops at 11:25, so the next sync, even with no lookback, reads from there.
        let start = Self.dayZero.addingTimeInterval(11.5 * 3_600)
        let ceiling = Int64(start.timeIntervalSince1970 * 1000) - 5 * 60_000
        let early = try await sync(day: 1, at: start)
        let cursors = (early.sink.lastState(of: "post_comments")?["states"]?.arrayValue ?? []).compactMap {
            $0["cursor"]?["lastModifiedAt"]?.int64Value
        }
        #expect(!cursors.isEmpty && cursors.allSatisfy { $0 <= ceiling })
        #expect(cursors.contains(ceiling))  // the popular post's newest reply is later than the ceiling
        let late = early.sink.records(of: "post_comments").compactMap { $0["lastModifiedAt"]?.int64Value }
        #expect(late.contains { $0 > ceiling })
    }

    @Test func aFullRefreshFromAStateWithThreadCountsReadsEverything() async throws {
        // Full refresh ignores what the state knows about threads: every comment and reply, as a first sync reads.
        let first = try await sync(day: 0)
        let saved = try #require(first.sink.lastState(of: "post_comments"))
        let full = try await sync(day: 1, state: state(saved), mode: .fullRefresh)
        let fresh = try await sync(day: 1)
        #expect(lost([full], from: fresh) == "")
        #expect(full.kinds["socialActions replies"] == fresh.kinds["socialActions replies"])
    }
}
