import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// Posts, their statistics, comments and reactions, and page statistics, replayed from the recorded fixtures.
@Suite struct PostsAndEngagementTests {
    let engagement = ["posts", "post_statistics", "post_comments", "post_reactions"]

    func read(
        _ streams: [String], state: JSON = .array([]), extra: [(String, JSON)] = [],
        mode: AirbyteStream.SyncMode = .incremental
    ) async throws -> (MemorySink, [HTTPRequest], [ConnectorError]) {
        var config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "member_hash_salt": "pepper", "start_date": "2026-10-01T00:00:00Z",
        ]
        for (key, value) in extra { config[key] = value }
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let source = LinkedInPagesSource(
            transport: replay, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries, sleep: { _ in },
            checkpoints: CheckpointPolicy(interval: 0))
        let sink = MemorySink()
        let failures = try await source.read(
            config: .object(config),
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: mode) }),
            state: InputState(json: state), sink: sink)
        return (sink, replay.requests, failures)
    }

    func paths(_ requests: [HTTPRequest], containing fragment: String) -> [String] {
        requests.map(\.url).filter { $0.contains(fragment) }
    }

    @Test func postsPageThroughOrganicAndSponsoredListingsNewestFirst() async throws {
        let (sink, requests, failures) = try await read(["posts"])
        #expect(failures.isEmpty)
        let posts = sink.records(of: "posts")
        #expect(posts.count == 127)  // 120 organic in two pages + 3 sponsored, and 4 of the second page
        #expect(posts.filter { $0["adContext"]?["isDsc"] == true }.count == 3)
        #expect(Set(posts.compactMap { $0["id"]?.stringValue }).count == 127)
        let listing = paths(requests, containing: "author=urn%3Ali%3Aorganization%3A2414183")
        #expect(
            listing.contains {
                $0.hasSuffix(
                    "/rest/posts?q=author&author=urn%3Ali%3Aorganization%3A2414183&sortBy=LAST_MODIFIED&start=0&count=100"
                )
            })
        #expect(listing.contains { $0.contains("&start=100&count=100") })
        #expect(listing.contains { $0.contains("isDsc=true") })
        let first = posts.filter { $0["author"] == "urn:li:organization:2414183" }.compactMap {
            $0["lastModifiedAt"]?.int64Value
        }
        #expect(first == first.sorted(by: >))
    }

    func cursorState(_ stream: String, _ cursorField: String, _ value: Int64) -> JSON {
        [
            [
                "type": "STREAM",
                "stream": [
                    "stream_descriptor": ["name": .string(stream)],
                    "stream_state": [
                        "states": [
                            [
                                "partition": ["org_id": "2414183"],
                                "cursor": .object(JSONObject([(cursorField, JSON.int(value))])),
                            ],
                            [
                                "partition": ["org_id": "5509721"],
                                "cursor": .object(JSONObject([(cursorField, JSON.int(value))])),
                            ],
                        ]
                    ],
                ],
            ]
        ]
    }

    @Test func incrementalPostsStopPagingAtTheCursorMinusLookback() async throws {
        let (all, _, _) = try await read(["posts"])
        let newest = all.records(of: "posts").compactMap { $0["lastModifiedAt"]?.int64Value }.sorted(by: >)
        let cursor = newest[10] + 2 * UTCCalendar.dayMillis
        let (sink, requests, _) = try await read(["posts"], state: cursorState("posts", "lastModifiedAt", cursor))
        let threshold = cursor - 2 * UTCCalendar.dayMillis  // default lookback_days
        let read = sink.records(of: "posts")
        #expect(!read.isEmpty && read.count < 20)
        #expect(read.allSatisfy { ($0["lastModifiedAt"]?.int64Value ?? 0) >= threshold })
        #expect(!requests.contains { $0.url.contains("start=100") })  // stopped on the first page
        let state = try #require(sink.lastState(of: "posts"))
        #expect(state["states"]?.arrayValue?.first?["cursor"]?["lastModifiedAt"] == .int(newest[0]))
    }

    @Test func aFirstSyncReadsCommentsOfPostsWithCommentsAndTheirReplies() async throws {
        let (sink, requests, failures) = try await read(["post_comments"], extra: [("org_ids", ["2414183"])])
        #expect(failures.isEmpty)
        // 123 posts: their counts in 3 batches of 50; comments only of the 3 posts that have any, then the counts of
        // the comments of the one post whose own counts say it has replies (commentCount > topLevelCommentCount),
        // and the replies of the one comment that has some.
        #expect(paths(requests, containing: "/socialMetadata?").count == 3 + 1)
        let listings = paths(requests, containing: "/socialActions/")
        #expect(listings.count == 4)
        #expect(listings.filter { $0.contains("/socialActions/urn%3Ali%3Acomment%3A") }.count == 1)
        let comments = sink.records(of: "post_comments")
        let replies = comments.filter { $0["parentComment"] != nil && $0["parentComment"] != .null }
        #expect(replies.count == 2)
        let parent = try #require(replies.first?["parentComment"]?.stringValue)
        #expect(comments.contains { $0["commentUrn"]?.stringValue == parent })
        #expect(replies.allSatisfy { $0["post"] == "urn:li:ugcPost:7390000002414183000" })
        #expect(comments.allSatisfy { $0["lastModifiedAt"]?.int64Value != nil && $0["organization"] != nil })
        // One state entry per post with comments, keyed by organization and post, holding its comment count; posts
        // without any keep no entry (they are read once their count is no longer zero).
        let entries = try #require(sink.lastState(of: "post_comments")?["states"]?.arrayValue)
        #expect(entries.count == 3)
        #expect(
            entries.allSatisfy { $0["partition"]?["post"]?.stringValue != nil && $0["cursor"]?["engagement"] != nil })
    }

    @Test func requestsUseRestLiKeysForComments_andReactions() async throws {
        let (_, requests, _) = try await read(["post_comments", "post_reactions"], extra: [("org_ids", ["5509721"])])
        #expect(
            requests.contains {
                $0.url.hasSuffix(
                    "/rest/socialActions/urn%3Ali%3AugcPost%3A7390000005509721000/comments?start=0&count=100")
            })
        #expect(
            requests.contains {
                $0.url.hasSuffix(
                    "/rest/reactions/(entity:urn%3Ali%3AugcPost%3A7390000005509721000)?q=entity&sort=(value:REVERSE_CHRONOLOGICAL)&start=0&count=100"
                )
            })
    }

    @Test func memberIdentifiersAreHashedByDefault() async throws {
        let (sink, _, _) = try await read(["post_comments", "post_reactions"])
        let text = sink.records.map { JSON.object($0.data).serialized }.joined()
        #expect(!text.contains("urn:li:person:"))
        let reaction = try #require(sink.records(of: "post_reactions").first)
        let actor = try #require(reaction["created"]?["actor"]?.stringValue)
        #expect(actor.hasPrefix("sha256:") && actor.count == 7 + 64)
        #expect(reaction["id"]?.stringValue?.contains(actor) == true)  // the same hash inside the composite id
        let types = Set(sink.records(of: "post_reactions").compactMap { $0["reactionType"]?.stringValue })
        #expect(types.isSuperset(of: ["LIKE", "PRAISE", "EMPATHY"]))
        // Organizations answering comments are not members and stay readable.
        #expect(
            sink.records(of: "post_comments").contains {
                $0["actor"]?.stringValue?.hasPrefix("urn:li:organization:") == true
            })
    }

    @Test func memberDataCanBeDroppedOrKept() async throws {
        let (dropped, _, _) = try await read(["post_reactions"], extra: [("member_data", "drop")])
        #expect(dropped.records(of: "post_reactions").allSatisfy { $0["created"]?["actor"] == .null })
        let (kept, _, _) = try await read(["post_reactions"], extra: [("member_data", "keep")])
        #expect(
            kept.records(of: "post_reactions").allSatisfy {
                $0["created"]?["actor"]?.stringValue?.hasPrefix("urn:li:person:") == true
            })
        // Without a salt one is generated (DefaultConfigTests); streams without member data need none at all.
        let (unsalted, _, _) = try await read(["follower_statistics_time_bound"], extra: [("member_hash_salt", "")])
        #expect(!unsalted.messages.contains { if case .control = $0 { true } else { false } })
    }

    @Test func postStatisticsAskForSharesAndUgcPostsSeparatelyOneRecordPerPost() async throws {
        let (sink, requests, _) = try await read(["post_statistics"], extra: [("org_ids", ["2414183"])])
        let records = sink.records(of: "post_statistics")
        #expect(records.count == 123)
        #expect(Set(records.compactMap { $0["post"]?.stringValue }).count == 123)
        #expect(
            records.allSatisfy {
                $0["snapshotDate"] == "2026-11-20" && $0["totalShareStatistics"]?["impressionCount"] != nil
            })
        let statistics = paths(requests, containing: "organizationalEntityShareStatistics")
        let shares = records.filter { $0["post"]?.stringValue?.hasPrefix("urn:li:share:") == true }.count
        let ugcPosts = records.count - shares
        #expect(statistics.count == (shares + 49) / 50 + (ugcPosts + 49) / 50)  // batches of 50, one URN type each
        #expect(statistics.allSatisfy { $0.contains("shares=List(") != $0.contains("ugcPosts=List(") })
    }

    @Test func pageStatisticsComeLifetimeAndTimeBound() async throws {
        let (sink, _, failures) = try await read(["page_statistics", "page_statistics_time_bound"])
        #expect(failures.isEmpty)
        let lifetime = sink.records(of: "page_statistics")
        #expect(lifetime.count == 2)
        #expect(lifetime.first?["pageStatisticsByFunction"]?.arrayValue?.count == 26)
        let daily = sink.records(of: "page_statistics_time_bound")
        #expect(daily.count == 96)
        #expect(daily.allSatisfy { $0["timeRangeStart"] != nil && $0["timeRange"] == nil && $0["organization"] != nil })
    }

    @Test func monthGranularityRequestsWholeMonths() async throws {
        let (sink, requests, _) = try await read(
            ["page_statistics_time_bound"],
            extra: [("time_granularity_type", "MONTH"), ("start_date", "2026-01-15T00:00:00Z")])
        let windows = requests.map(\.url).filter { $0.contains("timeIntervals") }
        #expect(windows.allSatisfy { $0.contains("timeGranularityType:MONTH") })
        // 2026-01-01 .. 2026-11-01 in six-month requests, per organization.
        #expect(
            windows.filter { $0.contains("2414183") }.map { $0.components(separatedBy: "timeIntervals=")[1] } == [
                "(timeRange:(start:1767225600000,end:1782864000000),timeGranularityType:MONTH)",
                "(timeRange:(start:1782864000000,end:1793491200000),timeGranularityType:MONTH)",
            ])
        #expect(sink.lastState(of: "page_statistics_time_bound")?["timeRangeEnd"] == 1_793_491_200_000)
    }
}

@Suite struct MemberDataTests {
    @Test func sha256MatchesStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(String(repeating: "a", count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func everyMemberURNIsRewrittenAndOthersAreKept() {
        let record: JSON = [
            "actor": "urn:li:person:abc", "org": "urn:li:organization:1",
            "id": "urn:li:reaction:(urn:li:member:42,urn:li:share:9)", "list": ["urn:li:person:abc"],
        ]
        let hashed = MemberDataPolicy.hash(salt: "s").apply(to: record)
        let expected = "sha256:" + SHA256.hex("surn:li:person:abc")
        #expect(hashed["actor"] == .string(expected))
        #expect(hashed["list"] == [.string(expected)])
        #expect(hashed["org"] == "urn:li:organization:1")
        #expect(hashed["id"] == .string("urn:li:reaction:(sha256:\(SHA256.hex("surn:li:member:42")),urn:li:share:9)"))
        let dropped = MemberDataPolicy.drop.apply(to: record)
        #expect(dropped["actor"] == .null)
        #expect(dropped["id"] == "urn:li:reaction:(urn:li:person:redacted,urn:li:share:9)")
        #expect(MemberDataPolicy.keep.apply(to: record) == record)
    }
}
