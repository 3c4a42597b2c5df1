import AirbyteProtocol
import Foundation
import LinkedInFake
import Testing
@testable import LinkedInPages

/// The production transport against the local HTTP server: what goes out, what comes back, connection reuse, and
/// how failures below HTTP map to `TransportError`.
@Suite struct CurlTransportTests {
    @Test func sendsTheRequestAndReturnsStatusHeadersAndBody() async throws {
        let seen = Locked<[FakeRequest]>([])
        let answer = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try FakeHTTPServer { request in
            seen.withLock { $0.append(request) }
            return .respond(
                status: 429, headers: ["Retry-After": "7", "X-Mixed-Case": "Value With Spaces"], body: answer, delay: 0)
        }
        defer { server.stop() }
        let transport = CurlTransport(requestTimeout: 5)
        let response = try await transport.send(
            HTTPRequest(
                method: "GET", url: server.baseURL + "/rest/posts?q=author&count=100",
                headers: ["LinkedIn-Version": "202610", "Authorization": "Bearer t"]))
        #expect(response.status == 429)
        #expect(response.headers["retry-after"] == "7")
        #expect(response.headers["x-mixed-case"] == "Value With Spaces")
        #expect(response.headers["content-length"] == "\(answer.count)")
        #expect(response.body == answer)

        let posted = try await transport.send(
            HTTPRequest(
                method: "POST", url: server.baseURL + "/oauth/v2/accessToken",
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("a=b&c=%20".utf8)))
        #expect(posted.status == 429)
        let requests = seen.current
        #expect(requests.count == 2)
        #expect(requests.first?.method == "GET")
        #expect(requests.first?.target == "/rest/posts?q=author&count=100")
        #expect(requests.first?.headers["linkedin-version"] == "202610")
        #expect(requests.first?.headers["authorization"] == "Bearer t")
        #expect(requests.first?.headers["user-agent"] == LinkedInPagesSource.userAgent)
        #expect(requests.first?.headers["expect"] == nil)
        #expect(requests.last?.method == "POST")
        #expect(requests.last?.body == Array("a=b&c=%20".utf8))
        #expect(requests.last?.headers["content-type"] == "application/x-www-form-urlencoded")
    }

    @Test func reusesOneConnectionForSequentialRequests() async throws {
        let server = try FakeHTTPServer { _ in .json(200, Array("{}".utf8)) }
        defer { server.stop() }
        let transport = CurlTransport(requestTimeout: 5)
        for index in 0..<5 {
            let response = try await transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/rest/\(index)"))
            #expect(response.status == 200)
            #expect(response.body == Array("{}".utf8))
        }
        #expect(server.connectionsAccepted == 1)
    }

    @Test func concurrentRequestsAllComplete() async throws {
        let server = try FakeHTTPServer { request in
            .respond(status: 200, headers: [:], body: Array(request.target.utf8), delay: 0.02)
        }
        defer { server.stop() }
        let transport = CurlTransport(requestTimeout: 5)
        let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for index in 0..<16 {
                group.addTask {
                    (
                        index,
                        try await transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/r/\(index)")).body
                    )
                }
            }
            return try await group.reduce(into: [Int: [UInt8]]()) { $0[$1.0] = $1.1 }
        }
        #expect(bodies.count == 16)
        #expect(bodies.allSatisfy { String(decoding: $0.value, as: UTF8.self) == "/r/\($0.key)" })
        #expect(server.connectionsAccepted <= 16)
    }

    @Test func silenceLongerThanTheRequestTimeoutIsATimeout() async throws {
        let server = try FakeHTTPServer { _ in .hang }
        defer { server.stop() }
        // A hang would never end; the watchdog bounds that, not the machine's speed (a loaded 2-core box took 23 s).
        let outcome = try await withHangWatchdog {
            try await CurlTransport(requestTimeout: 0.3).send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
        }
        #expect(outcome == .failed(TransportError.timedOut))
    }

    @Test func aRefusedConnectionIsAConnectionFailure() async throws {
        let server = try FakeHTTPServer { _ in .json(200, []) }
        let url = server.baseURL + "/"
        server.stop()
        do {
            _ = try await CurlTransport(requestTimeout: 5).send(HTTPRequest(method: "GET", url: url))
            Issue.record("expected a failure")
        } catch let TransportError.connectionFailed(detail) {
            #expect(detail.hasPrefix("curl 7:"))
        }
    }

    @Test func aResetOrTruncatedAnswerIsAConnectionFailure() async throws {
        for fault in [FakeResponse.reset, .truncate(status: 200, body: Array("{\"elements\":".utf8))] {
            let server = try FakeHTTPServer { _ in fault }
            defer { server.stop() }
            do {
                _ = try await CurlTransport(requestTimeout: 5).send(
                    HTTPRequest(method: "GET", url: server.baseURL + "/"))
                Issue.record("expected a failure for \(fault)")
            } catch let TransportError.connectionFailed(detail) {
                #expect(detail.hasPrefix("curl "))
            }
        }
    }

    @Test func cancellingTheTaskEndsAHangingRequest() async throws {
        let server = try FakeHTTPServer { _ in .hang }
        defer { server.stop() }
        // The request's own timeout is far beyond the watchdog: only the cancellation can end it in time.
        let task = Task {
            try await CurlTransport(requestTimeout: 600).send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let outcome = try await withHangWatchdog { try await task.value }
        #expect(outcome == .failed(CancellationError()))
    }

    /// How an operation ended, or that it did not end within `limit` (a hang; minutes, never the machine's speed).
    enum Outcome: Equatable {
        case returned
        case failed(String)
        case hung

        static func failed(_ error: any Error) -> Outcome { .failed(String(describing: error)) }
    }

    private func withHangWatchdog(
        limit: Duration = .seconds(180), _ operation: @escaping @Sendable () async throws -> HTTPResponse
    ) async throws -> Outcome {
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                do {
                    _ = try await operation()
                    return .returned
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return .hung
            }
            let first = try await group.next() ?? .hung
            group.cancelAll()
            return first
        }
    }
}
