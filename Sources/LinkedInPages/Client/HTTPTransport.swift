/// One HTTP exchange as the client sees it; small enough for tests to build and compare.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }
}

/// A failure below HTTP: nothing usable came back. All of them are worth a retry.
public enum TransportError: Error, Sendable, Equatable {
    case timedOut
    case connectionFailed(String)
    /// The transport cannot work at all here (libcurl missing, an option it refuses): retrying cannot help.
    case unavailable(String)
}

/// Sends requests. The production transport is `CurlTransport`; tests replay recorded fixtures.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
