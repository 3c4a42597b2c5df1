import AirbyteProtocol

/// The emitter of one slice: its records on their way to the read's destination (the stream's output, or the records
/// kept for the streams that build on it), with the newest cursor value and the children listed noted, and at the
/// end the change feed's deletions the listing did not contradict.
struct SliceOutput: Sendable {
    private let destination: any ReadDestination
    private let cursorField: String?
    private let feed: ChangeFeed?
    private let runStart: Int64
    private let ceiling: Int64
    private var deletions: [JSONObject]
    private var newest: Int64?
    private var listed = Set<String>()
    /// Each nested listing's count, when the read knows them all (kept in the partition's state).
    var nested: NestedCounts?
    /// The parent's direct children as known after the slice (see `listed(_:slice:partition:)`).
    private var children: ChildKeys?

    /// How far before the run's start the newest value a cursor keeps may be: a partition read in several requests
    /// at different times of the run (a post's comments, then its reply threads once the page's other posts are read)
    /// may miss what was written between them, and the next sync must start before the run did, whatever
    /// `lookback_days` says (LinkedIn's clock and ours may differ by seconds).
    static let margin: Int64 = 5 * 60_000

    /// - Parameter runStart: when the run began (epoch ms): every request of it was sent after that.
    init(stream: StreamDefinition, destination: any ReadDestination, deletions: [JSONObject], runStart: Int64) {
        self.destination = destination
        cursorField = stream.cursor?.field
        feed = stream.changeFeed
        self.runStart = runStart
        ceiling = runStart - Self.margin
        self.deletions = deletions
    }

    mutating func emit(_ records: [JSONObject]) {
        if let cursorField, let latest = records.compactMap({ $0[cursorField]?.int64Value }).max() {
            newest = max(newest ?? latest, latest)
        }
        if let childKey = feed?.childKeyField, !deletions.isEmpty {
            for record in records { if let key = record[childKey]?.stringValue { listed.insert(key) } }
        }
        destination.emit(records: records)
    }

    /// The children the slice's listing held (`PartitionReader.Outcome.children`; nil when not listed). A whole
    /// listing replaces what the state knew, and returns the known children it no longer holds: the caller asks
    /// LinkedIn about each and passes those gone to `gone(_:partition:)`. A partial listing (one that stopped at the
    /// cursor), or a whole one holding fewer children than the parent's counts say it has, or keys that are not
    /// LinkedIn's numeric ids, only adds to what the state knew.
    mutating func listed(_ keys: Set<String>?, slice: Slice, partition: Partition) -> [String] {
        guard let keys, let feed else { return [] }
        let deleted = Set(deletions.compactMap { $0[feed.childKeyField]?.stringValue })
        // With children known, a listing is compared only when the counts say how many it should hold.
        let complete =
            slice.listsWhole
            && (slice.expectedChildren.map { Int64(keys.count) >= $0 } ?? (slice.children == nil))
            && ChildKeys(keys).json != nil
        guard complete else {
            children = slice.children.map { ChildKeys($0.keys.union(keys).subtracting(deleted)) }
            return []
        }
        guard let known = slice.children, partition.parentKeys.count == 1 else {
            children = ChildKeys(keys)
            return []
        }
        let missing = known.keys.subtracting(keys).subtracting(deleted)
        // Known until LinkedIn says they are gone.
        children = ChildKeys(keys.union(missing))
        return missing.sorted()
    }

    /// Children LinkedIn says are gone (`PartitionReader.confirmGone`): emitted as deletions at `finish`, at the
    /// run's start (LinkedIn says only that they are gone, not since when), and forgotten.
    mutating func gone(_ keys: [String], partition: Partition) {
        guard let feed, let parent = partition.parentKeys.first, !keys.isEmpty else { return }
        for child in keys {
            deletions.append(
                feed.deletion(
                    parent: parent, child: child, organization: partition.organization, time: runStart,
                    cursorField: cursorField ?? feed.timeField))
        }
        children = children.map { ChildKeys($0.keys.subtracting(keys)) }
    }

    /// Emits the deletions whose child was not listed after all (a notification about another thread, say), and
    /// says what the slice's cursor keeps: the newest value seen, but no later than shortly before the run began
    /// (records written during the run are read again by the next one, never skipped).
    mutating func finish() -> SliceResult {
        if let childKey = feed?.childKeyField, !deletions.isEmpty {
            let gone = deletions.filter { !listed.contains($0[childKey]?.stringValue ?? "") }
            deletions = []
            emit(gone)
        }
        return SliceResult(newest: newest.map { min($0, ceiling) }, nested: nested, children: children)
    }
}

extension SyncEngine {
    /// Asks LinkedIn about each child a whole listing no longer held: those gone become deletions, those it still
    /// has are emitted (the listing skipped them).
    func settleMissingChildren(
        _ missing: [String], of stream: StreamDefinition, partition: Partition, output: inout SliceOutput,
        reader: PartitionReader
    ) async throws {
        guard !missing.isEmpty else { return }
        let (gone, found) = try await reader.confirmGone(missing, of: stream, partition: partition)
        if !found.isEmpty { output.emit(found) }
        output.gone(gone, partition: partition)
    }
}
