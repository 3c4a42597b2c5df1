import Foundation

/// Whole-day and whole-month arithmetic in UTC on epoch milliseconds, the unit LinkedIn's time ranges use.
enum UTCCalendar {
    static let dayMillis: Int64 = 86_400_000

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static func startOfDay(_ millis: Int64) -> Int64 {
        millis >= 0 ? millis / dayMillis * dayMillis : ((millis - dayMillis + 1) / dayMillis) * dayMillis
    }

    static func startOfMonth(_ millis: Int64) -> Int64 {
        let parts = calendar.dateComponents([.year, .month], from: date(millis))
        return self.millis(calendar.date(from: parts)!)
    }

    static func addingMonths(_ months: Int, to millis: Int64) -> Int64 {
        self.millis(calendar.date(byAdding: .month, value: months, to: date(millis))!)
    }

    /// The first month start at or after `millis`.
    static func ceilToMonth(_ millis: Int64) -> Int64 {
        let floor = startOfMonth(millis)
        return floor == millis ? floor : addingMonths(1, to: floor)
    }

    /// `YYYY-MM-DD`, for snapshot dates and log lines.
    static func dayString(_ millis: Int64) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date(millis))
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
