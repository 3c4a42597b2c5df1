import AirbyteProtocol

/// The records of streams that other streams build on (posts, whose comments are read; per-post counts, which say
/// which posts changed), read once per organization by the stream's own job read (`SyncEngine.readForSharing`),
/// memoized by `SharedReads` and handed to every stream that needs them, the stream itself included, so selecting
/// posts and its children does not list the posts several times.
final class ParentRecords: Sendable {
    /// Reads a stream's records for one organization; given this value for the records that stream builds on.
    typealias Loader =
        @Sendable (
            _ shared: ParentRecords, _ stream: StreamDefinition, _ organization: Organization, _ since: Int64?
        ) async throws -> [JSONObject]

    private let load: Loader
    /// Stream name → how many times a read asks for each organization's records.
    private let consumers: [String: Int]
    private let reads = SharedReads<[JSONObject]>()

    init(consumers: [String: Int] = [:], load: @escaping Loader) {
        self.consumers = consumers
        self.load = load
    }

    /// The stream's records for one organization whose cursor field is at or after `since` (all when nil).
    func records(of stream: StreamDefinition, organization: Organization, since: Int64?) async throws -> [JSONObject] {
        let load = self.load
        let records = try await reads.value(
            stream.name + "/" + organization.stateKey, asks: consumers[stream.name] ?? .max, since: since
        ) { [self] in try await load(self, stream, organization, $0) }
        guard let since, let field = stream.cursor?.field else { return records }
        return records.filter { ($0[field]?.int64Value ?? .max) >= since }
    }
}
