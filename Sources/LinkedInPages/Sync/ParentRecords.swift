import AirbyteProtocol

/// The records of streams that other streams build on (posts, whose comments are read; per-post counts, which say
/// which posts changed), read once per organization and run and shared by every stream that needs them, so
/// selecting posts and its children does not list the posts several times.
///
/// Records read "since" a time hold every record at or after it; a later ask for a later time is served from them,
/// an ask for an earlier time (or for all) reads again. An organization's records are let go after the number of
/// asks the read will make for them (`consumers`), so a read of many organizations does not hold all their posts.
actor ParentRecords {
    /// Reads a stream's records for one organization; given this actor for the records that stream builds on.
    typealias Loader =
        @Sendable (
            _ shared: ParentRecords, _ stream: StreamDefinition, _ organization: Organization, _ since: Int64?
        ) async throws -> [JSONObject]

    private struct Entry {
        let since: Int64?
        let task: Task<[JSONObject], Error>
        var remaining: Int
    }

    private let load: Loader
    /// Stream name → how many times a read asks for each organization's records.
    private let consumers: [String: Int]
    private var entries: [String: Entry] = [:]

    init(consumers: [String: Int] = [:], load: @escaping Loader) {
        self.consumers = consumers
        self.load = load
    }

    /// The stream's records for one organization whose cursor field is at or after `since` (all when nil).
    func records(of stream: StreamDefinition, organization: Organization, since: Int64?) async throws -> [JSONObject] {
        let key = stream.name + "/" + organization.stateKey
        let task: Task<[JSONObject], Error>
        if var entry = entries[key], Self.covers(entry.since, since) {
            entry.remaining -= 1
            entries[key] = entry.remaining > 0 ? entry : nil
            task = entry.task
        } else {
            // With other asks to come, read everything once: a child needs every post even when the stream itself
            // only wants those since its cursor, and reading twice would cost the listing twice.
            let remaining = (entries[key]?.remaining ?? consumers[stream.name] ?? .max) - 1
            let loadSince = remaining > 0 ? nil : since
            let load = self.load
            task = Task { try await load(self, stream, organization, loadSince) }
            entries[key] = remaining > 0 ? Entry(since: loadSince, task: task, remaining: remaining) : nil
        }
        let records = try await task.value
        guard let since, let field = stream.cursor?.field else { return records }
        return records.filter { ($0[field]?.int64Value ?? .max) >= since }
    }

    private static func covers(_ fetched: Int64?, _ wanted: Int64?) -> Bool {
        guard let fetched else { return true }
        guard let wanted else { return false }
        return fetched <= wanted
    }
}
