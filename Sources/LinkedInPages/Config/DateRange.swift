import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The days the time-bound streams read, as the config says: fixed days (`start_date`, `end_date`) or days counted
/// back from the day of the sync (`start_days_ago`, `end_days_ago`, Domo's offsets), never both forms at once.
///
/// Both forms are half-open ranges of whole UTC days: the end is the first day *not* read. `end_date:
/// 2026-04-01T00:00:00Z` reads through 31 March; `start_days_ago: 10, end_days_ago: 5` reads the five days from
/// 10 days ago to 6 days ago. An open side is bounded by LinkedIn alone (`TimeWindowPlanner`): 365 days back,
/// 2 days before today.
///
/// How each form meets a saved cursor (the planner does this): a fixed range is read once, the cursor resuming
/// inside it and stopping at its end; a relative range is a rolling window that every sync reads in full, because
/// its days move with the calendar and LinkedIn restates recent figures.
enum DateRange: Sendable, Equatable {
    /// Day-aligned epoch milliseconds; `end` is exclusive and at UTC midnight. Nil: open on that side.
    case fixed(start: Int64?, end: Int64?)
    /// Whole days before the day of the sync; `endDaysAgo` is exclusive. Nil: open on that side.
    case relative(startDaysAgo: Int?, endDaysAgo: Int?)

    /// Neither bound set: all LinkedIn serves.
    static let unbounded = DateRange.fixed(start: nil, end: nil)

    /// The range from the config's `start_date` (already parsed), `end_date`, `start_days_ago`, `end_days_ago`.
    /// Throws a `config_error` naming the field for anything LinkedIn's rules or the range's shape exclude that does
    /// not depend on the day of the sync; `validate(now:)` checks the rest.
    init(json: JSON, startDate: Date?) throws {
        let endDate = try Self.endDate(json["end_date"])
        let startDaysAgo = try Self.daysAgo(
            json, "start_days_ago", allowed: TimeWindowPlanner.lagDays + 1...TimeWindowPlanner.maxDaysBack)
        let endDaysAgo = try Self.daysAgo(
            json, "end_days_ago", allowed: TimeWindowPlanner.lagDays...TimeWindowPlanner.maxDaysBack - 1)
        let fixedKeys = [("start_date", startDate != nil), ("end_date", endDate != nil)].filter(\.1).map(\.0)
        let relativeKeys = [("start_days_ago", startDaysAgo != nil), ("end_days_ago", endDaysAgo != nil)]
            .filter(\.1).map(\.0)
        if !fixedKeys.isEmpty, !relativeKeys.isEmpty {
            throw ConnectorError.config(
                "Invalid config: \(fixedKeys.joined(separator: " and ")) and \(relativeKeys.joined(separator: " and ")) "
                    + "cannot be combined; set either start_date/end_date (fixed days) or start_days_ago/end_days_ago "
                    + "(days before each sync).")
        }
        if !relativeKeys.isEmpty {
            if let startDaysAgo, let endDaysAgo, startDaysAgo <= endDaysAgo {
                throw ConnectorError.config(
                    "Invalid config: start_days_ago (\(startDaysAgo)) must be greater than end_days_ago "
                        + "(\(endDaysAgo)): the range runs from start_days_ago days ago up to, not including, "
                        + "end_days_ago days ago (e.g. 10 and 5 read five days).")
            }
            self = .relative(startDaysAgo: startDaysAgo, endDaysAgo: endDaysAgo)
            return
        }
        let start = startDate.map { UTCCalendar.startOfDay(UTCCalendar.millis($0)) }
        if let start, let endDate, start >= endDate {
            throw ConnectorError.config(
                "Invalid config: start_date (\(UTCCalendar.dayString(start))) must be before end_date "
                    + "(\(UTCCalendar.dayString(endDate))); end_date is exclusive, the last day read is the day before it."
            )
        }
        self = .fixed(start: start, end: endDate)
    }

    /// True for `start_days_ago` / `end_days_ago`: a rolling window that every sync reads in full.
    var isRelative: Bool {
        if case .relative = self { return true }
        return false
    }

    /// The range's first day and exclusive end on the day that starts at `today` (epoch ms, UTC midnight).
    func bounds(today: Int64) -> (start: Int64?, end: Int64?) {
        switch self {
        case let .fixed(start, end):
            return (start, end)
        case let .relative(startDaysAgo, endDaysAgo):
            return (
                startDaysAgo.map { today - Int64($0) * UTCCalendar.dayMillis },
                endDaysAgo.map { today - Int64($0) * UTCCalendar.dayMillis }
            )
        }
    }

    /// What depends on the day of the sync: a fixed range that ended before the oldest day LinkedIn serves can never
    /// be read. (A range reaching past the newest day is cut there, and read further as days become available.)
    func validate(now: Date) throws {
        guard case .fixed(_, let end?) = self else { return }
        let planner = TimeWindowPlanner(granularity: .day, range: self, lookbackDays: 0, now: now)
        guard end <= planner.earliestStart else { return }
        throw ConnectorError.config(
            "Invalid config: end_date \(UTCCalendar.dayString(end)) is more than 12 months ago; LinkedIn serves "
                + "statistics from \(UTCCalendar.dayString(planner.earliestStart)) (365 days before today) to "
                + "\(UTCCalendar.dayString(planner.latestEnd - UTCCalendar.dayMillis)). Move end_date later or remove it."
        )
    }

    // MARK: Parsing

    private static func endDate(_ json: JSON?) throws -> Int64? {
        guard let json, json != .null else { return nil }
        guard let text = json.stringValue, let millis = ISO8601Parsing.millis(text) else {
            throw ConnectorError.config(
                "Invalid config: end_date '\(json.stringValue ?? json.serialized)' is not a date like 2026-04-01T00:00:00Z."
            )
        }
        guard UTCCalendar.startOfDay(millis) == millis else {
            throw ConnectorError.config(
                "Invalid config: end_date '\(text)' must be at midnight UTC (like \(UTCCalendar.dayString(millis))"
                    + "T00:00:00Z): LinkedIn serves whole days, and end_date is the first day not read.")
        }
        return millis
    }

    private static func daysAgo(_ json: JSON, _ key: String, allowed: ClosedRange<Int>) throws -> Int? {
        guard let value = json[key], value != .null else { return nil }
        guard let days = value.int64Value, allowed.contains(Int(clamping: days)) else {
            throw ConnectorError.config(
                "Invalid config: \(key) must be a whole number of days from \(allowed.lowerBound) to "
                    + "\(allowed.upperBound), got \(value.serialized): LinkedIn serves statistics from "
                    + "\(TimeWindowPlanner.maxDaysBack) days before today up to \(TimeWindowPlanner.lagDays) days "
                    + "before today, in whole days.")
        }
        return Int(days)
    }
}
