/// Fills a stream's `RequestTemplate` for one partition and slice, choosing the request of the partition's page kind
/// (a showcase page may be asked elsewhere: `BrandRequest`).
enum RequestBuilder {
    static func path(_ template: RequestTemplate, partition: Partition) -> String {
        let template = resolved(template, partition: partition)
        return template.path.map { part in
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
        resolved(template, partition: partition).query.compactMap { parameter in
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

    /// The template for the partition's pages (a batch holds one kind): a showcase page's own request where the
    /// registry declares one.
    static func resolved(_ template: RequestTemplate, partition: Partition) -> RequestTemplate {
        guard partition.organizations.first?.kind == .showcase, case .other(let brand) = template.brand else {
            return template
        }
        return brand
    }

    /// Why LinkedIn does not serve `stream` for pages of `kind`, from its own request or from a stream it is built on
    /// (a post's comments need the page's posts); nil when it does. `streams` finds a stream by name.
    static func notServed(
        _ stream: StreamDefinition, for kind: Organization.Kind, streams: (String) -> StreamDefinition?
    ) -> String? {
        guard kind == .showcase else { return nil }
        if case .notServed(let why) = stream.request.brand { return why }
        for parent in stream.parent?.streams ?? [] {
            guard let definition = streams(parent) else { continue }
            if let why = notServed(definition, for: kind, streams: streams) {
                return "it is built on '\(parent)', and \(why)"
            }
        }
        return nil
    }
}
