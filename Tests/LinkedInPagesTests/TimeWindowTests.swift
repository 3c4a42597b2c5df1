import Foundation
import Testing
@testable import LinkedInPages

@Suite struct TimeWindowTests {
    let now = ISO8601DateFormatter().date(from: "2026-11-20T09:00:00Z")!
    func day(_ text: String) -> Int64 { UTCCalendar.millis(ISO8601DateFormatter().date(from: text + "T00:00:00Z")!) }

    func planner(_ granularity: TimeWindowPlanner.Granularity = .day, start: String? = nil, lookback: Int = 0)
        -> TimeWindowPlanner
    {
        TimeWindowPlanner(
            granularity: granularity, startDate: start.map { ISO8601DateFormatter().date(from: $0 + "T00:00:00Z")! },
            lookbackDays: lookback, now: now)
    }

    @Test func fullBackfillIsTwelveMonthsInAtMostThirteenRequests() {
        let plan = planner().plan(cursor: nil)
        #expect(plan.slices.first?.start == day("2025-11-21"))  // today − 364 days
        #expect(plan.slices.last?.end == day("2026-11-18"))  // today − 2 days, exclusive
        #expect(plan.slices.count <= 13)
        #expect(plan.notes.isEmpty)
        for (previous, next) in zip(plan.slices, plan.slices.dropFirst()) { #expect(previous.end == next.start) }
        #expect(plan.slices.allSatisfy { ($0.end - $0.start) % UTCCalendar.dayMillis == 0 && $0.end > $0.start })
    }

    @Test func startDateWithTimeIsAlignedToItsDay() {
        let planner = TimeWindowPlanner(
            granularity: .day, startDate: ISO8601DateFormatter().date(from: "2026-10-01T13:45:00Z"), lookbackDays: 0,
            now: now)
        #expect(planner.plan(cursor: nil).slices.map(\.start) == [day("2026-10-01"), day("2026-11-01")])
    }

    @Test func cursorContinuesWithLookback() {
        let plan = planner(start: "2026-01-01", lookback: 2).plan(cursor: day("2026-11-10"))
        #expect(plan.slices == [TimeSlice(start: day("2026-11-08"), end: day("2026-11-18"))])
    }

    @Test func cursorInTheFutureReadsNothing() {
        #expect(planner(lookback: 2).plan(cursor: day("2050-01-01")).slices.isEmpty)
        #expect(planner().plan(cursor: day("2026-11-18")).slices.isEmpty)  // up to date
    }

    @Test func cursorOlderThanTwelveMonthsIsClampedWithANote() {
        let plan = planner().plan(cursor: day("2024-01-01"))
        #expect(plan.slices.first?.start == day("2025-11-21"))
        #expect(plan.notes.first?.contains("12-month limit") == true)
    }

    @Test func monthGranularityReadsWholeCalendarMonthsOnly() {
        let plan = planner(.month).plan(cursor: nil)
        #expect(plan.slices.first?.start == day("2025-12-01"))  // Nov 2025 is partly beyond the 12-month limit
        #expect(plan.slices.last?.end == day("2026-11-01"))  // November 2026 is not over yet
        #expect(
            plan.slices.allSatisfy {
                UTCCalendar.startOfMonth($0.start) == $0.start && UTCCalendar.startOfMonth($0.end) == $0.end
            })
        let incremental = planner(.month, lookback: 2).plan(cursor: day("2026-10-01"))
        #expect(incremental.slices == [TimeSlice(start: day("2026-09-01"), end: day("2026-11-01"))])
    }
}

@Suite struct UTCCalendarTests {
    @Test func civilDatesRoundTripAcrossCenturiesAndLeapYears() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (year, month, day) = UTCCalendar.civil(fromDays: days)
            #expect(UTCCalendar.days(year: year, month: month, day: day) == days)
        }
        #expect(UTCCalendar.dayString(0) == "1970-01-01")
        #expect(UTCCalendar.dayString(951_782_400_000) == "2000-02-29")
        #expect(UTCCalendar.dayString(1_794_960_000_000 + 3_723_000) == "2026-11-18")
    }

    @Test func monthArithmetic() {
        let march31 = ISO8601Parsing.millis("2026-03-31")!
        #expect(UTCCalendar.dayString(UTCCalendar.addingMonths(1, to: march31)) == "2026-04-30")
        #expect(UTCCalendar.dayString(UTCCalendar.addingMonths(-14, to: march31)) == "2025-01-31")
        #expect(
            UTCCalendar.dayString(UTCCalendar.startOfMonth(ISO8601Parsing.millis("2024-02-29T23:59:59Z")!))
                == "2024-02-01")
        #expect(UTCCalendar.dayString(UTCCalendar.ceilToMonth(ISO8601Parsing.millis("2025-12-02")!)) == "2026-01-01")
    }

    @Test func iso8601ParsingAcceptsWhatConfigsAndStatesUse() {
        #expect(ISO8601Parsing.millis("2026-11-18T00:00:00Z") == 1_794_960_000_000)
        #expect(ISO8601Parsing.millis("2026-11-18T00:00:00.250Z") == 1_794_960_000_250)
        #expect(ISO8601Parsing.millis("2026-11-18T02:00:00+02:00") == 1_794_960_000_000)
        #expect(ISO8601Parsing.millis("2026-11-18") == 1_794_960_000_000)
        for bad in [
            "2026-13-01", "2026-02-30", "2026-11-18T25:00:00Z", "2026-11-18 00:00:00", "yesterday", "",
            "2026-11-18T00:00:00",
        ] {
            #expect(ISO8601Parsing.millis(bad) == nil, "\(bad)")
        }
    }
}
