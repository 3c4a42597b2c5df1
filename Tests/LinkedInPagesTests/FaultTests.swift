import AirbyteProtocol
import Foundation
import LinkedInFake
import Testing
@testable import LinkedInPages

/// What a read does when LinkedIn, or the network, misbehaves: over real HTTP (CurlTransport) against a local
/// LinkedIn stand-in that injects faults.
@Suite(.serialized) struct FaultTests {
    struct Outcome {
        let sink: MemorySink
        let failures: [ConnectorError]
    }

    func read(
        _ server: ReplayServer, streams: [String], state: JSON = .array([]), requestTimeout: Double = 5,
        attempts: Int = 5, token: String = "test-access-token"
    ) async throws -> Outcome {
        let source = LinkedInPagesSource(
            transport: CurlTransport(requestTimeout: requestTimeout),
            endpoints: Endpoints(apiBase: server.apiBase, tokenURL: server.tokenURL), clock: { recordedAt },
            retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.001, maxDelay: 0.01), sleep: { _ in })
        let config: JSON = [
            "credentials": ["access_token": .string(token)], "org_ids": ["2414183", "5509721"],
            "start_date": "2026-10-01T00:00:00Z", "lookback_days": 0, "max_concurrency": 2,
        ]
        let sink = MemorySink()
        let failures = try await source.read(
            config: config,
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) }),
            state: InputState(json: state), sink: sink)
        return Outcome(sink: sink, failures: failures)
    }

    func withServer<T>(_ body: (ReplayServer) async throws -> T) async throws -> T {
        let server = try ReplayServer(directory: fixtureDirectory)
        defer { server.stop() }
        return try await body(server)
    }

    let body429 = fixture("error_429_quota.json")

    @Test func rateLimitForTheFirstRequestsThenSuccess() async throws {
        try await withServer { server in
            server.inject(.init(.json(429, body429, headers: ["Retry-After": "0"]), count: 2))
            let outcome = try await read(server, streams: ["total_follower_count"])
            #expect(outcome.failures.isEmpty)
            #expect(outcome.sink.records(of: "total_follower_count").count == 2)
            #expect(outcome.sink.logs.filter { $0.contains("HTTP 429") }.count == 2)
        }
    }

    @Test func serverErrorBurstsAndResetsAreRetried() async throws {
        try await withServer { server in
            for status in [500, 502, 503] { server.inject(.init(.json(status, Array("upstream error".utf8)))) }
            server.inject(.init(.reset))
            let outcome = try await read(server, streams: ["follower_statistics", "share_statistics"])
            #expect(outcome.failures.isEmpty)
            #expect(outcome.sink.records.count == 4)
            #expect(server.requestCount == 4 + 4 + 1)  // and the list of administered pages (the ids are bare)
        }
    }

    @Test func aResponseSlowerThanTheTimeoutIsRetriedThenReported() async throws {
        try await withServer { server in
            server.inject(.init(.hang, count: 2, pathContains: "networkSizes/urn%3Ali%3Aorganization%3A2414183"))
            let outcome = try await read(server, streams: ["total_follower_count"], requestTimeout: 1, attempts: 2)
            #expect(outcome.sink.records(of: "total_follower_count").count == 1)  // the other organization
            let failure = try #require(outcome.failures.first)
            #expect(failure.failureType == .transientError)
            #expect(failure.message.contains("timed out"))
        }
    }

    @Test func truncatedBodyIsRetriedAsAConnectionFailure() async throws {
        try await withServer { server in
            server.inject(
                .init(
                    .truncate(status: 200, body: Array(#"{"firstDegreeSize": 12"#.utf8)), pathContains: "networkSizes"))
            let outcome = try await read(server, streams: ["total_follower_count"])
            #expect(outcome.failures.isEmpty)
            #expect(outcome.sink.records.count == 2)
        }
    }

    @Test(arguments: [
        ("{\"elements\":[{\"organizationalEntity\":", "invalid JSON"),
        ("<!DOCTYPE html><html><body>LinkedIn is down for maintenance</body></html>", "HTML"),
        ("{\"paging\":{\"start\":0,\"count\":10}}", "no \"elements\""),
    ])
    func unreadableBodyFailsThatOrganizationOnly(_ body: String, _ problem: String) async throws {
        try await withServer { server in
            server.inject(.init(.json(200, Array(body.utf8)), pathContains: "FollowerStatistics"))
            let outcome = try await read(server, streams: ["follower_statistics", "total_follower_count"])
            #expect(outcome.sink.records(of: "follower_statistics").count == 1)
            #expect(outcome.sink.records(of: "total_follower_count").count == 2)
            let failure = try #require(outcome.failures.first)
            #expect(failure.failureType == .systemError)
            #expect(
                failure.message.contains(problem) && failure.message.contains("/organizationalEntityFollowerStatistics")
            )
            #expect(outcome.sink.statuses(of: "total_follower_count").last == .complete)
            #expect(outcome.sink.statuses(of: "follower_statistics").last == .incomplete)
        }
    }

    @Test func nullsAndUnknownFieldsPassThrough() async throws {
        try await withServer { server in
            let odd =
                #"{"elements":[{"organizationalEntity":null,"followerCountsByGeo":null,"brandNewField":{"x":[1,null]},"followerCountsBySeniority":[{"seniority":null,"followerCounts":{"organicFollowerCount":null}}]}]}"#
            server.inject(.init(.json(200, Array(odd.utf8)), pathContains: "FollowerStatistics"))
            let outcome = try await read(server, streams: ["follower_statistics"])
            #expect(outcome.failures.isEmpty)
            let record = try #require(
                outcome.sink.records(of: "follower_statistics").first { $0["brandNewField"] != nil })
            #expect(record["brandNewField"] == ["x": [1, nil]])
            #expect(record["organizationalEntity"]?.stringValue?.hasPrefix("urn:li:organization:") == true)
        }
    }

    @Test(arguments: [
        (401, "error_401_revoked.json", FailureType.configError, "expired or revoked"),
        (403, "error_403_not_admin.json", FailureType.configError, "ADMINISTRATOR"),
        (426, "error_426_version.json", FailureType.configError, "api_version"),
    ])
    func authorizationAndVersionFailuresAreActionable(
        _ status: Int, _ file: String, _ type: FailureType, _ advice: String
    ) async throws {
        try await withServer { server in
            server.inject(.init(.json(status, fixture(file)), count: 100))
            let outcome = try await read(server, streams: ["total_follower_count"])
            let failure = try #require(outcome.failures.first)
            #expect(failure.failureType == type)
            #expect(failure.message.contains(advice))
        }
    }

    @Test func quotaExhaustedMidReadKeepsEveryCheckpointAndTheNextRunResumesExactly() async throws {
        try await withServer { server in
            let streams = ["follower_statistics_time_bound", "share_statistics_time_bound"]
            let complete = try await read(server, streams: streams)
            let expected = Set(
                streams.flatMap { stream in
                    complete.sink.records(of: stream).map { "\(stream) \(JSON.object($0).serialized)" }
                })
            // Three windows succeed, then the daily quota is gone for the rest of the run.
            let first = try await readWithQuota(server, streams: streams, allowed: 3)
            #expect(first.failures.contains { $0.failureType == .transientError && $0.message.contains("00:00 UTC") })
            #expect(streams.allSatisfy { first.sink.statuses(of: $0).last == .incomplete })
            let state = first.sink.nextInputState(streams)
            let second = try await read(server, streams: streams, state: state)
            #expect(second.failures.isEmpty)
            let firstRecords = streams.flatMap { stream in
                first.sink.records(of: stream).map { "\(stream) \(JSON.object($0).serialized)" }
            }
            let secondRecords = streams.flatMap { stream in
                second.sink.records(of: stream).map { "\(stream) \(JSON.object($0).serialized)" }
            }
            #expect(Set(firstRecords + secondRecords) == expected)  // nothing lost
            #expect(Set(firstRecords).isDisjoint(with: secondRecords))  // committed windows are not read again
        }
    }

    /// A read where LinkedIn answers `allowed` requests, then 429 to everything.
    func readWithQuota(_ server: ReplayServer, streams: [String], allowed: Int) async throws -> Outcome {
        let gate = QuotaTransport(inner: CurlTransport(), allowed: allowed, body: body429)
        let source = LinkedInPagesSource(
            transport: gate, endpoints: Endpoints(apiBase: server.apiBase, tokenURL: server.tokenURL),
            clock: { recordedAt },
            retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.01), sleep: { _ in })
        let sink = MemorySink()
        let config: JSON = [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183", "5509721"],
            "start_date": "2026-10-01T00:00:00Z", "lookback_days": 0, "max_concurrency": 1,
        ]
        let failures = try await source.read(
            config: config,
            catalog: ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) }),
            state: InputState(), sink: sink)
        return Outcome(sink: sink, failures: failures)
    }
}

/// Lets `allowed` requests through to the real transport, then answers 429 as an exhausted daily quota does.
final class QuotaTransport: HTTPTransport {
    let inner: HTTPTransport
    let remaining: Locked<Int>
    let body: [UInt8]

    init(inner: HTTPTransport, allowed: Int, body: [UInt8]) {
        self.inner = inner
        remaining = Locked(allowed)
        self.body = body
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let pass = remaining.withLock { count -> Bool in
            count -= 1
            return count >= 0
        }
        return pass ? try await inner.send(request) : HTTPResponse(status: 429, body: body)
    }
}
