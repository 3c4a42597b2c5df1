import AirbyteProtocol
import Foundation
import LinkedInPages

/// Answers requests from a folder of recorded LinkedIn responses instead of the network: for tests, the demo
/// (`linkedin-pages-demo`) and the LinkedIn stand-in. It emulates LinkedIn, so it is never part of the shipped
/// connector.
///
/// The folder holds `routes.json`:
/// `{"recorded_at": "2026-11-20T09:00:00Z", "routes": [{"method": "GET", "path": "/organizations",
/// "query": {"ids": "List(1,2)"}, "status": 200, "body": "organizations_batch.json"}]}`.
/// A route matches on method, path (a suffix of the request's; one `*` matches any run of characters) and the query
/// parameters it lists, encoded as sent; `"*"` matches any value of a parameter that must be present. The first
/// match wins. As LinkedIn would, a time-bound request gets only the recorded elements inside its `timeIntervals`
/// (or `timeRange`; an element without a `timeRange` is placed by its `lastModifiedAt`),
/// and a request for `shares=List(...)` / `ugcPosts=List(...)` only the elements of those posts.
/// Every request is recorded in `requests` so tests can assert what was sent.
public final class ReplayTransport: HTTPTransport {
    struct Route: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        /// The body parsed once, for the filters that answer time windows and post lists.
        var document: JSON?
    }

    private let routes: [Route]
    /// When the responses were recorded: the clock a replayed read should run at.
    public let recordedAt: Date?
    private let log = Locked<[HTTPRequest]>([])

    public init(directory: URL) throws {
        let manifestURL = directory.appendingPathComponent("routes.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw ConnectorError.config("Replay folder \(directory.path) has no routes.json.")
        }
        let manifest = try JSON.parse([UInt8](data))
        recordedAt = manifest["recorded_at"]?.stringValue.flatMap(ISO8601Parsing.date)
        routes = try (manifest["routes"]?.arrayValue ?? []).map { entry in
            let file = entry["body"]?.stringValue ?? ""
            var body: [UInt8] = []
            if !file.isEmpty {
                guard let content = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path)
                else { throw ConnectorError.config("Replay fixture \(file) is missing.") }
                body = [UInt8](content)
            }
            var query: [String: String] = [:]
            for (key, value) in entry["query"]?.objectValue ?? JSONObject() { query[key] = value.stringValue ?? "" }
            var headers: [String: String] = [:]
            for (key, value) in entry["headers"]?.objectValue ?? JSONObject() { headers[key] = value.stringValue ?? "" }
            return Route(
                method: entry["method"]?.stringValue ?? "GET", path: entry["path"]?.stringValue ?? "",
                query: query, status: Int(entry["status"]?.int64Value ?? 200), headers: headers, body: body,
                document: try? JSON.parse(body))
        }
    }

    /// Requests received so far, in order.
    public var requests: [HTTPRequest] { log.current }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        respond(to: request)
    }

    /// The recorded answer to `request` (a 404 with a LinkedIn-style body when nothing matches).
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        log.withLock { $0.append(request) }
        let (path, query) = Self.split(request)
        let method = request.headers["X-HTTP-Method-Override"] ?? request.method
        guard
            let route = routes.first(where: { route in
                route.method == method && Self.path(path, matches: route.path)
                    && route.query.allSatisfy { $0.value == "*" ? query[$0.key] != nil : query[$0.key] == $0.value }
            })
        else {
            let body = #"{"status":404,"message":"No recorded response for \#(method) \#(path)"}"#
            return HTTPResponse(status: 404, body: Array(body.utf8))
        }
        var body = route.body
        if let intervals = query["timeIntervals"] ?? query["timeRange"], let range = Self.timeRange(intervals) {
            body = Self.filterElements(route.document, or: body) { element in
                // Statistics carry their day; events (notifications) their time.
                guard let start = element["timeRange"]?["start"]?.int64Value ?? element["lastModifiedAt"]?.int64Value
                else { return true }
                return range.contains(start)
            }
        }
        let posts = Set(Self.listedURNs(query["shares"]) + Self.listedURNs(query["ugcPosts"]))
        if !posts.isEmpty {
            body = Self.filterElements(route.document, or: body) { element in
                posts.contains(element["share"]?.stringValue ?? element["ugcPost"]?.stringValue ?? "")
            }
        }
        return HTTPResponse(status: route.status, headers: route.headers, body: body)
    }

    static func path(_ path: String, matches pattern: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return path.hasSuffix(pattern) }
        let head = pattern[..<star]
        let tail = pattern[pattern.index(after: star)...]
        guard let found = path.range(of: head, options: .backwards) else { return false }
        return path[found.upperBound...].hasSuffix(tail)
    }

    /// `List(urn%3Ali%3Ashare%3A1,...)` → decoded URNs.
    static func listedURNs(_ value: String?) -> [String] {
        guard let value, value.hasPrefix("List("), value.hasSuffix(")") else { return [] }
        return value.dropFirst(5).dropLast().split(separator: ",").compactMap { $0.removingPercentEncoding }
    }

    /// The path (without the base URL's host) and the query parameters, still encoded.
    static func split(_ request: HTTPRequest) -> (String, [String: String]) {
        var url = request.url
        if let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") {
            url = String(url[slash...])
        }
        let parts = url.split(separator: "?", maxSplits: 1)
        var queryText = parts.count > 1 ? String(parts[1]) : ""
        if request.method == "POST", let body = request.body { queryText = String(decoding: body, as: UTF8.self) }
        var query: [String: String] = [:]
        for pair in queryText.split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1)
            query[String(keyValue[0])] = keyValue.count > 1 ? String(keyValue[1]) : ""
        }
        return (String(parts.first ?? ""), query)
    }

    /// `(timeRange:(start:S,end:E),...)` → S..<E.
    static func timeRange(_ intervals: String) -> Range<Int64>? {
        func number(after label: String) -> Int64? {
            guard let range = intervals.range(of: label) else { return nil }
            return Int64(intervals[range.upperBound...].prefix { $0.isNumber })
        }
        guard let start = number(after: "start:"), let end = number(after: "end:"), start < end else { return nil }
        return start..<end
    }

    static func filterElements(_ document: JSON?, or body: [UInt8], keeping keep: (JSON) -> Bool) -> [UInt8] {
        guard case .object(var root)? = document, let elements = root["elements"]?.arrayValue else {
            return body
        }
        root["elements"] = .array(elements.filter(keep))
        var bytes: [UInt8] = []
        JSON.object(root).appendSerialized(to: &bytes)
        return bytes
    }
}
