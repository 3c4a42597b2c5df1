import Foundation

/// A half-open range of whole UTC days, `[start, end)`, in epoch milliseconds.
public struct TimeSlice: Sendable, Equatable, CustomStringConvertible {
    public let start: Int64
    public let end: Int64

    public var description: String {
        "\(UTCCalendar.dayString(start))..\(UTCCalendar.dayString(end - 1))"
    }
}

/// Decides which days a time-bound stream reads and cuts them into requests.
///
/// LinkedIn's rules (see the research notes, 2.3-2.4): statistics reach back 12 months from the request date and
/// forward to 2 days before it, in whole UTC days; a DAY window shorter than 24 hours is rejected. So the window is
/// `[max(start_date, today − 364 days, cursor − lookback), today − 2 days)`, day-aligned, and for MONTH granularity
/// aligned to calendar months (only complete months). Each slice is one request and ends with a checkpoint.
public struct TimeWindowPlanner: Sendable {
    public enum Granularity: Sendable {
        case day, month
    }

    public let granularity: Granularity
    public let startDate: Date?
    public let lookbackDays: Int
    public let now: Date

    /// DAY: one calendar month per request (a 365-day backfill is 13 requests); MONTH: six months per request.
    static let monthsPerSlice: [Granularity: Int] = [.day: 1, .month: 6]

    public init(granularity: Granularity, startDate: Date?, lookbackDays: Int, now: Date) {
        self.granularity = granularity
        self.startDate = startDate
        self.lookbackDays = lookbackDays
        self.now = now
    }

    /// What to read, and notes for the log (clamping) when the request differs from what the user asked for.
    public struct Plan: Sendable, Equatable {
        public var slices: [TimeSlice]
        public var notes: [String]
    }

    var today: Int64 { UTCCalendar.startOfDay(UTCCalendar.millis(now)) }
    /// Exclusive end: LinkedIn serves days ending at least 2 days before the request date.
    var latestEnd: Int64 { today - 2 * UTCCalendar.dayMillis }
    /// LinkedIn's 12-month limit, with a day of margin for the request crossing midnight.
    var earliestStart: Int64 { today - 364 * UTCCalendar.dayMillis }

    /// - Parameter cursor: the partition's saved `timeRangeEnd` (ms), nil on a first or full-refresh read.
    public func plan(cursor: Int64?) -> Plan {
        var notes: [String] = []
        let configured = startDate.map { UTCCalendar.startOfDay(UTCCalendar.millis($0)) } ?? earliestStart
        let resume = cursor.map { UTCCalendar.startOfDay($0) - Int64(lookbackDays) * UTCCalendar.dayMillis }
        var start = max(configured, resume ?? configured)
        if let cursor, let resume, resume < earliestStart {
            notes.append(
                "the saved cursor \(UTCCalendar.dayString(cursor)) is older than LinkedIn's 12-month limit; reading "
                    + "from \(UTCCalendar.dayString(earliestStart)), the oldest day LinkedIn serves")
        } else if resume == nil, startDate != nil, configured < earliestStart {
            notes.append(
                "start_date \(UTCCalendar.dayString(configured)) is older than LinkedIn's 12-month limit; reading "
                    + "from \(UTCCalendar.dayString(earliestStart)), the oldest day LinkedIn serves")
        }
        start = max(start, earliestStart)
        var end = latestEnd
        if granularity == .month {
            start = UTCCalendar.startOfMonth(start)
            if start < earliestStart { start = UTCCalendar.ceilToMonth(earliestStart) }
            end = UTCCalendar.startOfMonth(end)
        }
        guard start < end else { return Plan(slices: [], notes: notes) }
        var slices: [TimeSlice] = []
        var sliceStart = start
        let step = Self.monthsPerSlice[granularity] ?? 1
        while sliceStart < end {
            let boundary = UTCCalendar.addingMonths(step, to: UTCCalendar.startOfMonth(sliceStart))
            let sliceEnd = min(boundary, end)
            slices.append(TimeSlice(start: sliceStart, end: sliceEnd))
            sliceStart = sliceEnd
        }
        return Plan(slices: slices, notes: notes)
    }
}
