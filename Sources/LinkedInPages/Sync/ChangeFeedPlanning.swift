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
    /// of its children are kept in `deletions` for the read loop. In an incremental sync each slice also carries the
    /// children the state knows, for a whole listing to compare with (`ChildKeys`). Without a feed, the plain plan.
    func plan(
        _ partition: Partition, signal: ParentSignal?, changes: ChangeFeed.Changes?, stream: StreamDefinition,
        deletions: inout FeedDeletions
    ) -> PlannedPartition {
        guard stream.changeFeed != nil else { return plan(partition, signal: signal) }
        let planned = planWithFeed(partition, signal: signal, changes: changes, stream: stream, deletions: &deletions)
        guard slicer.incremental, let known = ChildKeys(json: saved?.entry(for: partition.key)?[ChildKeys.stateField])
        else { return planned }
        let cursors = planned.cursors.map { cursor in
            var cursor = cursor
            cursor.slices = cursor.slices.map { slice in
                var slice = slice
                slice.children = known
                slice.expectedChildren = signal?.direct
                return slice
            }
            return cursor
        }
        return PlannedPartition(partition: partition, cursors: cursors)
    }

    private func planWithFeed(
        _ partition: Partition, signal: ParentSignal?, changes: ChangeFeed.Changes?, stream: StreamDefinition,
        deletions: inout FeedDeletions
    ) -> PlannedPartition {
        guard let feed = stream.changeFeed else { return plan(partition, signal: signal) }
        // Thread counts see a reply added, not one deleted and another added: they are trusted only where the feed,
        // which names deletions and edits, was read whole (every change matched to its post) and reaches back to
        // when they were taken. Else every thread with replies is listed whenever the post's count moves, as before
        // thread counts were kept.
        guard let changes, changes.unmatched == 0 else {
            return Self.forgettingThreads(plan(partition, signal: signal), takenBefore: .max)
        }
        guard let parent = partition.parentKeys.first, partition.parentKeys.count == 1 else {
            return Self.forgettingThreads(plan(partition, signal: signal), takenBefore: .max)
        }
        var counts = 0
        if case .changeDetection(let detection) = stream.cursor { counts = detection.values.count }
        let decision = changes.decide(
            feed, parent: parent, signal: signal?.value, saved: saved?.entry(for: partition.key), counts: counts,
            organization: partition.organization, cursorField: stream.cursor?.field ?? feed.timeField)
        deletions.add(decision.deletions, for: partition.key)
        var fed = signal ?? ParentSignal(value: nil)
        fed.value = decision.signal
        let planned = Self.forgettingThreads(plan(partition, signal: fed), takenBefore: changes.reach ?? .max)
        guard decision.readWhole else { return planned }
        // An edit may keep the comment's time: every child of the parent is emitted again, not only newer ones, and
        // every thread is listed (an edited reply keeps its thread's count).
        let whole = Self.forgettingThreads(planned, takenBefore: .max).cursors.map { cursor in
            var cursor = cursor
            cursor.slices = cursor.slices.map { slice in
                var slice = slice
                slice.since = nil
                return slice
            }
            return cursor
        }
        return PlannedPartition(partition: partition, cursors: whole)
    }

    /// The plan with the last read's thread counts dropped where they were taken before `moment` (unknown: before
    /// any): every thread with nested records is then listed.
    static func forgettingThreads(_ planned: PlannedPartition, takenBefore moment: Int64) -> PlannedPartition {
        let cursors = planned.cursors.map { cursor in
            var cursor = cursor
            cursor.slices = cursor.slices.map { slice in
                var slice = slice
                if (slice.nested?.known?.takenAt ?? .min) < moment {
                    slice.nested?.known = nil
                    slice.nested?.directUnchanged = false
                }
                return slice
            }
            return cursor
        }
        return PlannedPartition(partition: planned.partition, cursors: cursors)
    }
}
