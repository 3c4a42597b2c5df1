import AirbyteProtocol

/// The cursor of a feed LinkedIn keeps for a fixed number of days only (organization notifications: 60). Each sync
/// reads one time range per partition, from the saved cursor (minus the lookback) up to the moment of the sync, and
/// the cursor becomes the end of that range. A cursor older than the retention cannot be honoured: the days between
/// it and the oldest day LinkedIn still keeps are gone, and the plan says which in a warning.
struct RetentionWindow: Sendable {
    /// The record field `discover` names as the cursor (the event's time) and the state entries carry.
    let field: String
    /// How many days back LinkedIn keeps the feed.
    let retentionDays: Int

    init(field: String, retentionDays: Int) {
        self.field = field
        self.retentionDays = retentionDays
    }

    /// - Parameters:
    ///   - saved: the partition's state entry (ignored on a full refresh).
    ///   - bounds: the config's date range (`start_date`/`end_date`), each optional, in epoch ms.
    ///   - now: the sync's clock, epoch ms.
    func plan(
        saved: JSONObject?, incremental: Bool, lookbackDays: Int, bounds: (start: Int64?, end: Int64?), now: Int64
    )
        -> PartitionCursor
    {
        let floor = now - Int64(retentionDays) * UTCCalendar.dayMillis
        let savedTime = incremental ? saved?[field]?.int64Value : nil
        let resume = savedTime.map { $0 - Int64(lookbackDays) * UTCCalendar.dayMillis }
        let start = max(floor, resume ?? floor, bounds.start ?? floor)
        let end = min(now, bounds.end ?? now)
        var plan = PartitionCursor(slices: [])
        if let savedTime, savedTime < floor {
            plan.warnings.append(
                "the saved cursor \(UTCCalendar.timestamp(savedTime)) is older than the \(retentionDays) days LinkedIn "
                    + "keeps this feed: \(UTCCalendar.timestamp(savedTime)) to \(UTCCalendar.timestamp(floor)) "
                    + "(days \(UTCCalendar.dayString(savedTime))..\(UTCCalendar.dayString(floor))) could not be read; "
                    + "reading what is left, from \(UTCCalendar.timestamp(floor))")
        }
        guard start < end else { return plan }
        let window = TimeSlice(start: start, end: end)
        plan.slices = [Slice(window: window, since: Slice.Since(field: field, millis: start, stopPagingOn: nil))]
        let field = field
        plan.entryAfter = { slice, _ in slice.window.map { JSONObject([(field, JSON.int($0.end))]) } }
        return plan
    }
}

extension UTCCalendar {
    /// `2026-11-20T09:00:00.000Z`: an instant in the ISO-8601 form Airbyte's date-time columns take.
    static func timestamp(_ millis: Int64) -> String {
        let inDay = millis - startOfDay(millis)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliseconds = inDay % 1000
        let fraction =
            milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return dayString(millis) + "T" + two(inDay / 3_600_000) + ":" + two(inDay / 60_000 % 60) + ":"
            + two(inDay / 1000 % 60) + "." + fraction + "Z"
    }
}
