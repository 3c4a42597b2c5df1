import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// State and change detection at their edges: how platforms store state, large pages, refused counts.
@Suite struct StateEdgeCaseTests {
    let a = Organization("2414183")!
    let b = Organization("5509721")!

    @Test func aPartitionIsFoundWhateverTheOrderOfItsFields() throws {
        // Postgres jsonb, where Airbyte keeps state, hands objects back with their keys reordered.
        let state = try JSON.parse(
            #"{"states":[{"partition":{"post":"urn:li:share:1","org_id":"2414183"},"cursor":{"lastModifiedAt":5,"engagement":"3"}}]}"#
        )
        let cursors = try PartitionCursors(
            stream: "post_comments", cursorField: "lastModifiedAt", state: state, organizations: [a], legacyOwner: nil)
        #expect(
            cursors.entry(for: PartitionKey(organization: a).adding("post", "urn:li:share:1"))?["engagement"] == "3")
        #expect(
            cursors.json["states"]?.arrayValue?.first?["partition"] == ["org_id": "2414183", "post": "urn:li:share:1"])
    }

    /// State as Postgres jsonb returns it: keys sorted by length, then bytes.
    static func jsonbOrdered(_ value: JSON) -> JSON {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    object.map { ($0, jsonbOrdered($1)) }.sorted {
                        $0.0.utf8.count != $1.0.utf8.count ? $0.0.utf8.count < $1.0.utf8.count : $0.0 < $1.0
                    }))
        case .array(let items): return .array(items.map(jsonbOrdered))
        default: return value
        }
    }

    @Test func aQuietSyncFromJsonbOrderedStateAsksNoCommentOrReaction() async throws {
        let suite = EngagementChangeTests()
        let transport = LateEngagementTransport(
            replay: try ReplayTransport(directory: fixtureDirectory), arrivedAt: suite.secondSyncAt)
        let (first, _) = try await suite.read(transport, at: recordedAt)
        let quiet = transport.requests.count
        let (second, _) = try await suite.read(
            transport, state: Self.jsonbOrdered(suite.state(of: first)), at: recordedAt)
        #expect(suite.engagementRequests(transport.requests, since: quiet).isEmpty)
        #expect(second.records.isEmpty)
    }

    @Test func foldingManyPostsKeepsEachOrganizationToItself() throws {
        var cursors = PartitionCursors(cursorField: "lastModifiedAt", limit: 10)
        for index in 0..<11 {
            cursors.update(
                PartitionKey(organization: a).adding("post", "urn:li:ugcPost:\(index)"),
                with: ["lastModifiedAt": .int(Int64(1_000 + index)), "engagement": "1"])
        }
        #expect(cursors.count <= 11)
        // The folded post (the oldest cursor) reads from its organization's entry, so nothing it had is lost, and
        // keeps its count there, so it is not read again while the count stays.
        let folded = cursors.entry(for: PartitionKey(organization: a).adding("post", "urn:li:ugcPost:0"))
        #expect(folded?["lastModifiedAt"] == 1_000 && folded?["engagement"] == "1" && folded?["folded"] == nil)
        // Another organization's posts are untouched: a new one starts from nothing.
        #expect(cursors.entry(for: PartitionKey(organization: b).adding("post", "urn:li:ugcPost:99")) == nil)
        let reloaded = try PartitionCursors(
            stream: "post_comments", cursorField: "lastModifiedAt", state: cursors.json, organizations: [a, b],
            legacyOwner: nil)
        #expect(reloaded == cursors)
    }

    @Test func aTokenPartitionsStateReadsBack() throws {
        var cursors = PartitionCursors(cursorField: "lastModifiedAt")
        cursors.update(Partition.token.key, with: ["lastModifiedAt": 5])
        let reloaded = try PartitionCursors(
            stream: "x", cursorField: "lastModifiedAt", state: cursors.json, organizations: [a], legacyOwner: nil)
        #expect(reloaded.entry(for: Partition.token.key)?["lastModifiedAt"] == 5)
    }

    @Test func withoutAnySocialMetadataCommentsAndRepliesStillSync() async throws {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let noCounts = ScriptedTransport([
            { request in
                request.url.contains("/socialMetadata?")
                    ? response(403, #"{"status":403,"message":"Not enough permissions to access: socialMetadata"}"#)
                    : replay.respond(to: request)
            }
        ])
        let (sink, _, failures) = try await EngagementStreamsTests().read(
            ["post_comments"], transport: noCounts, extra: [("org_ids", ["2414183"])])
        #expect(failures.isEmpty, "\(failures.map(\.message))")
        let comments = sink.records(of: "post_comments")
        #expect(comments.contains { $0["parentComment"] != nil && $0["parentComment"] != .null })  // replies too
    }

    @Test func dailyVideoAnalyticsDoNotWaitForTheMonthToEnd() async throws {
        let (sink, _, _) = try await EngagementStreamsTests().read(
            ["video_analytics"], extra: [("time_granularity_type", "MONTH")])
        let ends = sink.records(of: "video_analytics").compactMap { $0["timeRangeEnd"]?.int64Value }
        #expect(ends.max().map(UTCCalendar.dayString) == "2026-11-18")  // 2026-11-20 less LinkedIn's 2-day lag
        #expect(sink.records(of: "video_analytics").count == 48)
    }

    @Test func reactionsAreReadToTheEndWhenACountWentDown() {
        let planner = TimeWindowPlanner(granularity: .day, startDate: nil, lookbackDays: 0, now: recordedAt)
        let reactions = StreamRegistry.named("post_reactions")!
        let slicer = Slicer(cursor: reactions.cursor, incremental: true, planner: planner, lookbackDays: 0)
        let saved: JSONObject = ["lastModifiedAt": 1_000, "engagement": "2,0,0,0,0,0"]
        // More reactions: the listing, newest first by creation, may stop at the cursor.
        #expect(
            slicer.plan(saved: saved, signal: ParentSignal(value: "3,0,0,0,0,0")).slices.first?.since?.stopPagingOn
                == "createdAt")
        // A LIKE became a PRAISE: that reaction sits where it was created, so the whole listing is read.
        let changed = slicer.plan(saved: saved, signal: ParentSignal(value: "1,1,0,0,0,0")).slices.first?.since
        #expect(changed != nil && changed?.stopPagingOn == nil && changed?.millis == 1_001)
        #expect(slicer.plan(saved: saved, signal: ParentSignal(value: "2,0,0,0,0,0")).slices.isEmpty)  // nothing moved: nothing read
    }

    @Test func memberIDsInLinkedInsErrorTextAreCutOut() {
        let text = LinkedInErrorBody.withoutMemberIDs(
            "Member urn:li:person:Ab3dEf9GhI is not an admin of urn:li:organization:1")
        #expect(text == "Member urn:li:person:… is not an admin of urn:li:organization:1")
    }
}
