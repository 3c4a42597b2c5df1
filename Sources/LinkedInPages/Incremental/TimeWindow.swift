#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A half-open range of whole UTC days, `[start, end)`, in epoch milliseconds.
struct TimeSlice: Sendable, Hashable, CustomStringConvertible {
    let start: Int64
    let end: Int64

    var description: String {
        "\(UTCCalendar.dayString(start))..\(UTCCalendar.dayString(end - 1))"
    }
}

/// Decides which days a time-bound stream reads and cuts them into requests.
///
/// LinkedIn's rules (see the research notes, 2.3-2.4): statistics reach back 12 months from the request date and
/// forward to 2 days before it, in whole UTC days; a DAY window shorter than 24 hours is rejected. So the window is
/// `[max(range start, today − 365 days, cursor − lookback), min(range end, today − 2 days))`, day-aligned, and for
/// MONTH granularity aligned to calendar months (only complete months). Each slice is one request and ends with a
/// checkpoint, so a cursor never passes the range's end.
///
/// The floor: LinkedIn accepts a start "at most 12 months before the request date"; today − 365 days is the same
/// calendar date a year ago, or the day after it when a 29 February lies between, so it is never older than 12
/// months (Airbyte's connector uses the same floor). A first DAY sync reads 363 daily buckets.
struct TimeWindowPlanner: Sendable {
    enum Granularity: Sendable {
        case day, month
    }

    let granularity: Granularity
    /// The configured days; `DateRange.fixed(start: startDate, end: nil)` for the memberwise initializer.
    let range: DateRange
    let lookbackDays: Int
    let now: Date

    /// The oldest day LinkedIn serves, in days before today.
    static let maxDaysBack = 365
    /// LinkedIn's statistics end this many days before the request date (the exclusive end of the newest day).
    static let lagDays = 2
    /// DAY: one calendar month per request (a 365-day backfill is 13 requests); MONTH: six months per request.
    static let monthsPerSlice: [Granularity: Int] = [.day: 1, .month: 6]

    init(granularity: Granularity, range: DateRange, lookbackDays: Int, now: Date) {
        self.granularity = granularity
        self.range = range
        self.lookbackDays = lookbackDays
        self.now = now
    }

    init(granularity: Granularity, startDate: Date?, lookbackDays: Int, now: Date) {
        let start = startDate.map { UTCCalendar.startOfDay(UTCCalendar.millis($0)) }
        self.init(granularity: granularity, range: .fixed(start: start, end: nil), lookbackDays: lookbackDays, now: now)
    }

    /// Everything from the config: granularity, date range (`start_date`/`end_date` or `start_days_ago`/
    /// `end_days_ago`) and lookback; `now` is the clock of the sync.
    init(config: PagesConfig, now: Date) {
        self.init(
            granularity: config.granularity == .month ? .month : .day, range: config.dateRange,
            lookbackDays: config.lookbackDays, now: now)
    }

    /// The same plan in another granularity (a stream that is daily whatever the config says).
    func withGranularity(_ granularity: Granularity) -> TimeWindowPlanner {
        TimeWindowPlanner(granularity: granularity, range: range, lookbackDays: lookbackDays, now: now)
    }

    /// What to read, and notes for the log (clamping) when the request differs from what the user asked for.
    struct Plan: Sendable, Equatable {
        var slices: [TimeSlice]
        var notes: [String]
    }

    var today: Int64 { UTCCalendar.startOfDay(UTCCalendar.millis(now)) }
    /// Exclusive end: LinkedIn serves days ending at least 2 days before the request date.
    var latestEnd: Int64 { today - Int64(Self.lagDays) * UTCCalendar.dayMillis }
    /// LinkedIn's 12-month limit: today − 365 days (see the type's documentation for the margin).
    var earliestStart: Int64 { today - Int64(Self.maxDaysBack) * UTCCalendar.dayMillis }

    /// - Parameter cursor: the partition's saved `timeRangeEnd` (ms), nil on a first or full-refresh read. A fixed
    ///   range resumes from it (minus the lookback); a relative range is read whole whatever it says.
    func plan(cursor: Int64?) -> Plan {
        let bounds = range.bounds(today: today)
        let cursor = range.isRelative ? nil : cursor
        let resume = cursor.map { UTCCalendar.startOfDay($0) - Int64(lookbackDays) * UTCCalendar.dayMillis }
        var start = max(bounds.start ?? earliestStart, resume ?? earliestStart, earliestStart)
        var end = min(bounds.end ?? latestEnd, latestEnd)
        if granularity == .month {
            start = UTCCalendar.startOfMonth(start)
            if start < earliestStart { start = UTCCalendar.ceilToMonth(earliestStart) }
            end = UTCCalendar.startOfMonth(end)
        }
        var slices: [TimeSlice] = []
        var sliceStart = start
        let step = Self.monthsPerSlice[granularity] ?? 1
        while sliceStart < end {
            let boundary = UTCCalendar.addingMonths(step, to: UTCCalendar.startOfMonth(sliceStart))
            let sliceEnd = min(boundary, end)
            slices.append(TimeSlice(start: sliceStart, end: sliceEnd))
            sliceStart = sliceEnd
        }
        return Plan(slices: slices, notes: notes(bounds: bounds, cursor: cursor, resume: resume))
    }

    /// Log lines for where the plan differs from what the config or the state asked for.
    private func notes(bounds: (start: Int64?, end: Int64?), cursor: Int64?, resume: Int64?) -> [String] {
        var notes: [String] = []
        let field = range.isRelative ? "start_days_ago" : "start_date"
        let oldest = "reading from \(UTCCalendar.dayString(earliestStart)), the oldest day LinkedIn serves"
        if let cursor, let resume, resume < earliestStart {
            notes.append(
                "the saved cursor \(UTCCalendar.dayString(cursor)) is older than LinkedIn's 12-month limit; \(oldest)")
        } else if resume == nil, let start = bounds.start, start < earliestStart {
            notes.append("\(field) \(UTCCalendar.dayString(start)) is older than LinkedIn's 12-month limit; \(oldest)")
        }
        if let rangeEnd = bounds.end, let resume, resume >= rangeEnd {
            notes.append("read up to end_date \(UTCCalendar.dayString(rangeEnd)) already; nothing left in the range")
        } else if let rangeEnd = bounds.end, rangeEnd > latestEnd {
            notes.append(
                "end_date \(UTCCalendar.dayString(rangeEnd)) is after the newest day LinkedIn serves; reading up to "
                    + "\(UTCCalendar.dayString(latestEnd)) (exclusive) and the rest in later syncs")
        }
        if let start = bounds.start, start >= latestEnd {
            notes.append(
                "\(field) \(UTCCalendar.dayString(start)) is after the newest day LinkedIn serves; nothing to read yet")
        }
        return notes
    }
}
