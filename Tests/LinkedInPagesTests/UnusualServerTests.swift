import AirbyteProtocol
import Foundation
import LinkedInFake
import LinkedInReplay
import Testing
@testable import LinkedInPages

/// What LinkedIn's servers might do that the docs do not say: redirects, paging that ignores `start`, and the state
/// of pages with more posts than the state keeps one by one.
@Suite struct UnusualServerTests {
    @Test func redirectKeepsOnlyFinalHeadersAndPostBody() async throws {
        let seen = Locked<[FakeRequest]>([])
        let server = try FakeHTTPServer { request in
            seen.withLock { $0.append(request) }
            if request.target.hasPrefix("/a") {
                return .respond(
                    status: 302, headers: ["Location": "/b", "X-Stale": "1"], body: Array("moved".utf8), delay: 0)
            }
            return .respond(status: 200, headers: ["X-Final": "2"], body: Array("ok".utf8), delay: 0)
        }
        defer { server.stop() }
        let response = try await CurlTransport(requestTimeout: 5).send(
            HTTPRequest(
                method: "POST", url: server.baseURL + "/a",
                headers: ["X-HTTP-Method-Override": "GET", "Content-Type": "application/x-www-form-urlencoded"],
                body: Array("q=author&count=10".utf8)))
        #expect(response.headers["x-stale"] == nil)
        #expect(response.body == Array("ok".utf8))
        #expect(seen.current.last?.method == "POST", "a 302 turned the tunnelled POST into a bodyless GET")
        #expect(seen.current.last?.body == Array("q=author&count=10".utf8))
    }

    @Test func aServerIgnoringStartWhileItsTotalSaysMoreFailsLoudly() async throws {
        let posts: [JSON] = (0..<100).map { index in
            [
                "id": .string("urn:li:share:7\(index)"), "author": "urn:li:organization:2414183",
                "lastModifiedAt": .int(1_794_000_000_000 - Int64(index) * 1000),
            ]
        }
        let transport = ScriptedTransport([
            { request in
                guard request.url.contains("/rest/posts?"), !request.url.contains("isDsc=true") else {
                    return response(200, #"{"elements":[]}"#)
                }
                let body: JSON = ["paging": ["start": 0, "count": 100, "total": 500], "elements": .array(posts)]
                return HTTPResponse(status: 200, body: Array(body.serialized.utf8))
            }
        ])
        let source = LinkedInPagesSource(
            transport: transport, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries,
            sleep: { _ in })
        let sink = MemorySink()
        let failures = try await source.read(
            config: [
                "credentials": ["access_token": "t"], "org_ids": ["2414183"], "start_date": "2026-10-01T00:00:00Z",
            ],
            catalog: ConfiguredCatalog(streams: [.init(name: "posts", syncMode: .fullRefresh)]), state: InputState(),
            sink: sink)
        let logs = sink.messages.compactMap { m -> String? in
            if case let .log(_, text) = m { return text }; return nil
        }
        #expect(sink.records(of: "posts").count <= 100)  // never the same posts twice
        #expect(failures.contains { $0.message.contains("same page again") }, "100 of 500 listed, nothing said")
        #expect(sink.statuses(of: "posts").last == .incomplete)
        _ = logs
    }

    @Test func foldedPostsWhoseCountsDidNotMoveAreNotReadAgain() {
        let detection = ChangeSignal(
            stream: "post_social_metadata", parentField: "post", values: ["commentCount"], field: "lastModifiedAt",
            sortedBy: nil)
        let slicer = Slicer(
            cursor: .changeDetection(detection), incremental: true,
            planner: TimeWindowPlanner(granularity: .day, startDate: nil, lookbackDays: 0, now: recordedAt),
            lookbackDays: 0)
        var cursors = PartitionCursors(cursorField: "lastModifiedAt", limit: 10)
        let org = PartitionKey(organization: Organization("1"))
        let keys = (0..<20).map { org.adding("post", "urn:li:share:\($0)") }
        for (index, key) in keys.enumerated() {
            cursors.update(key, with: ["lastModifiedAt": .int(Int64(1000 + index)), "engagement": "3"])
        }
        let reread = keys.filter {
            !slicer.plan(saved: cursors.entry(for: $0), signal: ParentSignal(value: "3")).slices.isEmpty
        }
        #expect(reread.isEmpty)
    }
}
