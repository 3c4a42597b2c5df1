import AirbyteProtocol

/// Lifetime answers fetched once per run and shared by the streams that ask the same question (follower_statistics
/// and follower_statistics_by_facet). An answer is kept only until every stream that shares it has had it, so a
/// read of many organizations does not hold every organization's answer to the end.
final class SnapshotCache: Sendable {
    private struct Entry {
        let task: Task<JSON, Error>
        var remaining: Int
    }

    /// Request template → how many selected streams ask it.
    private let consumers: [String: Int]
    private let entries = Locked<[String: Entry]>([:])

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
        let key = path + "?" + RestLi.query(query)
        let sharers = consumers[Self.identity(template)] ?? 1
        let task = entries.withLock { entries -> Task<JSON, Error> in
            if var entry = entries[key] {
                entry.remaining -= 1
                entries[key] = entry.remaining > 0 ? entry : nil
                return entry.task
            }
            let task = Task { try await fetch() }
            if sharers > 1 { entries[key] = Entry(task: task, remaining: sharers - 1) }
            return task
        }
        return try await task.value
    }
}
