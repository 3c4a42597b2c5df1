import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// The engagement streams of posts, against the recorded responses and against stand-ins that behave as LinkedIn
/// has been seen to: short pages mid-listing, and one URN type per share-statistics request.
@Suite struct EngagementStreamsTests {
    func read(
        _ streams: [String], transport: HTTPTransport? = nil, extra: [(String, JSON)] = []
    ) async throws -> (MemorySink, [HTTPRequest], [ConnectorError]) {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let source = LinkedInPagesSource(
            transport: transport ?? replay, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries,
            sleep: { _ in })
        let sink = MemorySink()
        var config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "member_hash_salt": "pepper", "start_date": "2026-10-01T00:00:00Z",
        ]
        for (key, value) in extra { config[key] = value }
        let failures = try await source.read(
            config: .object(config),
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) }),
            state: InputState(), sink: sink)
        return (sink, (transport as? ScriptedTransport)?.requests ?? replay.requests, failures)
    }

    @Test func socialMetadataGivesCountsPerPostAsColumns() async throws {
        let (sink, requests, failures) = try await read(["post_social_metadata"])
        #expect(failures.isEmpty)
        let rows = sink.records(of: "post_social_metadata")
        #expect(rows.count == 127 && Set(rows.compactMap { $0["post"]?.stringValue }).count == 127)
        let row = try #require(rows.first { $0["post"] == "urn:li:ugcPost:7390000002414183000" })
        #expect(row["commentCount"] == 4 && row["topLevelCommentCount"] == 2)  // two comments, two replies
        let reactions = Schemas.reactionColumns.compactMap { row[$0.column]?.int64Value }
        #expect(reactions.count == 6 && row["reactionCount"]?.int64Value == reactions.reduce(0, +))
        #expect(row["reactionCount"]?.int64Value == 3)  // the recorded reactions of that post
        #expect(rows.allSatisfy { $0["snapshotDate"] == "2026-11-20" && $0["organization"] != nil })
        #expect(requests.filter { $0.url.contains("/socialMetadata?") }.count == 3 + 1)  // 123 + 4 posts, 50 a batch
        #expect(
            requests.filter { $0.url.contains("/socialMetadata?") }.allSatisfy {
                $0.headers["X-RestLi-Method"] == "BATCH_GET"
            })
        #expect(requests.filter { $0.url.contains("/posts?") }.allSatisfy { $0.headers["X-RestLi-Method"] == nil })
    }

    @Test func videoAnalyticsAreOneRowPerVideoAndDayWithTheMetricsAsColumns() async throws {
        let (sink, requests, failures) = try await read(["video_analytics", "video_analytics_lifetime"])
        #expect(failures.isEmpty)
        let days = sink.records(of: "video_analytics")
        #expect(days.count == 48)  // 2026-10-01 ..< 2026-11-18, the one video
        #expect(days.allSatisfy { $0["post"] == "urn:li:ugcPost:7390000005509721003" && $0["statisticsType"] == nil })
        #expect(
            days.allSatisfy { row in
                ["videoViews", "viewers", "timeWatchedMillis", "timeWatchedForVideoViewsMillis"].allSatisfy {
                    row[$0]?.int64Value != nil
                }
            })
        #expect(days.compactMap { $0["videoViews"]?.int64Value }.reduce(0, +) == 2934)  // the recorded daily views
        let lifetime = try #require(sink.records(of: "video_analytics_lifetime").first)
        #expect(lifetime["videoViews"] == 7934 && lifetime["viewers"] == 7242)
        // Only the video post is asked about, one metric per request, always with a time range when by day.
        let video = requests.filter { $0.url.contains("/videoAnalytics?") }
        #expect(video.allSatisfy { $0.url.contains("entity=urn%3Ali%3AugcPost%3A7390000005509721003") })
        #expect(video.filter { $0.url.contains("aggregation=DAY") }.allSatisfy { $0.url.contains("timeRange=(start:") })
        #expect(video.filter { $0.url.contains("aggregation=ALL") }.count == 4)
    }

    @Test func aListingServedInShortPagesLosesNothing() async throws {
        // 25 posts, served 8 at a time for a count of 100, with the total LinkedIn reports.
        let posts: [JSON] = (0..<25).map { index in
            [
                "id": .string("urn:li:share:70000000000000000\(String(format: "%02d", index))"),
                "author": "urn:li:organization:2414183",
                "lastModifiedAt": .int(1_794_000_000_000 - Int64(index) * 1000),
            ]
        }
        let transport = ScriptedTransport([
            { request in
                guard request.url.contains("/rest/posts?") else { return response(200, #"{"elements":[]}"#) }
                let start = Int(request.url.components(separatedBy: "start=").last?.prefix { $0.isNumber } ?? "0") ?? 0
                let dsc = request.url.contains("isDsc=true")
                let page = dsc ? [] : Array(posts.dropFirst(start / 100 * 8 + start % 100).prefix(8))
                let body: JSON = [
                    "paging": ["start": .int(Int64(start)), "count": 100, "total": dsc ? 0 : 25],
                    "elements": .array(page),
                ]
                return HTTPResponse(status: 200, body: Array(body.serialized.utf8))
            }
        ])
        let (sink, _, failures) = try await read(["posts"], transport: transport, extra: [("org_ids", ["2414183"])])
        #expect(failures.isEmpty)
        #expect(Set(sink.records(of: "posts").compactMap { $0["id"]?.stringValue }).count == 25)
    }

    @Test func aStandInThatRejectsMixedShareListsStillYieldsStatisticsForEveryPost() async throws {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let strict = ScriptedTransport([
            { request in
                if request.url.contains("shares=List("), request.url.contains("ugcPosts=List(") {
                    return response(400, #"{"status":400,"message":"shares and ugcPosts cannot be combined"}"#)
                }
                return replay.respond(to: request)
            }
        ])
        let (sink, _, failures) = try await read(["posts", "post_statistics"], transport: strict)
        #expect(failures.isEmpty)
        let posts = Set(sink.records(of: "posts").compactMap { $0["id"]?.stringValue })
        let statistics = Set(sink.records(of: "post_statistics").compactMap { $0["post"]?.stringValue })
        #expect(!posts.isEmpty && statistics == posts)
    }

    @Test func postsMissingFromStatisticsAreCountedInALogLine() async throws {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let sparse = ScriptedTransport([
            { request in
                var answer = replay.respond(to: request)
                guard request.url.contains("organizationalEntityShareStatistics?"), request.url.contains("List("),
                    var body = (try? JSON.parse(answer.body))?.objectValue
                else { return answer }
                body["elements"] = .array(Array((body["elements"]?.arrayValue ?? []).dropFirst(2)))
                answer = HTTPResponse(status: 200, body: Array(JSON.object(body).serialized.utf8))
                return answer
            }
        ])
        let (sink, _, _) = try await read(["post_statistics"], transport: sparse, extra: [("org_ids", ["5509721"])])
        #expect(sink.records(of: "post_statistics").count < 4)
        #expect(sink.logs.contains { $0.contains("post_statistics") && $0.contains("returned nothing for 2 of") })
    }

    @Test func namedPostsLimitEveryPostStreamToThem() async throws {
        let named: Set<String> = ["urn:li:ugcPost:7390000002414183000", "urn:li:share:7390000002414183001"]
        let streams = ["post_statistics", "post_social_metadata", "post_comments", "post_reactions"]
        let (sink, requests, failures) = try await read(
            streams, extra: [("post_urns", .array(named.sorted().map(JSON.string)))])
        #expect(failures.isEmpty)
        for stream in streams {
            let posts = Set(sink.records(of: stream).compactMap { $0["post"]?.stringValue })
            #expect(!posts.isEmpty && posts.isSubset(of: named), "\(stream): \(posts)")
        }
        #expect(
            requests.filter { $0.url.contains("/socialActions/urn%3Ali%3A") && !$0.url.contains("urn%3Ali%3Acomment") }
                .count == 2)
    }

    @Test func noRawMemberURNAppearsAnywhereInHashMode() async throws {
        let (sink, _, _) = try await read(StreamRegistry.all.map(\.name), extra: [("compare_organizations", ["1337"])])
        let text = sink.messages.map { message -> String in
            if case let .record(_, data, _) = message { return JSON.object(data).serialized }
            if case let .log(_, text) = message { return text }
            if case let .error(error, _) = message { return error.message + error.internalMessage }
            return ""
        }.joined()
        #expect(!text.contains("urn:li:person:"))
        #expect(
            sink.records(of: "organization_acls").allSatisfy {
                $0["roleAssignee"]?.stringValue?.hasPrefix("sha256:") == true
            })
    }
}

extension EngagementStreamsTests {
    @Test func withoutPerPostCountsCommentsAreStillReadForEveryPost() async throws {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let noCounts = ScriptedTransport([
            { request in
                request.url.contains("/socialMetadata?") && !request.url.contains("comment")
                    ? response(403, #"{"status":403,"message":"Not enough permissions to access: socialMetadata"}"#)
                    : replay.respond(to: request)
            }
        ])
        let (sink, requests, failures) = try await read(
            ["post_comments"], transport: noCounts, extra: [("org_ids", ["5509721"])])
        #expect(failures.isEmpty)
        #expect(
            requests.filter { $0.url.contains("/socialActions/urn%3Ali%3A") && !$0.url.contains("urn%3Ali%3Acomment") }
                .count == 4)
        #expect(!sink.records(of: "post_comments").isEmpty)
        #expect(sink.logs.contains { $0.contains("unavailable") && $0.contains("every post is read instead") })
    }
}

extension EngagementStreamsTests {
    @Test func aServerThatIgnoresStartEndsTheListingInsteadOfLooping() async throws {
        // Every request gets the same full page of 100 posts, whatever its start.
        let page: JSON = [
            "paging": ["start": 0, "count": 100],
            "elements": .array(
                (0..<100).map { index in
                    [
                        "id": .string("urn:li:share:71000000000000\(String(format: "%03d", index))"),
                        "author": "urn:li:organization:2414183",
                        "lastModifiedAt": .int(1_794_000_000_000 - Int64(index)),
                    ]
                }),
        ]
        let stubborn = ScriptedTransport([
            { request in
                request.url.contains("/rest/posts?") && !request.url.contains("isDsc")
                    ? HTTPResponse(status: 200, body: Array(page.serialized.utf8)) : response(200, #"{"elements":[]}"#)
            }
        ])
        let (sink, requests, failures) = try await read(
            ["posts"], transport: stubborn, extra: [("org_ids", ["2414183"])])
        #expect(failures.isEmpty)
        #expect(sink.records(of: "posts").count == 100)
        #expect(requests.filter { $0.url.contains("/rest/posts?") && !$0.url.contains("isDsc") }.count == 2)
    }
}

extension EngagementStreamsTests {
    @Test func aPostDeletedSinceItWasListedIsSkippedNotTheOrganization() async throws {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let gone = "urn%3Ali%3AugcPost%3A7390000002414183000"
        let deleting = ScriptedTransport([
            { request in
                request.url.contains("/socialActions/\(gone)/comments")
                    ? response(404, #"{"status":404,"message":"Not found"}"#) : replay.respond(to: request)
            }
        ])
        let (sink, _, failures) = try await read(
            ["post_comments"], transport: deleting, extra: [("org_ids", ["2414183"])])
        #expect(failures.isEmpty)
        #expect(sink.logs.contains { $0.contains("urn:li:ugcPost:7390000002414183000") && $0.contains("404") })
        let posts = Set(sink.records(of: "post_comments").compactMap { $0["post"]?.stringValue })
        #expect(posts == ["urn:li:share:7390000002414183001", "urn:li:share:7390000002414183002"])
    }
}
