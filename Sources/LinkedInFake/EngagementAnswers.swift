import AirbyteProtocol
import Foundation

/// The stand-in's answers about an `EngagementWorld`: posts, comments and replies, reactions, their counts
/// (`socialMetadata`), video analytics and per-post share statistics, shaped like the recorded fixtures. Listings
/// page by `start`/`count` and carry `paging.total`, as LinkedIn's comment and reaction answers do.
enum EngagementAnswers {
    /// The answer to `path` (percent-encoded, as sent) with decoded `query`, or nil when this is not about the
    /// world's posts or names something it does not hold (the stand-in then answers 404).
    ///   - raw: the query's values as sent (lists split before decoding: comment URNs hold commas).
    static func answer(
        _ path: String, _ query: [String: String], raw: [String: String], world: EngagementWorld
    ) -> JSON? {
        let decoded = path.removingPercentEncoding ?? path
        let start = Int(query["start"] ?? "0") ?? 0
        let count = Int(query["count"] ?? "10") ?? 10
        func page(_ elements: [JSON]) -> JSON {
            [
                "paging": [
                    "start": .int(Int64(start)), "count": .int(Int64(count)), "total": .int(Int64(elements.count)),
                ],
                "elements": .array(Array(elements.dropFirst(start).prefix(count))),
            ]
        }
        switch decoded {
        case let p where p.hasSuffix("/posts"):
            guard query["isDsc"] != "true", let k = organizationIndex(query["author"]) else { return page([]) }
            let posts = world.posts(organization: k).sorted { $0.lastModifiedAt > $1.lastModifiedAt }
            return page(posts.map { post($0, world: world) })
        case let p where p.contains("/socialActions/") && p.hasSuffix("/comments"):
            let entity = String(p[p.range(of: "/socialActions/")!.upperBound...].dropLast("/comments".count))
            if let (post, index) = world.comment(urn: entity) {
                return page((0..<post.comments[index]).map { reply(post, comment: index, $0, world: world) })
            }
            guard let post = world.post(urn: entity) else { return nil }
            return page((0..<post.topLevelCount).map { comment(post, $0, world: world) })
        case let p where p.contains("/reactions/(entity:"):
            guard let post = world.post(urn: String(p[p.range(of: "(entity:")!.upperBound...].dropLast())) else {
                return nil
            }
            return page((0..<post.reactions).reversed().map { reaction(post, $0, world: world) })
        case let p where p.hasSuffix("/socialMetadata"):
            var results: [(String, JSON)] = []
            for urn in SyntheticLinkedIn.listed(raw["ids"]) {
                if let (post, index) = world.comment(urn: urn) {
                    results.append((urn, counts(urn, comments: post.comments[index], topLevel: post.comments[index])))
                } else if let post = world.post(urn: urn) {
                    results.append((urn, counts(urn, post, world: world)))
                }
            }
            return ["results": .object(JSONObject(results)), "statuses": [:], "errors": [:]]
        case let p where p.hasSuffix("/videoAnalytics"):
            guard let post = world.post(urn: query["entity"] ?? ""), post.isVideo, let type = query["type"] else {
                return nil
            }
            return page(videoElements(post, type: type, query: query, world: world))
        case let p where p.hasSuffix("/organizationalEntityShareStatistics"):
            // LinkedIn keeps share statistics for a rolling 12 months: older posts come back with nothing.
            let oldest = world.today - 365 * EngagementWorld.dayMillis
            let urns = SyntheticLinkedIn.listed(raw["shares"]) + SyntheticLinkedIn.listed(raw["ugcPosts"])
            let elements = urns.compactMap { urn -> JSON? in
                guard let post = world.post(urn: urn), post.createdAt >= oldest else { return nil }
                var random = SyntheticLinkedIn.Generator(seed: UInt64(post.serial * 7 + post.organization))
                return [
                    "organizationalEntity": .string(query["organizationalEntity"] ?? ""),
                    (post.isVideo ? "ugcPost" : "share"): .string(urn),
                    "totalShareStatistics": SyntheticLinkedIn.shareTotals(&random),
                ]
            }
            return ["elements": .array(elements)]
        default:
            return nil
        }
    }

    /// The index of an organization (`urn:li:organization:10000001` is 0).
    static func organizationIndex(_ urn: String?) -> Int? {
        urn?.split(separator: ":").last.flatMap { Int($0) }.map { $0 - 10_000_001 }
    }

    static func post(_ post: EngagementWorld.Post, world: EngagementWorld) -> JSON {
        var element: JSONObject = [
            "id": .string(post.urn), "author": .string("urn:li:organization:\(10_000_001 + post.organization)"),
            "commentary": .string("Post \(post.serial)"), "visibility": "PUBLIC", "lifecycleState": "PUBLISHED",
            "createdAt": .int(post.createdAt), "publishedAt": .int(post.createdAt),
            "lastModifiedAt": .int(post.lastModifiedAt),
        ]
        if post.isVideo {
            element["content"] = ["media": ["id": .string("urn:li:video:V" + post.number.dropFirst())]]
        }
        return .object(element)
    }

    static func comment(_ post: EngagementWorld.Post, _ index: Int, world: EngagementWorld) -> JSON {
        let actor = "urn:li:person:c\(post.number)x\(index)"
        let time = world.commentTime(post, index)
        let urn = post.commentURN(index)
        return [
            "id": .string(String(urn.split(separator: ",").last!.dropLast())), "commentUrn": .string(urn),
            "object": .string(post.urn), "actor": .string(actor), "message": ["text": .string("Comment \(index)")],
            "created": ["actor": .string(actor), "time": .int(time)],
            "lastModified": ["actor": .string(actor), "time": .int(time)],
        ]
    }

    static func reply(_ post: EngagementWorld.Post, comment: Int, _ index: Int, world: EngagementWorld) -> JSON {
        let id = "6" + post.number.dropFirst() + EngagementWorld.digits(comment, 5) + EngagementWorld.digits(index, 3)
        let actor = "urn:li:person:r\(id)"
        let time = world.replyTime(post, comment: comment, index)
        return [
            "id": .string(id), "commentUrn": .string("urn:li:comment:(\(post.activity),\(id))"),
            "object": .string(post.urn), "parentComment": .string(post.commentURN(comment)), "actor": .string(actor),
            "message": ["text": .string("Reply \(index)")], "created": ["actor": .string(actor), "time": .int(time)],
            "lastModified": ["actor": .string(actor), "time": .int(time)],
        ]
    }

    static func reaction(_ post: EngagementWorld.Post, _ index: Int, world: EngagementWorld) -> JSON {
        let actor = "urn:li:person:m\(post.number)x\(index)"
        let time = world.reactionTime(post, index)
        return [
            "id": .string("urn:li:reaction:(\(actor),\(post.urn))"), "root": .string(post.urn),
            "reactionType": .string(EngagementWorld.reactionType(post, index)),
            "created": ["actor": .string(actor), "time": .int(time)],
            "lastModified": ["actor": .string(actor), "time": .int(time)],
        ]
    }

    static func counts(_ urn: String, _ post: EngagementWorld.Post, world: EngagementWorld) -> JSON {
        var answer = counts(urn, comments: post.commentCount, topLevel: post.topLevelCount).objectValue!
        let summaries = world.reactionCounts(post).sorted { $0.key < $1.key }.map { type, count -> (String, JSON) in
            (type, ["reactionType": .string(type), "count": .int(Int64(count))])
        }
        answer["reactionSummaries"] = .object(JSONObject(summaries))
        return .object(answer)
    }

    static func counts(_ urn: String, comments: Int, topLevel: Int) -> JSON {
        [
            "entity": .string(urn), "commentsState": "OPEN", "reactionSummaries": [:],
            "commentSummary": ["count": .int(Int64(comments)), "topLevelCount": .int(Int64(topLevel))],
        ]
    }

    /// One element per day of `timeRange` the video has analytics for (aggregation DAY), or one for its lifetime.
    static func videoElements(
        _ post: EngagementWorld.Post, type: String, query: [String: String], world: EngagementWorld
    ) -> [JSON] {
        let days = world.videoDays(post)
        let value = { (day: Int64) -> Int64 in Int64(EngagementWorld.mix(post.serial, Int(day / 86_400_000)) % 500) }
        guard query["aggregation"] == "DAY" || query["aggregation"] == "WEEK" else {
            return [
                [
                    "entity": .string(post.urn), "statisticsType": .string(type),
                    "value": .int(days.reduce(0) { $0 + value($1) }),
                ]
            ]
        }
        let range = query["timeRange"] ?? ""
        func number(_ label: String) -> Int64? {
            guard let found = range.range(of: label) else { return nil }
            return Int64(range[found.upperBound...].prefix { $0.isNumber })
        }
        let (start, end) = (number("start:") ?? 0, number("end:") ?? .max)
        return days.filter { $0 >= start && $0 + EngagementWorld.dayMillis <= end }.map { day in
            [
                "entity": .string(post.urn), "statisticsType": .string(type), "value": .int(value(day)),
                "timeRange": ["start": .int(day), "end": .int(day + EngagementWorld.dayMillis)],
            ]
        }
    }
}
