import AirbyteProtocol

/// The posts of each organization, fetched once per run and shared by the `posts` stream and its children
/// (comments, reactions, post statistics), so selecting all of them does not list the posts several times.
///
/// Organic and sponsored (Direct Sponsored Content) posts come from two listings, merged newest first. A listing
/// fetched "since" a time holds every post modified at or after it; a later ask for a later time is served from it,
/// an ask for an earlier time fetches again.
actor PostsDirectory {
    private struct Listing {
        let since: Int64?
        let task: Task<[JSONObject], Error>
    }

    private let reader: PartitionReader
    private let definition: StreamDefinition
    private var listings: [Organization: Listing] = [:]

    init(reader: PartitionReader, definition: StreamDefinition) {
        self.reader = reader
        self.definition = definition
    }

    /// Posts of `organization` modified at or after `since` (all posts when nil), newest first.
    func posts(of organization: Organization, since: Int64?) async throws -> [JSONObject] {
        if let listing = listings[organization], Self.covers(listing.since, since) {
            let posts = try await listing.task.value
            guard let since else { return posts }
            return posts.filter { Self.modified($0) >= since }
        }
        let reader = self.reader
        let definition = self.definition
        let task = Task {
            var posts: [JSONObject] = []
            for listing in [definition, definition.adding(query: [("isDsc", .bool(true))])] {
                _ = try await reader.read(
                    listing, partition: Partition(organizations: [organization]), slice: nil,
                    stopAt: since.map { threshold in { Self.modified($0) < threshold } }
                ) { posts += $0 }
            }
            var seen = Set<String>()
            return posts.sorted { Self.modified($0) > Self.modified($1) }
                .filter { seen.insert($0["id"]?.stringValue ?? "").inserted }
        }
        listings[organization] = Listing(since: since, task: task)
        return try await task.value
    }

    static func modified(_ post: JSONObject) -> Int64 {
        post["lastModifiedAt"]?.int64Value ?? post["createdAt"]?.int64Value ?? 0
    }

    private static func covers(_ fetched: Int64?, _ wanted: Int64?) -> Bool {
        guard let fetched else { return true }
        guard let wanted else { return false }
        return fetched <= wanted
    }
}
