#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Whole-day and whole-month arithmetic in UTC on epoch milliseconds, the unit LinkedIn's time ranges use.
///
/// Pure arithmetic on the proleptic Gregorian calendar (days from 1970-01-01), with no Calendar, TimeZone or date
/// formatter: those load ICU's data, which would add several megabytes to every run for what is simple UTC math.
public enum UTCCalendar {
    static let dayMillis: Int64 = 86_400_000

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static func startOfDay(_ millis: Int64) -> Int64 {
        floorDivide(millis, dayMillis) * dayMillis
    }

    static func startOfMonth(_ millis: Int64) -> Int64 {
        let (year, month, _) = civil(fromDays: floorDivide(millis, dayMillis))
        return days(year: year, month: month, day: 1) * dayMillis
    }

    static func addingMonths(_ months: Int, to millis: Int64) -> Int64 {
        let dayStart = startOfDay(millis)
        let (year, month, day) = civil(fromDays: dayStart / dayMillis)
        let total = year * 12 + (month - 1) + Int64(months)
        let (newYear, newMonth) = (floorDivide(total, 12), total - floorDivide(total, 12) * 12 + 1)
        let clampedDay = min(day, daysInMonth(year: newYear, month: newMonth))
        return days(year: newYear, month: newMonth, day: clampedDay) * dayMillis + (millis - dayStart)
    }

    /// The first month start at or after `millis`.
    static func ceilToMonth(_ millis: Int64) -> Int64 {
        let floor = startOfMonth(millis)
        return floor == millis ? floor : addingMonths(1, to: floor)
    }

    /// `YYYY-MM-DD`, for snapshot dates and log lines.
    public static func dayString(_ millis: Int64) -> String {
        let (year, month, day) = civil(fromDays: floorDivide(millis, dayMillis))
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    // MARK: Civil calendar (H. Hinnant's days_from_civil / civil_from_days)

    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        let next = month == 12 ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: month + 1, day: 1)
        return next - days(year: year, month: month, day: 1)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
