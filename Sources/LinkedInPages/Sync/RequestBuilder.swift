/// Fills a stream's `RequestTemplate` for one partition and slice.
enum RequestBuilder {
    static func path(_ template: RequestTemplate, partition: Partition) -> String {
        template.path.map { part in
            switch part {
            case .literal(let text): return text
            case .organizationURN: return RestLi.pathKey(partition.organization?.urn ?? "")
            case .postURN: return RestLi.pathKey(partition.posts.first ?? "")
            case .postEntityKey: return RestLi.pathKey(.object([("entity", .string(partition.posts.first ?? ""))]))
            }
        }.joined()
    }

    static func query(
        _ template: RequestTemplate, partition: Partition, slice: TimeSlice?, granularity: String
    ) -> [(String, RestLiValue)] {
        template.query.compactMap { parameter in
            switch parameter {
            case let .literal(name, value):
                return (name, value)
            case .organizationURN(let name):
                return partition.organization.map { (name, .string($0.urn)) }
            case .organizationIDs(let name):
                return (name, .list(partition.organizations.compactMap { Int64($0.id).map(RestLiValue.int) }))
            case .timeIntervals:
                return slice.map {
                    (
                        "timeIntervals",
                        RestLi.timeIntervals(startMillis: $0.start, endMillis: $0.end, granularity: granularity)
                    )
                }
            case .postURNs:
                return nil  // expanded below: one parameter per URN type present
            }
        }
            + template.query.flatMap { parameter -> [(String, RestLiValue)] in
                guard case let .postURNs(sharesName, ugcPostsName) = parameter else { return [] }
                let shares = partition.posts.filter { $0.hasPrefix("urn:li:share:") }
                let ugcPosts = partition.posts.filter { !$0.hasPrefix("urn:li:share:") }
                return [(sharesName, shares), (ugcPostsName, ugcPosts)].filter { !$0.1.isEmpty }
                    .map { ($0.0, .list($0.1.map(RestLiValue.string))) }
            }
    }
}
