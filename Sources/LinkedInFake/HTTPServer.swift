import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request as the fake server received it.
public struct FakeRequest: Sendable {
    public var method: String
    /// Path and query, as sent (`/rest/posts?q=author&...`).
    public var target: String
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]
}

/// What the fake server does with a request: answer it (after an optional delay), or misbehave the way networks do.
public enum FakeResponse: Sendable {
    case respond(status: Int, headers: [String: String], body: [UInt8], delay: Double)
    /// Closes the connection with a TCP reset, without an answer.
    case reset
    /// Sends the headers and part of the body, then closes.
    case truncate(status: Int, body: [UInt8])
    /// Never answers (until the server stops).
    case hang

    public static func json(_ status: Int, _ body: [UInt8], delay: Double = 0, headers: [String: String] = [:])
        -> FakeResponse
    {
        .respond(
            status: status, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: body,
            delay: delay)
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 (free port, keep-alive, a thread per connection), for tests and the benchmark
/// to stand in for LinkedIn. It is not part of the connector.
public final class FakeHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (FakeRequest) -> FakeResponse

    private let listener: Int32
    private let handler: Handler
    private let stopped = NSCondition()
    private var isStopped = false
    private var accepted = 0
    public let port: UInt16

    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        listener = fd
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 512) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        let server = self
        Thread.detachNewThread { server.acceptLoop() }
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        stopped.lock()
        isStopped = true
        stopped.broadcast()
        stopped.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Connections accepted so far: with keep-alive, fewer than the requests.
    public var connectionsAccepted: Int {
        stopped.lock()
        defer { stopped.unlock() }
        return accepted
    }

    private var running: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return !isStopped
    }

    private func acceptLoop() {
        while running {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            stopped.lock()
            accepted += 1
            stopped.unlock()
            var yes: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let server = self
            Thread.detachNewThread { server.serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        var reader = RequestReader(descriptor: client)
        defer { close(client) }
        while running, let request = reader.next() {
            switch handler(request) {
            case let .respond(status, headers, body, delay):
                if delay > 0 { usleep(useconds_t(delay * 1_000_000)) }
                var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Length: \(body.count)\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                head += "\r\n"
                guard send(client, Array(head.utf8) + body) else { return }
            case .reset:
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
                return
            case let .truncate(status, body):
                let head =
                    "HTTP/1.1 \(status) OK\r\nContent-Type: application/json\r\nContent-Length: \(body.count * 2 + 10)\r\n\r\n"
                _ = send(client, Array(head.utf8) + body)
                return
            case .hang:
                stopped.lock()
                while !isStopped { stopped.wait() }
                stopped.unlock()
                return
            }
        }
    }

    private func send(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(client, $0.baseAddress!, $0.count) }
            if written <= 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 426: return "Upgrade Required"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}

/// Reads HTTP/1.1 requests off a connection, one after another.
struct RequestReader {
    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func next() -> FakeRequest? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while true {
            if let found = Self.find(separator, in: buffer) {
                headerEnd = found
                break
            }
            guard fill() else { return nil }
        }
        guard let headerEnd else { return nil }
        let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd + 4
        while buffer.count < bodyStart + length {
            guard fill() else { return nil }
        }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return FakeRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }
}
