/// Fills a stream's `RequestTemplate` for one partition and slice.
enum RequestBuilder {
    static func path(_ template: RequestTemplate, partition: Partition) -> String {
        template.path.map { part in
            switch part {
            case .literal(let text): return text
            case .organizationURN: return RestLi.pathKey(partition.organization?.urn ?? "")
            case .parentKey: return RestLi.pathKey(partition.parentKeys.first ?? "")
            case .parentEntityKey:
                return RestLi.pathKey(.object([("entity", .string(partition.parentKeys.first ?? ""))]))
            }
        }.joined()
    }

    static func query(
        _ template: RequestTemplate, partition: Partition, slice: Slice?, granularity: String
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
                return slice?.window.map {
                    (
                        "timeIntervals",
                        RestLi.timeIntervals(startMillis: $0.start, endMillis: $0.end, granularity: granularity)
                    )
                }
            case .timeRange:
                return slice?.window.map {
                    ("timeRange", .object([("start", .int($0.start)), ("end", .int($0.end))]))
                }
            case .parentKey(let name):
                return partition.parentKeys.first.map { (name, .string($0)) }
            case .parentKeys(let name):
                return (name, .list(partition.parentKeys.map(RestLiValue.string)))
            case .parentKeysByURNType(let names):
                guard let first = partition.parentKeys.first,
                    let name = names[KeyGrouping.urnType.group(of: first)]
                else { return nil }
                return (name, .list(partition.parentKeys.map(RestLiValue.string)))
            }
        }
    }
}
