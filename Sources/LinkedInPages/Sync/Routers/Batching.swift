import AirbyteProtocol

/// A partition with its cursor: the slices to read and, per member, the state entry to save after each.
struct PlannedPartition: Sendable {
    let partition: Partition
    /// One per member, in the order of `partition.members`; all plan the same slices.
    let cursors: [PartitionCursor]

    var slices: [Slice] { cursors.first?.slices ?? [] }
    var notes: [String] { cursors.first?.notes ?? [] }

    /// Each member's entry once `slice` is read, given what reading it saw.
    func entries(after slice: Slice, read: SliceResult) -> [(PartitionKey, JSONObject?)] {
        zip(partition.members, cursors).map { ($0, $1.entryAfter(slice, read)) }
    }
}

/// Reads several partitions with one request (many posts, many organizations), while each keeps its own key,
/// cursor and state entry. Wraps any router's partitions and composes with any cursor.
///
/// Partitions share a batch only when their cursors, made from the state the sync started with, plan the same
/// slices (and, where LinkedIn wants one kind of key per request, their keys are of one kind): a batch asks for
/// each member exactly what it would have asked alone, so what a sync reads and saves does not depend on the batch
/// size, also after an interrupted sync or when new posts appear (they start from the beginning, in batches of
/// their own). A batch's slices are thus the oldest cursor of its members, which is also each member's own.
struct Batching: Sendable {
    let size: Int
    var separateBy: KeyGrouping = .none

    private struct Group: Hashable {
        let kind: String
        let slices: [Slice]
    }

    func batches(_ planned: [PlannedPartition]) -> [PlannedPartition] {
        guard size > 1 else { return planned }
        var order: [Group] = []
        var groups: [Group: [PlannedPartition]] = [:]
        for item in planned {
            // LinkedIn asks company and showcase pages at different endpoints: a batch holds pages of one kind.
            let pageKind = item.partition.organizations.first.map { "\($0.kind)" } ?? ""
            let keyKind = separateBy.group(of: item.partition.parentKeys.first ?? "")
            let group = Group(kind: pageKind + "/" + keyKind, slices: item.slices)
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(item)
        }
        return order.flatMap { group -> [PlannedPartition] in
            let members = groups[group] ?? []
            return stride(from: 0, to: members.count, by: size).map { start in
                let batch = members[start..<min(start + size, members.count)]
                return PlannedPartition(
                    partition: .batch(batch.map(\.partition)), cursors: batch.flatMap(\.cursors))
            }
        }
    }
}

/// Makes each partition's cursor from the stream's state as the sync started.
struct PartitionPlanner: Sendable {
    let slicer: Slicer
    /// The stream's state when the sync started (nil for streams without a cursor).
    let saved: PartitionCursors?
    /// Set for a read of everything since a time, whatever the state: every partition reads this one slice and saves
    /// nothing (a stream read for the streams that build on it).
    private var only: Slice? = nil

    init(slicer: Slicer, saved: PartitionCursors?) {
        self.slicer = slicer
        self.saved = saved
    }

    /// A planner whose every partition reads `slice` and saves nothing.
    static func reading(_ slice: Slice, slicer: Slicer) -> PartitionPlanner {
        var planner = PartitionPlanner(slicer: slicer, saved: nil)
        planner.only = slice
        return planner
    }

    /// - Parameter signal: for change detection, the partition's current signal and whether its children have
    ///   nested records.
    func plan(_ partition: Partition, signal: ParentSignal? = nil) -> PlannedPartition {
        PlannedPartition(
            partition: partition,
            cursors: partition.members.map {
                only.map { PartitionCursor(slices: [$0]) } ?? slicer.plan(saved: saved?.entry(for: $0), signal: signal)
            })
    }
}
