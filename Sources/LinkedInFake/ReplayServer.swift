import AirbyteProtocol
import Foundation
import LinkedInPages
import LinkedInReplay

/// Serves recorded fixtures (a `ReplayTransport` folder) over HTTP, with faults injected on demand.
public final class ReplayServer: @unchecked Sendable {
    /// Misbehaviour for the next `count` requests whose path contains `pathContains` ("" for any).
    public struct Fault: Sendable {
        public var response: FakeResponse
        public var count: Int
        public var pathContains: String

        public init(_ response: FakeResponse, count: Int = 1, pathContains: String = "") {
            self.response = response
            self.count = count
            self.pathContains = pathContains
        }
    }

    private let replay: ReplayTransport
    private let faults = Locked<[Fault]>([])
    private let counter = Locked(0)
    private var server: FakeHTTPServer!

    public init(directory: URL) throws {
        replay = try ReplayTransport(directory: directory)
        let faults = self.faults
        let counter = self.counter
        let replay = self.replay
        server = try FakeHTTPServer { request in
            counter.withLock { $0 += 1 }
            let path = request.target.split(separator: "?").first.map(String.init) ?? request.target
            if let fault = faults.withLock({ list -> Fault? in
                guard
                    let index = list.firstIndex(where: {
                        $0.count > 0 && (path.contains($0.pathContains) || $0.pathContains.isEmpty)
                    })
                else { return nil }
                list[index].count -= 1
                return list[index]
            }) {
                return fault.response
            }
            let answer = replay.respond(
                to: HTTPRequest(
                    method: request.method, url: request.target,
                    headers: Dictionary(
                        uniqueKeysWithValues: request.headers.map {
                            ($0.key == "x-http-method-override" ? "X-HTTP-Method-Override" : $0.key, $0.value)
                        }),
                    body: request.body))
            return .json(answer.status, answer.body, headers: answer.headers)
        }
    }

    public func inject(_ fault: Fault) { faults.withLock { $0.append(fault) } }

    /// Requests received, faults included.
    public var requestCount: Int { counter.current }

    /// Base URL for `LINKEDIN_API_BASE_URL`.
    public var apiBase: String { server.baseURL + "/rest" }
    /// URL for `LINKEDIN_OAUTH_TOKEN_URL`.
    public var tokenURL: String { server.baseURL + "/oauth/v2/accessToken" }

    public func stop() { server.stop() }
}
