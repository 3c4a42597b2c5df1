/// Fills a stream's `RequestTemplate` for one partition and slice.
enum RequestBuilder {
    static func path(_ template: RequestTemplate, partition: Partition) -> String {
        template.path.map { part in
            switch part {
            case .literal(let text): return text
            case .organizationURN: return RestLi.pathKey(partition.organization?.urn ?? "")
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
                    ("timeIntervals", RestLi.timeIntervals(startMillis: $0.start, endMillis: $0.end, granularity: granularity))
                }
            }
        }
    }
}
