import AirbyteProtocol

/// Deletion records a change feed found, by the partition (one parent) they belong to; emitted by the read loop
/// after that partition's first slice.
struct FeedDeletions: Sendable {
    private var byPartition: [PartitionKey: [JSONObject]] = [:]

    mutating func add(_ records: [JSONObject], for key: PartitionKey) {
        guard !records.isEmpty else { return }
        byPartition[key, default: []] += records
    }

    func records(for members: [PartitionKey]) -> [JSONObject] {
        members.flatMap { byPartition[$0] ?? [] }
    }
}

extension PartitionPlanner {
    /// Plans a child partition (one parent) with what the stream's change feed says about its parent: the signal
    /// gains the newest change, a parent with a change the last read did not see is read whole, and the deletions
    /// of its children are kept in `deletions` for the read loop. Without a feed, the plain plan.
    func plan(
        _ partition: Partition, signal: ParentSignal?, changes: ChangeFeed.Changes?, stream: StreamDefinition,
        deletions: inout FeedDeletions
    ) -> PlannedPartition {
        guard let changes, let feed = stream.changeFeed, let parent = partition.parentKeys.first,
            partition.parentKeys.count == 1
        else { return plan(partition, signal: signal) }
        var counts = 0
        if case .changeDetection(let detection) = stream.cursor { counts = detection.values.count }
        let decision = changes.decide(
            feed, parent: parent, signal: signal?.value, saved: saved?.entry(for: partition.key), counts: counts,
            organization: partition.organization, cursorField: stream.cursor?.field ?? feed.timeField)
        deletions.add(decision.deletions, for: partition.key)
        var fed = signal ?? ParentSignal(value: nil)
        fed.value = decision.signal
        let planned = plan(partition, signal: fed)
        guard decision.readWhole else { return planned }
        // An edit may keep the comment's time: every child of the parent is emitted again, not only newer ones, and
        // every thread is listed (an edited reply keeps its thread's count).
        let whole = planned.cursors.map { cursor in
            var cursor = cursor
            cursor.slices = cursor.slices.map { slice in
                var slice = slice
                slice.since = nil
                slice.nested?.known = nil
                return slice
            }
            return cursor
        }
        return PlannedPartition(partition: partition, cursors: whole)
    }
}
