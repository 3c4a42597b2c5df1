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
            transport: replay, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries, sleep: { _ in })
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

    @Test func commentsAndReactionsAreReadOnlyForPostsChangedSinceTheCursor() async throws {
        let (all, _, _) = try await read(["posts"])
        let newest = all.records(of: "posts").filter { $0["author"] == "urn:li:organization:2414183" }
            .compactMap { $0["lastModifiedAt"]?.int64Value }.sorted(by: >)
        // Cursor just after the third-newest post, lookback 0: only the two newest posts are visited.
        let cursor = newest[2] + 1
        let (sink, requests, failures) = try await read(
            ["post_comments", "post_reactions"],
            state: .array(
                cursorState("post_comments", "postLastModifiedAt", cursor).arrayValue!
                    + cursorState("post_reactions", "postLastModifiedAt", cursor).arrayValue!),
            extra: [("org_ids", ["2414183"]), ("lookback_days", 0)])
        #expect(failures.isEmpty)
        #expect(paths(requests, containing: "/socialActions/").count == 2)
        #expect(paths(requests, containing: "/reactions/").count == 2)
        #expect(sink.records(of: "post_comments").count == 4)
        #expect(sink.records(of: "post_comments").allSatisfy { ($0["postLastModifiedAt"]?.int64Value ?? 0) >= cursor })
        #expect(paths(requests, containing: "/posts?").count == 2)  // one organic and one sponsored listing, shared by both streams
    }

    @Test func commentsCheckpointAsTheyGoOldestPostFirst() async throws {
        let (sink, requests, _) = try await read(["post_comments"], extra: [("org_ids", ["2414183"])])
        let visited = requests.map(\.url).filter { $0.contains("/socialActions/") }
        #expect(visited.count == 123)
        let states = sink.states.filter { $0.stream == "post_comments" }
        #expect(states.count == 5)  // after 25, 50, 75, 100 and all 123 posts
        let cursors = states.compactMap { $0.state["postLastModifiedAt"]?.int64Value }
        #expect(cursors == cursors.sorted() && Set(cursors).count == 5)
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

    @Test func memberDataCanBeDroppedOrKeptAndHashingNeedsASalt() async throws {
        let (dropped, _, _) = try await read(["post_reactions"], extra: [("member_data", "drop")])
        #expect(dropped.records(of: "post_reactions").allSatisfy { $0["created"]?["actor"] == .null })
        let (kept, _, _) = try await read(["post_reactions"], extra: [("member_data", "keep")])
        #expect(
            kept.records(of: "post_reactions").allSatisfy {
                $0["created"]?["actor"]?.stringValue?.hasPrefix("urn:li:person:") == true
            })
        let error = await #expect(throws: ConnectorError.self) {
            try await read(["post_comments"], extra: [("member_hash_salt", "")])
        }
        #expect(error?.message.contains("member_hash_salt") == true)
        // Streams without member data need no salt.
        _ = try await read(["posts"], extra: [("member_hash_salt", "")])
    }

    @Test func postStatisticsBatchByURNTypeOneRecordPerPost() async throws {
        let (sink, requests, _) = try await read(["post_statistics"], extra: [("org_ids", ["2414183"])])
        let records = sink.records(of: "post_statistics")
        #expect(records.count == 123)
        #expect(Set(records.compactMap { $0["post"]?.stringValue }).count == 123)
        #expect(
            records.allSatisfy {
                $0["snapshotDate"] == "2026-11-20" && $0["totalShareStatistics"]?["impressionCount"] != nil
            })
        let statistics = paths(requests, containing: "organizationalEntityShareStatistics")
        #expect(statistics.count == 3)  // 123 posts in batches of 50
        #expect(
            statistics.allSatisfy {
                $0.contains("shares=List(urn%3Ali%3Ashare%3A") && $0.contains("ugcPosts=List(urn%3Ali%3AugcPost%3A")
            })
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
