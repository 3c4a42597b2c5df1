import AirbyteProtocol
import Foundation
import LinkedInReplay
import Testing

@testable import LinkedInPages

/// The recorded responses, then, after `change`, page 2414183 as it is a day later: on ugcPost …000 the page's own
/// comment 7392000000244908373 is deleted (its counts go down), on share …001 comment 7392000000951926402 is edited
/// (its counts do not move, and LinkedIn keeps its time), and, when `notified`, LinkedIn's notifications say both.
final class CommentChangesTransport: HTTPTransport {
    static let deletedPost = "urn:li:ugcPost:7390000002414183000"
    static let deleted = "7392000000244908373"
    static let editedPost = "urn:li:share:7390000002414183001"
    static let edited = "7392000000951926402"
    static let newText = "Great insights, thanks for sharing! (Edited: the chart on slide 3 is my favourite.)"

    private let replay: ReplayTransport
    private let changes: Locked<(changed: Bool, notified: Bool, at: Int64)>
    /// Comments of the deleted comment's post that LinkedIn's listing leaves out although they are still there (a
    /// listing cut short): its counts do not go down for them.
    let leftOut = Locked<Set<String>>([])
    /// Comments of the same post that the listing skips and its counts, read earlier, do not count either, though
    /// LinkedIn still has them (asked one by one, they are there).
    let skipped = Locked<Set<String>>([])
    /// Every comment of the deleted comment's post is gone, and its counts are 0.
    let emptied = Locked(false)

    init(replay: ReplayTransport) {
        self.replay = replay
        changes = Locked((false, false, 0))
    }

    func change(at: Date, notified: Bool) { changes.withLock { $0 = (true, notified, UTCCalendar.millis(at)) } }

    var requests: [HTTPRequest] { replay.requests }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = replay.respond(to: request)
        let (changed, notified, at) = changes.current
        guard changed, let path = request.url.split(separator: "?").first.map(String.init),
            var body = (try? JSON.parse(response.body))?.objectValue
        else { return response }
        var elements = body["elements"]?.arrayValue ?? []
        let listing = "/socialActions/" + RestLi.pathKey(Self.deletedPost) + "/comments"
        if let range = path.range(of: listing + "/"), !emptied.current {
            // One comment asked for itself: there unless deleted.
            let id = String(path[range.upperBound...])
            let base = String(request.url.split(separator: "?")[0].dropLast(id.count + 1))
            let all = try? JSON.parse(replay.respond(to: HTTPRequest(method: "GET", url: base, headers: [:])).body)
            guard id != Self.deleted,
                let comment = all?["elements"]?.arrayValue?.first(where: { $0["id"]?.stringValue == id })
            else { return response }
            return HTTPResponse(status: 200, body: Array(comment.serialized.utf8))
        }
        if path.hasSuffix(listing) {
            let hidden = leftOut.current.union(skipped.current)
            elements.removeAll { $0["id"]?.stringValue == Self.deleted || hidden.contains($0["id"]?.stringValue ?? "") }
            if emptied.current { elements = [] }
        } else if path.hasSuffix("/socialActions/" + RestLi.pathKey(Self.editedPost) + "/comments") {
            elements = elements.map { element in
                guard element["id"]?.stringValue == Self.edited, case .object(var comment) = element else {
                    return element
                }
                comment["message"] = ["text": .string(Self.newText), "attributes": []]
                return .object(comment)
            }
        } else if path.hasSuffix("/socialMetadata"), case .object(var results)? = body["results"],
            case .object(var entry)? = results[Self.deletedPost]
        {
            let fewer = 1 + Int64(skipped.current.count)
            var count = (entry["commentSummary"]?["count"]?.int64Value ?? 1) - fewer
            var top = (entry["commentSummary"]?["topLevelCount"]?.int64Value ?? 1) - fewer
            if emptied.current { (count, top) = (0, 0) }
            entry["commentSummary"] = ["count": .int(count), "topLevelCount": .int(top)]
            results[Self.deletedPost] = .object(entry)
            body["results"] = .object(results)
        } else if notified, path.hasSuffix("/organizationalEntityNotifications"),
            request.url.contains("urn%3Ali%3Aorganization%3A2414183")
        {
            elements =
                [
                    Self.notification(9_001, "COMMENT_DELETE", post: Self.deletedPost, comment: Self.deleted, at: at),
                    Self.notification(9_002, "COMMENT_EDIT", post: Self.editedPost, comment: Self.edited, at: at),
                ] + elements
        } else {
            return response
        }
        if body["elements"] != nil {
            body["elements"] = .array(elements)
            body["paging"] = ["start": 0, "count": 50, "total": .int(Int64(elements.count))]
        }
        return HTTPResponse(status: 200, body: Array(JSON.object(body).serialized.utf8))
    }

    static func notification(_ id: Int64, _ action: String, post: String, comment: String, at: Int64) -> JSON {
        [
            "notificationId": .int(id), "organizationalEntity": "urn:li:organization:2414183",
            "action": .string(action), "sourcePost": "urn:li:activity:7391000000000999999",
            "decoratedSourcePost": ["entity": .string(post), "owner": "urn:li:organization:2414183"],
            "generatedActivity": .string("urn:li:comment:(urn:li:activity:7391000000000999999,\(comment))"),
            "lastModifiedAt": .int(at), "subscriber": "urn:li:person:QWRtaW5pc3RyYXRvcg",
        ]
    }
}

@Suite struct CommentDeletionTests {
    let stream = "post_comments"
    let secondSyncAt = recordedAt.addingTimeInterval(86_400)
    var changedAt: Date { secondSyncAt.addingTimeInterval(-3_600) }

    func read(
        _ transport: HTTPTransport, state: JSON = .array([]), at now: Date,
        mode: AirbyteStream.SyncMode = .incremental
    ) async throws -> MemorySink {
        let source = LinkedInPagesSource(
            transport: transport, endpoints: testEndpoints, clock: { now }, retry: instantRetries, sleep: { _ in })
        let sink = MemorySink()
        let config: JSON = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183"], "lookback_days": 0,
            "member_hash_salt": "pepper",
        ]
        _ = try await source.read(
            config: config, catalog: ConfiguredCatalog(streams: [.init(name: stream, syncMode: mode)]),
            state: InputState(json: state), sink: sink)
        return sink
    }

    func state(_ sink: MemorySink) -> JSON { sink.nextInputState([stream]) }

    func deletions(_ sink: MemorySink) -> [JSONObject] {
        sink.records(of: stream).filter { $0[ChangeFeed.deletedAtField] != nil }
    }

    func commentListings(_ requests: ArraySlice<HTTPRequest>) -> [String] {
        requests.map(\.url).filter { $0.contains("/socialActions/") }
    }

    /// A top-level comment of the deleted comment's post other than the deleted one.
    func anotherTopLevelComment(in sink: MemorySink) -> String? {
        sink.records(of: stream).first {
            $0["post"] == .string(CommentChangesTransport.deletedPost) && $0["parentComment"] == nil
                && $0["id"] != .string(CommentChangesTransport.deleted)
        }?["id"]?.stringValue
    }

    @Test func aDeletedCommentBecomesADeletionAndAnEditedOneComesWithItsNewText() async throws {
        let transport = CommentChangesTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        let first = try await read(transport, at: recordedAt)
        // A first sync has nothing in the destination to delete (the recorded COMMENT_DELETE stays a notification).
        #expect(deletions(first).isEmpty && !first.records(of: stream).isEmpty)

        transport.change(at: changedAt, notified: true)
        let before = transport.requests.count
        let second = try await read(transport, state: state(first), at: secondSyncAt)
        let deletion = try #require(deletions(second).first)
        #expect(deletions(second).count == 1)
        #expect(deletion["post"] == .string(CommentChangesTransport.deletedPost))
        #expect(deletion["id"] == .string(CommentChangesTransport.deleted))
        #expect(deletion[ChangeFeed.deletedAtField] == .string(UTCCalendar.timestamp(UTCCalendar.millis(changedAt))))
        #expect(deletion[ChangeFeed.deletedAtField] == "2026-11-21T08:00:00.000Z")
        // The cursor field carries the deletion's time, so deduplication by key and cursor keeps the deletion.
        #expect(deletion["lastModifiedAt"]?.int64Value == UTCCalendar.millis(changedAt))
        let edited = second.records(of: stream).filter { $0["id"] == .string(CommentChangesTransport.edited) }
        #expect(edited.count == 1)
        #expect(edited.first?["message"]?["text"] == .string(CommentChangesTransport.newText))
        #expect(
            !second.records(of: stream).contains {
                $0["id"] == .string(CommentChangesTransport.deleted) && $0["message"] != nil
            })
        // Only the two posts named by the notifications (and the replies of the one that has them) are listed again.
        let listed = commentListings(transport.requests[before...])
        #expect(listed.count == 3)
        #expect(
            listed.allSatisfy { url in
                url.contains(RestLi.pathKey(CommentChangesTransport.deletedPost))
                    || url.contains(RestLi.pathKey(CommentChangesTransport.editedPost))
                    || url.contains("urn%3Ali%3Acomment")
            })

        // Nothing changed since: nothing is read or emitted again.
        let quiet = transport.requests.count
        let third = try await read(transport, state: state(second), at: secondSyncAt.addingTimeInterval(3_600))
        #expect(third.records(of: stream).isEmpty)
        #expect(commentListings(transport.requests[quiet...]).isEmpty)
    }

    @Test func withoutNotificationsAFallenCountRereadsThePostAndTheCommentItNoLongerHoldsIsADeletion() async throws {
        let transport = CommentChangesTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        let first = try await read(transport, at: recordedAt)
        transport.change(at: changedAt, notified: false)  // e.g. older than the 60 days LinkedIn keeps notifications
        let before = transport.requests.count
        let second = try await read(transport, state: state(first), at: secondSyncAt)
        // The post whose count went down is listed again, and compared with the comments the state knew.
        #expect(
            commentListings(transport.requests[before...]).contains {
                $0.contains(RestLi.pathKey(CommentChangesTransport.deletedPost))
            })
        let deletion = try #require(deletions(second).first)
        #expect(deletions(second).count == 1)
        #expect(deletion["post"] == .string(CommentChangesTransport.deletedPost))
        #expect(deletion["id"] == .string(CommentChangesTransport.deleted))
        // LinkedIn does not say when: the deletion carries the sync's start.
        #expect(deletion[ChangeFeed.deletedAtField] == .string(UTCCalendar.timestamp(UTCCalendar.millis(secondSyncAt))))
        // The edit moved no count and no notification says so: it is not seen.
        #expect(!second.records(of: stream).contains { $0["id"] == .string(CommentChangesTransport.edited) })
        // The deleted comment is forgotten: the next sync does not delete it again.
        let third = try await read(transport, state: state(second), at: secondSyncAt.addingTimeInterval(3_600))
        #expect(deletions(third).isEmpty)
    }

    @Test func aListingHoldingFewerCommentsThanTheCountsSayDeletesNothing() async throws {
        let transport = CommentChangesTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        let first = try await read(transport, at: recordedAt)
        let kept = try #require(anotherTopLevelComment(in: first))
        transport.leftOut.withLock { $0 = [kept] }
        transport.change(at: changedAt, notified: false)
        let second = try await read(transport, state: state(first), at: secondSyncAt)
        // One comment fewer by the counts, two fewer in the listing: it is not trusted to say which went.
        #expect(deletions(second).isEmpty)
        #expect(second.errors.isEmpty)
        // Nor is it trusted to say what the post holds: the state still knows both comments, for a later whole
        // listing to compare with.
        let entries = try #require(second.lastState(of: stream)?["states"]?.arrayValue)
        let entry = try #require(
            entries.first { $0["partition"]?["post"] == .string(CommentChangesTransport.deletedPost) })
        let known = try #require(ChildKeys(json: entry["cursor"]?[ChildKeys.stateField]))
        #expect(known.keys.isSuperset(of: [kept, CommentChangesTransport.deleted]))
    }

    @Test func aCommentTheListingSkippedIsAskedForAndEmittedNotDeleted() async throws {
        let transport = CommentChangesTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        let first = try await read(transport, at: recordedAt)
        let skipped = try #require(anotherTopLevelComment(in: first))
        // The listing misses a comment LinkedIn still has, and the counts (read earlier) agree with the listing.
        transport.skipped.withLock { $0 = [skipped] }
        transport.change(at: changedAt, notified: false)
        let before = transport.requests.count
        let second = try await read(transport, state: state(first), at: secondSyncAt)
        // Each comment the listing no longer held was asked for itself: only the one LinkedIn no longer has is gone.
        let asked = transport.requests[before...].map(\.url).filter { $0.contains("/comments/") }
        #expect(asked.count == 2)
        #expect(deletions(second).map { $0["id"] } == [.string(CommentChangesTransport.deleted)])
        let again = second.records(of: stream).filter { $0["id"] == .string(skipped) }
        #expect(again.count == 1 && again.first?[ChangeFeed.deletedAtField] == nil)
        #expect(again.first?["post"] == .string(CommentChangesTransport.deletedPost))
    }

    @Test func aPostWhoseLastCommentsWentIsListedAndEachIsADeletion() async throws {
        let transport = CommentChangesTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        let first = try await read(transport, at: recordedAt)
        let comments = Set(
            first.records(of: stream).filter {
                $0["post"] == .string(CommentChangesTransport.deletedPost) && $0["parentComment"] == nil
            }.compactMap { $0["id"]?.stringValue })
        #expect(!comments.isEmpty)
        transport.emptied.withLock { $0 = true }
        transport.change(at: changedAt, notified: false)
        let second = try await read(transport, state: state(first), at: secondSyncAt)
        #expect(Set(deletions(second).compactMap { $0["id"]?.stringValue }) == comments)
        // Nothing is known any more: the next sync reads nothing for the post and deletes nothing again.
        let before = transport.requests.count
        let third = try await read(transport, state: state(second), at: secondSyncAt.addingTimeInterval(3_600))
        #expect(deletions(third).isEmpty)
        #expect(
            !transport.requests[before...].contains {
                $0.url.contains(RestLi.pathKey(CommentChangesTransport.deletedPost) + "/comments")
            })
    }

    @Test func eachPostKeepsItsTopLevelCommentIdsCompactly() async throws {
        let transport = CommentChangesTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        let first = try await read(transport, at: recordedAt)
        let comments = first.records(of: stream).filter {
            $0["post"] == .string(CommentChangesTransport.deletedPost) && $0["parentComment"] == nil
        }
        let entries = try #require(first.lastState(of: stream)?["states"]?.arrayValue)
        let entry = try #require(
            entries.first { $0["partition"]?["post"] == .string(CommentChangesTransport.deletedPost) })
        let field = try #require(entry["cursor"]?[ChildKeys.stateField])
        let kept = try #require(ChildKeys(json: field))
        #expect(!comments.isEmpty)
        #expect(kept.keys == Set(comments.compactMap { $0["id"]?.stringValue }))
        // Fewer bytes than the ids written out.
        #expect(field.serialized.utf8.count < comments.count * 19)
    }

    @Test func aFullRefreshEmitsNoDeletionRecords() async throws {
        let transport = CommentChangesTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        transport.change(at: changedAt, notified: true)
        let sink = try await read(transport, at: secondSyncAt, mode: .fullRefresh)
        #expect(deletions(sink).isEmpty)
        #expect(!sink.records(of: stream).contains { $0["id"] == .string(CommentChangesTransport.deleted) })
        #expect(!transport.requests.contains { $0.url.contains("/organizationalEntityNotifications") })
    }

    @Test func whenTheFeedIsForbiddenTheCountsAloneDecideWithAWarning() async throws {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let transport = CommentChangesTransport(replay: replay)
        let first = try await read(transport, at: recordedAt)
        let forbidden = OverridingCommentsFeed(inner: transport)
        transport.change(at: changedAt, notified: true)
        let second = try await read(forbidden, state: state(first), at: secondSyncAt)
        // The count that went down still finds the deleted comment, at the sync's time.
        #expect(deletions(second).map { $0["id"] } == [.string(CommentChangesTransport.deleted)])
        #expect(second.logs.contains { $0.contains("page_notifications") && $0.contains("not detected") })
        #expect(second.errors.isEmpty)
    }

    /// What counts as new: a change after the one the last read saw (kept in its signal), or, for a state written
    /// before the feed existed, after how far the comments were read (an abnormal, future cursor: nothing is new).
    @Test func onlyChangesAfterWhatTheLastReadSawAreNew() throws {
        let feed = try #require(StreamRegistry.named(stream)?.changeFeed)
        let post = "urn:li:share:1"
        let deletion: JSONObject = [
            "action": "COMMENT_DELETE", "post": .string(post), "lastModifiedAt": 100,
            "generatedActivity": "urn:li:comment:(activity:9,5)",
        ]
        let changes = feed.changes(in: [deletion, ["action": "LIKE", "post": .string(post), "lastModifiedAt": 300]])
        func decide(_ saved: JSONObject?) -> ChangeFeed.Changes.Decision {
            changes.decide(
                feed, parent: post, signal: "3", saved: saved, counts: 1, organization: nil,
                cursorField: "lastModifiedAt")
        }
        #expect(decide(nil).signal == "3,100" && decide(nil).readWhole && decide(nil).deletions.isEmpty)
        #expect(decide(["lastModifiedAt": 50, "engagement": "3"]).deletions.map { $0["id"] } == ["5"])
        #expect(decide(["lastModifiedAt": 50, "engagement": "3"]).deletions.first?["post"] == .string(post))
        let seen = decide(["lastModifiedAt": 50, "engagement": "3,100"])
        #expect(!seen.readWhole && seen.deletions.isEmpty && seen.signal == "3,100")
        let future = decide(["lastModifiedAt": 4_102_444_800_000, "engagement": "3"])
        #expect(!future.readWhole && future.deletions.isEmpty)
        #expect(
            decide(nil).signal != nil
                && changes.decide(
                    feed, parent: "urn:li:share:2", signal: "3", saved: nil, counts: 1, organization: nil,
                    cursorField: "lastModifiedAt"
                ).signal == "3")  // a post the feed does not name keeps its signal
    }

    @Test func theDeletionColumnIsDeclaredAsANullableDateTime() throws {
        let schema = try #require(StreamRegistry.named(stream)?.schema)
        let column = try #require(schema["properties"]?[ChangeFeed.deletedAtField])
        #expect(column["type"] == ["null", "string"] && column["format"] == "date-time")
    }
}

/// Answers the notifications with 403 (a token without rw_organization_admin), everything else as `inner`.
final class OverridingCommentsFeed: HTTPTransport {
    let inner: HTTPTransport

    init(inner: HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.url.contains("/organizationalEntityNotifications?") else { return try await inner.send(request) }
        return response(403, fixture: "error_403_not_admin.json")
    }
}
