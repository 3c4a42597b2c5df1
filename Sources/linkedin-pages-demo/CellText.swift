import AirbyteProtocol
import Foundation
import LinkedInPages

/// One JSON value as a table cell: scalars as they are, epoch-millisecond times as UTC dates, nested values
/// summarized by their size.
enum CellText {
    /// Integers in this range (2000-01-01 to 2100-01-01 in epoch milliseconds) are times: LinkedIn's counts never
    /// come near 10^12, and its times are all in milliseconds.
    static let epochMillisRange: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000

    static func text(_ value: JSON?) -> String {
        switch value {
        case nil: return ""
        case .null?: return "null"
        case .bool(let flag)?: return flag ? "true" : "false"
        case .int(let number)?: return epochMillisRange.contains(number) ? date(millis: number) : String(number)
        case .double(let number)?:
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let text)?: return text.replacingOccurrences(of: "\n", with: " ")
        case .array(let items)?: return items.count == 1 ? "1 item" : "\(items.count) items"
        case .object(let object)?: return object.count == 1 ? "{1 field}" : "{\(object.count) fields}"
        }
    }

    /// `2026-11-18` at midnight UTC, else `2026-11-16 09:31` (UTC).
    static func date(millis: Int64) -> String {
        let day = UTCCalendar.dayString(millis)
        let minuteOfDay = (millis % 86_400_000 + 86_400_000) % 86_400_000 / 60_000
        guard millis % 86_400_000 != 0 else { return day }
        return day + String(format: " %02d:%02d", minuteOfDay / 60, minuteOfDay % 60)
    }
}
