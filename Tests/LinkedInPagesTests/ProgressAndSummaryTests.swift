import AirbyteProtocol
import Foundation
import LinkedInReplay
import Testing
@testable import LinkedInPages

/// The progress lines a read logs while it runs, and the summary it ends with: figures that only grow, that end at
/// the summary's totals, and per-endpoint call counts equal to what the transport received.
@Suite struct ProgressAndSummaryTests {
    /// Answers from the recorded fixtures (tokens too), after `delay` seconds; counts what it received; can fail
    /// chosen requests and stall them first.
    final class SlowTransport: HTTPTransport {
        struct Fault: Sendable {
            let matches: @Sendable (HTTPRequest) -> Bool
            let response: HTTPResponse
            /// How many matching requests fail (later ones pass through).
            var count = Int.max
            var stall = 0.0
        }

        let replay: ReplayTransport
        let delay: Double
        private let state: Locked<(faults: [Fault], received: [HTTPRequest])>

        init(delay: Double, faults: [Fault] = []) throws {
            replay = try ReplayTransport(directory: fixtureDirectory)
            self.delay = delay
            state = Locked((faults, []))
        }

        var received: [HTTPRequest] { state.current.received }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let fault = state.withLock { state -> Fault? in
                state.received.append(request)
                guard let index = state.faults.firstIndex(where: { $0.count > 0 && $0.matches(request) }) else {
                    return nil
                }
                state.faults[index].count -= 1
                return state.faults[index]
            }
            try await Task.sleep(nanoseconds: UInt64((delay + (fault?.stall ?? 0)) * 1e9))
            if let fault { return fault.response }
            if request.url.hasPrefix(testEndpoints.tokenURL) {
                return response(200, fixture: "oauth_token_refreshed.json")
            }
            return replay.respond(to: request)
        }
    }

    func config(
        _ credentials: JSON = ["access_token": "test-access-token"], organizations: [String], concurrency: Int = 1
    ) -> JSON {
        [
            "credentials": credentials, "org_ids": .array(organizations.map(JSON.string)),
            "start_date": "2026-10-01T00:00:00Z", "lookback_days": 0, "max_concurrency": .int(Int64(concurrency)),
        ]
    }

    func read(
        _ transport: HTTPTransport, config: JSON, streams: [String], interval: Double
    ) async throws -> (sink: MemorySink, failures: [ConnectorError]) {
        let source = LinkedInPagesSource(
            transport: transport, endpoints: testEndpoints, clock: { recordedAt }, retry: instantRetries,
            sleep: { _ in }, checkpoints: CheckpointPolicy(interval: 0), progress: ProgressPolicy(interval: interval))
        let sink = MemorySink()
        let catalog = ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) })
        let failures = try await source.read(config: config, catalog: catalog, state: InputState(), sink: sink)
        return (sink, failures)
    }

    // MARK: Reading the lines back

    /// The figures of one stream's progress line, in the order they are written.
    struct Progress: Equatable {
        var partitionsDone, partitionsPlanned, slices, records, requests: Int

        var figures: [Int] { [partitionsDone, partitionsPlanned, slices, records, requests] }
    }

    func progress(of stream: String, in sink: MemorySink) -> [Progress] {
        sink.logs.filter { $0.hasPrefix("Progress of stream '\(stream)'") }.map { line in
            let text = String(line.split(separator: ": ", maxSplits: 1)[1])
            func number(before noun: String) -> Int {
                let pattern = try! Regex("([0-9,]+) \(noun)")
                let match = text.firstMatch(of: pattern)!
                return Int(String(match.output[1].substring!).replacingOccurrences(of: ",", with: ""))!
            }
            let done = Int(text.prefix { $0 != "/" }.replacingOccurrences(of: ",", with: ""))!
            return Progress(
                partitionsDone: done, partitionsPlanned: number(before: "partition"), slices: number(before: "slice"),
                records: number(before: "record"), requests: number(before: "request"))
        }
    }

    func summaryLine(of stream: String, in sink: MemorySink) throws -> String {
        try #require(sink.logs.first { $0.hasPrefix("Stream '\(stream)': ") })
    }

    func number(_ noun: String, in line: String) -> Int? {
        let pattern = try! Regex("([0-9,]+) \(noun)")
        return line.firstMatch(of: pattern).flatMap {
            Int(String($0.output[1].substring!).replacingOccurrences(of: ",", with: ""))
        }
    }

    /// `LinkedIn calls by endpoint (…): a 3, b/{id} 1.` as a dictionary.
    func callsByEndpoint(in sink: MemorySink) throws -> [String: Int] {
        let line = try #require(sink.logs.first { $0.hasPrefix("LinkedIn calls by endpoint") })
        let list = try #require(line.split(separator: "): ", maxSplits: 1).last).dropLast()
        return Dictionary(
            uniqueKeysWithValues: list.split(separator: ", ").map { entry in
                let parts = entry.split(separator: " ")
                return (String(parts[0]), Int(parts[1].replacingOccurrences(of: ",", with: ""))!)
            })
    }

    // MARK: Tests

    @Test func endpointsAreNamedByTheirPathWithKeysAsPlaceholders() {
        #expect(
            RequestStatistics.endpointName("/organizationalEntityFollowerStatistics")
                == "organizationalEntityFollowerStatistics")
        #expect(
            RequestStatistics.endpointName("/socialActions/urn%3Ali%3Ashare%3A7390000002414183000/comments?start=0")
                == "socialActions/{id}/comments")
        #expect(
            RequestStatistics.endpointName("/reactions/(entity:urn%3Ali%3Ashare%3A1)?q=entity") == "reactions/{id}")
        #expect(RequestStatistics.endpointName("/networkSizes/urn%3Ali%3Aorganization%3A1") == "networkSizes/{id}")
        #expect(RequestStatistics.endpointName("oauth/v2/accessToken") == "oauth/v2/accessToken")
        #expect(RequestStatistics.endpointName("/organizations/2414183") == "organizations/{id}")
    }

    /// Org 2414183 reads slowly but well; org 5509721's first request stalls, then is refused (403). Progress lines
    /// appear, only grow, and the last one (written during the stall, nothing changes after it) equals the summary.
    @Test func progressGrowsAndEndsAtTheSummaryTotalsAlsoWhenAnOrganizationFails() async throws {
        let stream = "follower_statistics_time_bound"
        let transport = try SlowTransport(
            delay: 0.03,
            faults: [
                .init(
                    matches: { $0.url.contains("5509721") },
                    response: response(403, fixture: "error_403_not_admin.json"),
                    stall: 0.4)
            ])
        // Pages by URN: every request the transport receives is the stream's (no list of administered pages).
        let run = try await read(
            transport, config: config(organizations: ["urn:li:organization:2414183", "urn:li:organization:5509721"]),
            streams: [stream], interval: 0.01)
        #expect(run.failures.count == 1)
        let lines = progress(of: stream, in: run.sink)
        #expect(lines.count >= 2)
        let pairs = Array(zip(lines, lines.dropFirst()))
        #expect(pairs.allSatisfy { zip($0.figures, $1.figures).allSatisfy { $0 <= $1 } }, "\(lines)")
        #expect(!pairs.contains { $0 == $1 }, "a line although nothing changed: \(lines)")
        let summary = try summaryLine(of: stream, in: run.sink)
        #expect(summary.contains("INCOMPLETE"))
        let last = try #require(lines.last)
        #expect(last.records == number("record", in: summary))
        #expect(last.requests == number("request", in: summary))
        #expect(last.requests == transport.received.count)
        #expect(last.records == run.sink.records(of: stream).count)
        #expect(last.partitionsDone == 1 && last.partitionsPlanned == 2)
        let failed = try #require(run.sink.logs.first { $0.hasPrefix("Organization 5509721 failed in '\(stream)': ") })
        #expect(failed.contains("ADMINISTRATOR"))
        #expect(!run.sink.logs.contains { $0.hasPrefix("Organization 2414183") })
    }

    /// A child stream read whole per organization (here `post_social_metadata`, the change signal of
    /// `post_comments`) counts its partitions as planned too: done never exceeds planned.
    @Test func partitionsDoneNeverExceedPlanned() async throws {
        let streams = ["posts", "post_social_metadata", "post_comments"]
        let transport = try SlowTransport(delay: 0.01)
        let run = try await read(
            transport, config: config(organizations: ["2414183", "5509721"]), streams: streams, interval: 0.002)
        #expect(run.failures.isEmpty)
        let lines = streams.flatMap { progress(of: $0, in: run.sink) }
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.partitionsDone <= $0.partitionsPlanned }, "\(lines)")
    }

    /// Retries and a token refresh are calls too: the summary's per-endpoint counts equal what the transport got.
    @Test func perEndpointCountsEqualTheRequestsSentRetriesAndTokenRefreshesIncluded() async throws {
        let transport = try SlowTransport(
            delay: 0,
            faults: [
                .init(matches: { $0.url.contains("/comments") }, response: response(503, "busy"), count: 2),
                .init(
                    matches: { $0.url.contains("/networkSizes/") },
                    response: response(429, fixture: "error_429_quota.json"),
                    count: 1),
            ])
        let credentials: JSON = ["client_id": "cid", "client_secret": "secret", "refresh_token": "AQX-refresh"]
        let run = try await read(
            transport, config: config(credentials, organizations: ["2414183", "5509721"]),
            streams: ["total_follower_count", "posts", "post_comments"], interval: 0)
        #expect(run.failures.isEmpty)
        var expected: [String: Int] = [:]
        for request in transport.received {
            let path =
                request.url.hasPrefix(testEndpoints.tokenURL)
                ? "oauth/v2/accessToken"
                : String(request.url.dropFirst(testEndpoints.apiBase.count + 1).split(separator: "?")[0])
            let name =
                path.hasPrefix("socialActions/")
                ? "socialActions/{id}/comments"
                : path.hasPrefix("networkSizes/") ? "networkSizes/{id}" : path
            expected[name, default: 0] += 1
        }
        #expect(expected["oauth/v2/accessToken"] == 1)
        #expect((expected["socialActions/{id}/comments"] ?? 0) > 2)
        #expect(try callsByEndpoint(in: run.sink) == expected)
        let header = try #require(run.sink.logs.first { $0.hasPrefix("Read summary: ") })
        #expect(header.contains("\(transport.received.count) requests"))
        #expect(header.contains("rate-limit waits 1 ("))
        #expect(header.contains("retries after errors 2 ("))
        #expect(header.contains("3 streams (3 COMPLETE, 0 INCOMPLETE)"))
        #expect(run.sink.logs.contains { $0.hasPrefix("Requests for other work") && $0.contains("authentication 1") })
        #expect(!run.sink.logs.contains { $0.hasPrefix("Progress") }, "an interval of 0 turns progress off")
    }

    /// A token refused in the middle stops the read; the summary still comes, with the reason.
    @Test func aReadStoppedByARunLevelErrorStillEndsWithTheSummary() async throws {
        let transport = try SlowTransport(
            delay: 0,
            faults: [
                .init(
                    matches: { $0.url.contains("5509721") }, response: response(401, fixture: "error_401_revoked.json"))
            ])
        let run = try await read(
            transport, config: config(organizations: ["2414183", "5509721"]),
            streams: ["follower_statistics", "share_statistics"], interval: 0.01)
        #expect(!run.failures.isEmpty)
        let logs = run.sink.logs
        #expect(logs.contains { $0.hasPrefix("Read summary: 2 streams (") && $0.contains("INCOMPLETE") })
        #expect(logs.contains { $0.hasPrefix("The read stopped early: LinkedIn rejected the access token") })
        #expect(try callsByEndpoint(in: run.sink).values.reduce(0, +) == transport.received.count)
    }

    /// An error thrown before any stream starts (here a catalog naming an unknown stream) ends with the summary too.
    @Test func aReadThatThrowsStillEndsWithTheSummary() async throws {
        let transport = try SlowTransport(delay: 0)
        let sink = MemorySink()
        let source = LinkedInPagesSource(transport: transport, endpoints: testEndpoints, clock: { recordedAt })
        await #expect(throws: ConnectorError.self) {
            try await source.read(
                config: config(organizations: ["2414183"]),
                catalog: ConfiguredCatalog(streams: [.init(name: "no_such_stream", syncMode: .incremental)]),
                state: InputState(), sink: sink)
        }
        #expect(sink.logs.contains { $0.hasPrefix("Read summary: 0 streams") })
        #expect(sink.logs.contains { $0.hasPrefix("The read stopped early: ") && $0.contains("no_such_stream") })
    }

    /// Nothing moved between two reports: no second line.
    @Test func noProgressLineWhenNothingChanged() {
        let sink = MemorySink()
        let statistics = RequestStatistics()
        let stream = StreamProgress(
            name: "s", jobs: 2, cursors: nil, sink: sink, policy: CheckpointPolicy(interval: 0), clock: { 0 })
        let reporter = ProgressReporter(statistics: statistics, sink: sink, policy: ProgressPolicy(interval: 0))
        reporter.start([stream])
        stream.planned(partitions: 2)
        reporter.report()
        #expect(sink.logs.isEmpty, "not started yet")
        stream.jobStarted()
        reporter.report()
        reporter.report()
        #expect(sink.logs.count == 1)
        statistics.sent(endpoint: "/networkSizes/urn%3Ali%3Aorganization%3A1", context: RequestContext(stream: "s"))
        reporter.report()
        reporter.report()
        #expect(sink.logs.count == 2)
        #expect(sink.logs.last?.contains("0/2 partitions, 0 slices, 0 records, 1 request, no waits") == true)
        reporter.finish(stoppedBy: nil)
        statistics.sent(endpoint: "/networkSizes/urn%3Ali%3Aorganization%3A1", context: RequestContext(stream: "s"))
        let afterFinish = sink.logs.count
        reporter.report()
        #expect(sink.logs.count == afterFinish, "no progress after the summary")
    }

    /// More streams moving than `separateLinesUpTo`: one line carries them all.
    @Test func manyMovingStreamsShareOneLine() {
        let sink = MemorySink()
        let streams = (1...6).map {
            StreamProgress(
                name: "s\($0)", jobs: 1, cursors: nil, sink: sink, policy: CheckpointPolicy(interval: 0), clock: { 0 })
        }
        let reporter = ProgressReporter(
            statistics: RequestStatistics(), sink: sink, policy: ProgressPolicy(interval: 0))
        reporter.start(streams)
        for stream in streams { stream.jobStarted() }
        reporter.report()
        let lines = sink.logs.filter { $0.hasPrefix("Progress") }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("Progress of 6 streams after ") == true)
        #expect(lines.first?.contains("'s6' 0/0 partitions") == true)
    }

    /// Many organizations, a short interval: lines per interval stay a handful, not one per organization.
    @Test func progressLinesStayBoundedAtAThousandOrganizations() async throws {
        struct InMemory: HTTPTransport {
            let received = Locked(0)
            func send(_ request: HTTPRequest) async throws -> HTTPResponse {
                received.withLock { $0 += 1 }
                try await Task.sleep(nanoseconds: 200_000)
                return response(200, #"{"firstDegreeSize": 7}"#)
            }
        }
        let organizations = (1...1_000).map { "urn:li:organization:\(10_000 + $0)" }
        let transport = InMemory()
        let json = config(organizations: organizations, concurrency: 8)
        let interval = 0.01
        let started = CheckpointPolicy.monotonicSeconds()
        let run = try await read(transport, config: json, streams: ["total_follower_count"], interval: interval)
        let elapsed = CheckpointPolicy.monotonicSeconds() - started
        #expect(run.failures.isEmpty)
        #expect(run.sink.records(of: "total_follower_count").count == 1_000)
        let lines = run.sink.logs.filter { $0.hasPrefix("Progress") }
        #expect(!lines.isEmpty)
        // Bounded by time, not by the number of organizations (a count bound would fail on a slow machine, where the
        // same read spans more intervals).
        #expect(Double(lines.count) <= elapsed / interval + 2, "at most one line per interval for one stream")
        #expect(
            lines.allSatisfy { $0.hasPrefix("Progress of stream 'total_follower_count' after ") },
            "a line per stream and interval, not per organization")
        let last = try #require(progress(of: "total_follower_count", in: run.sink).last)
        #expect(last.requests <= transport.received.current)
        #expect(try callsByEndpoint(in: run.sink) == ["networkSizes/{id}": transport.received.current])
    }
}
