import AirbyteProtocol

/// One partition's cursor, made once per partition from the state the sync started with (never from what this run
/// has already saved): the slices to read and the state entry to save after each.
struct PartitionCursor: Sendable {
    var slices: [Slice]
    /// For the log: why the plan differs from what the user asked for.
    var notes: [String] = []
    /// For the log, as warnings: what the plan cannot read although the state asks for it.
    var warnings: [String] = []
    /// The state entry to save after a slice, given what reading it saw.
    var entryAfter: @Sendable (_ slice: Slice, _ read: SliceResult) -> JSONObject? = { _, _ in nil }
}

/// What reading one slice saw, for its cursor's state entry.
struct SliceResult: Sendable {
    /// The newest cursor-field value among the slice's records.
    var newest: Int64?
    /// Each nested listing's count (replies per comment), when every one of them is known.
    var nested: NestedCounts?
    /// The parent's direct children as known after the slice, for a stream that keeps them (nil: unknown).
    var children: ChildKeys?
}

/// Turns a stream's cursor kind and a partition's saved cursor into the partition's `PartitionCursor`. The read
/// loop calls this for every partition and knows nothing of the cursor kinds.
struct Slicer: Sendable {
    let cursor: StreamCursor?
    /// False for full refresh: the saved cursor is ignored (and still advanced).
    let incremental: Bool
    let planner: TimeWindowPlanner
    let lookbackDays: Int

    /// - Parameters:
    ///   - saved: the partition's state entry from the last sync, if any.
    ///   - signal: for change detection, the partition's current signal (nil when unknown: read anyway) and its
    ///     children's counts.
    func plan(saved: JSONObject?, signal parent: ParentSignal?) -> PartitionCursor {
        let signal = parent?.value
        guard let cursor else { return PartitionCursor(slices: [Slice()]) }
        let field = cursor.field
        let savedTime = incremental ? saved?[field]?.int64Value : nil
        let lookback = Int64(lookbackDays) * UTCCalendar.dayMillis
        switch cursor {
        case let .timeWindow(_, daily, historyDays, oneRange):
            let plan = (daily ? planner.withGranularity(.day) : planner).plan(cursor: savedTime)
            var windows = plan.slices
            if let historyDays {
                let oldest =
                    UTCCalendar.startOfDay(UTCCalendar.millis(planner.now)) - Int64(historyDays) * UTCCalendar.dayMillis
                windows = windows.compactMap {
                    $0.end <= oldest ? nil : TimeSlice(start: max($0.start, oldest), end: $0.end)
                }
            }
            if oneRange, let first = windows.first, let last = windows.last {
                windows = [TimeSlice(start: first.start, end: last.end)]
            }
            return PartitionCursor(
                slices: windows.map { Slice(window: $0) }, notes: plan.notes,
                entryAfter: { slice, _ in slice.window.map { JSONObject([(field, JSON.int($0.end))]) } })
        case .modifiedSince:
            let since = savedTime.map { Slice.Since(field: field, millis: $0 - lookback, stopPagingOn: field) }
            return PartitionCursor(
                slices: [Slice(since: since)],
                entryAfter: { _, read in read.newest.map { JSONObject([(field, JSON.int($0))]) } })
        case .retained(let window):
            return window.plan(
                saved: saved, incremental: incremental, lookbackDays: lookbackDays,
                bounds: planner.range.bounds(today: planner.today), now: UTCCalendar.millis(planner.now))
        case .changeDetection(let detection):
            if incremental, let signal, let saved, saved[ChangeSignal.stateField]?.stringValue == signal {
                return PartitionCursor(slices: [])  // nothing changed on this parent since the last sync
            }
            // A post whose last children went knows them still: it is listed (emptily), so their deletions go out.
            let knowsChildren = incremental && !(saved?[ChildKeys.stateField]?.stringValue ?? "").isEmpty
            if let signal, detection.isEmpty(signal), !knowsChildren {
                // Nothing to read yet (no comments, say), and nothing worth saving: a post without an entry is read
                // as soon as its count is no longer zero.
                return PartitionCursor(slices: [])
            }
            // Strictly after the cursor (the record at the cursor was emitted last time), minus the lookback.
            let previous = saved?[ChangeSignal.stateField]?.stringValue
            let dropped = signal.flatMap { new in previous.map { detection.wentDown(from: $0, to: new) } } ?? false
            let stop = dropped ? nil : detection.sortedBy
            let since = savedTime.map { Slice.Since(field: field, millis: $0 + 1 - lookback, stopPagingOn: stop) }
            let nested = NestedPlan(detection, saved: saved, signal: parent, incremental: incremental)
            let now = UTCCalendar.millis(planner.now)
            return PartitionCursor(
                slices: [Slice(since: since, nested: nested)],
                entryAfter: { _, read in
                    var entry = JSONObject()
                    if let time = [read.newest, saved?[field]?.int64Value].compactMap({ $0 }).max() {
                        entry[field] = .int(time)
                    }
                    if let signal { entry[ChangeSignal.stateField] = .string(signal) }
                    // Null when the counts are not all known (a probe failed): the next read lists every thread.
                    if nested != nil {
                        var counts = read.nested
                        counts?.takenAt = now
                        entry[NestedCounts.stateField] = counts?.json ?? .null
                    }
                    // Null (the field dropped) when there are too many to keep.
                    if let children = read.children { entry[ChildKeys.stateField] = children.json ?? .null }
                    return entry
                })
        }
    }
}
