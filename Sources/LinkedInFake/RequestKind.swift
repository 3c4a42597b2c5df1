import Foundation

/// A request as the stand-in reads it: path, query (from the URL, or from the body of a tunnelled POST with
/// `X-HTTP-Method-Override: GET`, as LinkedIn accepts long queries), and the Rest.li method it stands for.
struct Parsed {
    /// The path as sent, percent-encoded (`/rest/socialActions/urn%3Ali%3Ashare%3A1/comments`).
    var path: String
    /// The query's values, percent-decoded.
    var query: [String: String] = [:]
    /// The query's values as sent: lists of URNs must be split before they are decoded.
    var raw: [String: String] = [:]
    var method: String

    init(_ request: FakeRequest) {
        let parts = request.target.split(separator: "?", maxSplits: 1)
        path = String(parts.first ?? "")
        method = request.method
        var text = parts.count > 1 ? String(parts[1]) : ""
        if request.method == "POST", request.headers["x-http-method-override"]?.uppercased() == "GET" {
            text = String(decoding: request.body, as: UTF8.self)
            method = "GET"
        }
        for pair in text.split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1)
            let value = keyValue.count > 1 ? String(keyValue[1]) : ""
            raw[String(keyValue[0])] = value
            query[String(keyValue[0])] = value.removingPercentEncoding ?? value
        }
    }

    var decodedPath: String { path.removingPercentEncoding ?? path }

    /// The first path segment after `/rest/` (`socialActions`), as LinkedIn's quotas and scopes name endpoints.
    var resource: String {
        let segments = path.split(separator: "/").filter { $0 != "rest" }
        return String((segments.first ?? "").prefix { $0 != "?" })
    }

    /// `BATCH_GET`, `FINDER-<q>` or `GET`, as LinkedIn's permission errors name them.
    var restliMethod: String {
        if query["ids"] != nil { return "BATCH_GET" }
        if let finder = query["q"] { return "FINDER-" + finder }
        return method
    }
}

/// What a request is for, finer than its endpoint where one endpoint serves several purposes; the quota benchmark
/// holds each kind against the fewest requests LinkedIn's API allows for it.
public enum RequestKind {
    static func of(_ request: Parsed) -> String {
        let resource = request.resource
        let query = request.query
        switch resource {
        case "organizationalEntityFollowerStatistics", "organizationalEntityShareStatistics",
            "organizationPageStatistics":
            if query["shares"] != nil || query["ugcPosts"] != nil { return resource + " posts" }
            return resource + (query["timeIntervals"] != nil ? " time-bound" : " lifetime")
        case "socialMetadata":
            let comments =
                (request.raw["ids"] ?? "").contains("urn%3Ali%3Acomment")
                || (query["ids"] ?? "")
                    .contains("urn:li:comment:")
            return resource + (comments ? " comments" : " posts")
        case "socialActions":
            return resource + (request.decodedPath.contains("urn:li:comment:") ? " replies" : " comments")
        case "videoAnalytics":
            return resource + " " + (query["aggregation"] ?? "none")
        case "posts":
            return resource + (query["isDsc"] == "true" ? " sponsored" : " organic")
        default:
            return resource.isEmpty ? request.decodedPath : resource
        }
    }

    /// Requests an `EngagementWorld` answers: posts and everything about them.
    static func isAboutPosts(_ request: Parsed) -> Bool {
        switch request.resource {
        case "posts", "socialActions", "reactions", "socialMetadata", "videoAnalytics": return true
        case "organizationalEntityShareStatistics":
            return request.query["shares"] != nil || request.query["ugcPosts"] != nil
        default: return false
        }
    }
}
