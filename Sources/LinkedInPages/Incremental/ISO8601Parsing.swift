#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Parses the ISO-8601 forms configs and states use: `2026-01-01T00:00:00Z`, with fractional seconds or a numeric
/// offset, or a bare `2026-01-01`. Written out rather than with ISO8601DateFormatter, which loads ICU.
public enum ISO8601Parsing {
    public static func date(_ text: String) -> Date? {
        millis(text).map(UTCCalendar.date)
    }

    public static func millis(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[start..<start + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
            bytes[7] == UInt8(ascii: "-"), let day = number(8, 2), (1...12).contains(month),
            (1...UTCCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        let dayMillis = UTCCalendar.days(year: year, month: month, day: day) * UTCCalendar.dayMillis
        if bytes.count == 10 { return dayMillis }
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), let hour = number(11, 2),
            bytes[13] == UInt8(ascii: ":"),
            let minute = number(14, 2), bytes[16] == UInt8(ascii: ":"), let second = number(17, 2),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                fraction += Int64(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetMinutes: Int64 = 0
        if index == bytes.count - 1, bytes[index] == UInt8(ascii: "Z") {
            // UTC
        } else if index + 6 == bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
            let offsetHours = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
            let minutes = number(index + 4, 2)
        {
            offsetMinutes = (offsetHours * 60 + minutes) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        return dayMillis + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + fraction
    }
}
