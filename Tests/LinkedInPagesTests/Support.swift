import AirbyteProtocol
import Foundation
@testable import LinkedInPages

/// The recorded LinkedIn responses shared by these tests, the demo and the integration tests.
let fixtureDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/linkedin")

func fixture(_ name: String) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: fixtureDirectory.appendingPathComponent(name)))) ?? []
}

/// The moment the fixtures were recorded; reads at this clock see the recorded windows.
let recordedAt = ISO8601DateFormatter().date(from: "2026-11-20T09:00:00Z")!

/// A transport that answers from a script of handlers, one per request in order (the last one repeats), and keeps
/// every request for assertions.
final class ScriptedTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse
    private let state: Locked<(handlers: [Handler], requests: [HTTPRequest])>

    init(_ handlers: [Handler]) { state = Locked((handlers, [])) }

    convenience init(responses: [HTTPResponse]) {
        self.init(responses.map { response in { _ in response } })
    }

    var requests: [HTTPRequest] { state.current.requests }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let handler = state.withLock { state -> Handler in
            state.requests.append(request)
            return state.handlers.count > 1 ? state.handlers.removeFirst() : state.handlers[0]
        }
        return try handler(request)
    }
}

func response(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
}

func response(_ status: Int, fixture name: String) -> HTTPResponse {
    HTTPResponse(status: status, body: fixture(name))
}

let testEndpoints = Endpoints(apiBase: "https://api.test/rest", tokenURL: "https://auth.test/oauth/v2/accessToken")
let instantRetries = RetryPolicy(maxAttempts: 5, baseDelay: 0.001, maxDelay: 0.002)

func makeClient(
    _ transport: HTTPTransport, credentials: PagesConfig.Credentials = .accessToken("test-access-token"),
    sink: MessageSink = MemorySink(), apiVersion: String = "202608",
    onRotation: @escaping @Sendable (String) -> Void = { _ in }
) -> LinkedInClient {
    LinkedInClient(
        settings: .init(endpoints: testEndpoints, apiVersion: apiVersion, retry: instantRetries),
        credentials: credentials, transport: transport, sink: sink, sleep: { _ in }, onRefreshTokenRotated: onRotation)
}

extension MemorySink {
    var records: [(stream: String, data: JSONObject)] {
        messages.compactMap {
            if case let .record(stream, data, _) = $0 { return (stream, data) }
            return nil
        }
    }

    func records(of stream: String) -> [JSONObject] {
        records.filter { $0.stream == stream }.map(\.data)
    }

    var states: [(stream: String, state: JSON, count: Int)] {
        messages.compactMap {
            if case let .state(stream, state, count) = $0 { return (stream, state, count) }
            return nil
        }
    }

    func lastState(of stream: String) -> JSON? {
        states.last { $0.stream == stream }?.state
    }

    var errors: [ConnectorError] {
        messages.compactMap {
            if case let .error(error, _) = $0 { return error }
            return nil
        }
    }

    func statuses(of stream: String) -> [StreamStatus] {
        messages.compactMap {
            if case let .streamStatus(name, status, _, _) = $0, name == stream { return status }
            return nil
        }
    }

    var logs: [String] {
        messages.compactMap {
            if case let .log(_, text) = $0 { return text }
            return nil
        }
    }
}

/// An input state as Airbyte passes it to `read`: one STREAM message per stream.
func inputState(_ states: [(stream: String, state: JSON)]) -> JSON {
    .array(
        states.map {
            [
                "type": "STREAM",
                "stream": ["stream_descriptor": ["name": .string($0.stream)], "stream_state": $0.state],
            ]
        })
}

extension MemorySink {
    /// The input state the next sync of `streams` starts from: each stream's last STATE of this run.
    func nextInputState(_ streams: [String]) -> JSON {
        inputState(streams.compactMap { stream in lastState(of: stream).map { (stream, $0) } })
    }
}
