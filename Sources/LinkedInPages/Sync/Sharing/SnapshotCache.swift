import AirbyteProtocol

/// Lifetime answers fetched once per run and shared, through `SharedReads`, by the streams that ask the same
/// question (follower_statistics and follower_statistics_by_facet).
final class SnapshotCache: Sendable {
    /// Request template → how many selected streams ask it.
    private let consumers: [String: Int]
    private let reads = SharedReads<JSON>()

    init(streams: [StreamDefinition]) {
        var consumers: [String: Int] = [:]
        for stream in streams { consumers[Self.identity(stream.request), default: 0] += 1 }
        self.consumers = consumers
    }

    static func identity(_ template: RequestTemplate) -> String {
        String(describing: template.path) + String(describing: template.query)
    }

    /// Whether more than one selected stream asks this request.
    func isShared(_ template: RequestTemplate) -> Bool { (consumers[Self.identity(template)] ?? 0) > 1 }

    func get(
        _ template: RequestTemplate, _ path: String, query: [(String, RestLiValue)],
        fetch: @escaping @Sendable () async throws -> JSON
    ) async throws -> JSON {
        let sharers = consumers[Self.identity(template)] ?? 1
        return try await reads.value(path + "?" + RestLi.query(query), asks: sharers) { _ in try await fetch() }
    }
}
