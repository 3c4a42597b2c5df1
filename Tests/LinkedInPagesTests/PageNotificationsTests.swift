import AirbyteProtocol
import Foundation
import LinkedInReplay
import Testing

@testable import LinkedInPages

/// The recorded responses, plus notifications that arrive later: each added one is answered, like LinkedIn, only to
/// a request whose time range holds its time.
final class LaterNotificationsTransport: HTTPTransport {
    private let replay: ReplayTransport
    private let added: Locked<[JSON]>

    init(replay: ReplayTransport) {
        self.replay = replay
        added = Locked([])
    }

    func add(_ notification: JSON) { added.withLock { $0.append(notification) } }

    var requests: [HTTPRequest] { replay.requests }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = replay.respond(to: request)
        let extra = added.current
        guard !extra.isEmpty, request.url.contains("/organizationalEntityNotifications?"),
            request.url.contains("urn%3Ali%3Aorganization%3A2414183"),
            var body = (try? JSON.parse(response.body))?.objectValue
        else { return response }
        let start = Self.number(after: "timeRange=(start:", in: request.url) ?? .min
        let end = Self.number(after: ",end:", in: request.url) ?? .max
        let inRange = extra.filter { (start..<end).contains($0["lastModifiedAt"]?.int64Value ?? 0) }
        let elements = inRange + (body["elements"]?.arrayValue ?? [])
        body["elements"] = .array(elements)
        body["paging"] = ["start": 0, "count": 50, "total": .int(Int64(elements.count))]
        return HTTPResponse(status: 200, body: Array(JSON.object(body).serialized.utf8))
    }

    static func number(after label: String, in text: String) -> Int64? {
        text.range(of: label).flatMap { Int64(text[$0.upperBound...].prefix { $0.isNumber }) }
    }
}

@Suite struct PageNotificationsTests {
    let stream = "page_notifications"

    func read(
        _ transport: HTTPTransport, state: JSON = .array([]), at now: Date, mode: AirbyteStream.SyncMode = .incremental,
        extra: [(String, JSON)] = []
    ) async throws -> MemorySink {
        let source = LinkedInPagesSource(
            transport: transport, endpoints: testEndpoints, clock: { now }, retry: instantRetries, sleep: { _ in })
        let sink = MemorySink()
        var config: JSONObject = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "lookback_days": 0, "member_hash_salt": "pepper",
        ]
        for (key, value) in extra { config[key] = value }
        _ = try await source.read(
            config: .object(config), catalog: ConfiguredCatalog(streams: [.init(name: stream, syncMode: mode)]),
            state: InputState(json: state), sink: sink)
        return sink
    }

    func state(_ sink: MemorySink) -> JSON { sink.nextInputState([stream]) }

    @Test func everyActionIsARowMentionsIncludedWithItsPostActorAndTime() async throws {
        let transport = try ReplayTransport(directory: fixtureDirectory)
        let sink = try await read(transport, at: recordedAt)
        let rows = sink.records(of: stream)
        let page = rows.filter { $0["organizationalEntity"] == "urn:li:organization:2414183" }
        #expect(
            Set(page.compactMap { $0["action"]?.stringValue })
                == ["LIKE", "COMMENT", "SHARE", "SHARE_MENTION", "ADMIN_COMMENT", "COMMENT_EDIT", "COMMENT_DELETE"])
        #expect(rows.count == 8)  // and the other page's one comment
        let mention = try #require(page.first { $0["action"] == "SHARE_MENTION" })
        #expect(mention["post"] == "urn:li:share:7394000000000000200")  // the member's post that mentions the page
        #expect(mention["actor"]?.stringValue?.hasPrefix("sha256:") == true)
        #expect(mention["lastModifiedAt"] == 1_794_600_000_000)
        let comment = try #require(page.first { $0["action"] == "COMMENT" })
        #expect(comment["post"] == "urn:li:ugcPost:7390000002414183000")  // not the activity LinkedIn names
        #expect(comment["sourcePost"] == "urn:li:activity:7391000000000448395")
        // A member's URN never leaves in hash mode, in any field (actor, subscriber, decorated owners).
        #expect(!rows.contains { JSON.object($0).serialized.contains("urn:li:person:") })
        let admin = try #require(page.first { $0["action"] == "ADMIN_COMMENT" })
        #expect(admin["actor"] == "urn:li:organization:2414183")
        let request = try #require(transport.requests.first { $0.url.contains("/organizationalEntityNotifications?") })
        #expect(request.url.contains("q=criteria&organizationalEntity=urn%3Ali%3Aorganization%3A"))
        #expect(
            request.url.contains(
                "actions=List(LIKE,COMMENT,SHARE,SHARE_MENTION,ADMIN_COMMENT,COMMENT_EDIT,COMMENT_DELETE)"))
        // A first sync asks for the 60 days LinkedIn keeps, up to the moment of the sync.
        let now = UTCCalendar.millis(recordedAt)
        #expect(request.url.contains("timeRange=(start:\(now - 60 * UTCCalendar.dayMillis),end:\(now))"))
    }

    @Test func anIncrementalSyncReadsOnlyNewerNotifications() async throws {
        let transport = LaterNotificationsTransport(replay: try ReplayTransport(directory: fixtureDirectory))
        let first = try await read(transport, at: recordedAt)
        #expect(first.records(of: stream).count == 8)
        let later = recordedAt.addingTimeInterval(86_400)
        transport.add([
            "notificationId": 5_603_450_100, "organizationalEntity": "urn:li:organization:2414183",
            "action": "SHARE_MENTION", "sourcePost": "urn:li:activity:7395000000000000010",
            "generatedActivity": "urn:li:share:7395000000000000001",
            "lastModifiedAt": .int(UTCCalendar.millis(later) - 3_600_000),
        ])
        let before = transport.requests.count
        let second = try await read(transport, state: state(first), at: later)
        let rows = second.records(of: stream)
        #expect(rows.count == 1)
        #expect(rows.first?["notificationId"] == 5_603_450_100)
        // Asked from where the first sync ended, per page.
        let asked = transport.requests[before...].filter { $0.url.contains("/organizationalEntityNotifications?") }
        #expect(asked.count == 2)
        #expect(asked.allSatisfy { $0.url.contains("timeRange=(start:\(UTCCalendar.millis(recordedAt)),") })
        #expect(second.lastState(of: stream)?["lastModifiedAt"]?.int64Value == UTCCalendar.millis(later))
    }

    @Test func aStateOlderThanTheRetentionReadsWhatIsLeftAndWarnsWhichDaysAreLost() async throws {
        let transport = try ReplayTransport(directory: fixtureDirectory)
        let now = UTCCalendar.millis(recordedAt)
        let old = now - 90 * UTCCalendar.dayMillis  // 2026-08-22T09:00Z
        let saved: JSON = [
            [
                "type": "STREAM",
                "stream": [
                    "stream_descriptor": ["name": .string(stream)],
                    "stream_state": [
                        "states": [
                            ["partition": ["org_id": "2414183"], "cursor": ["lastModifiedAt": .int(old)]],
                            ["partition": ["org_id": "5509721"], "cursor": ["lastModifiedAt": .int(now - 86_400_000)]],
                        ]
                    ],
                ],
            ]
        ]
        let sink = try await read(transport, state: saved, at: recordedAt)
        let warnings = sink.messages.compactMap { message -> String? in
            if case .log(.warn, let text) = message { return text }
            return nil
        }
        #expect(warnings.count == 1, "\(sink.logs)")
        let warning = try #require(warnings.first)
        #expect(warning.contains("2414183") && warning.contains("60 days"))
        #expect(warning.contains("2026-08-22") && warning.contains("2026-09-21"))  // from the cursor to the floor
        // What is left is read: all of 2414183's recorded notifications (within 60 days), none lost silently.
        let page = sink.records(of: stream).filter { $0["organizationalEntity"] == "urn:li:organization:2414183" }
        #expect(page.count == 7)
        let request = try #require(
            transport.requests.first {
                $0.url.contains("/organizationalEntityNotifications?") && $0.url.contains("2414183")
            })
        #expect(request.url.contains("timeRange=(start:\(now - 60 * UTCCalendar.dayMillis),"))
    }

    @Test func aFullRefreshReadsTheWholeRetentionWithoutWarning() async throws {
        let transport = try ReplayTransport(directory: fixtureDirectory)
        let sink = try await read(transport, at: recordedAt, mode: .fullRefresh)
        #expect(sink.records(of: stream).count == 8)
        #expect(!sink.messages.contains { if case .log(.warn, _) = $0 { return true } else { return false } })
    }
}
