import Foundation
import Testing
@testable import LinkedInPages

@Suite struct TimeWindowTests {
    let now = ISO8601DateFormatter().date(from: "2026-11-20T09:00:00Z")!
    func day(_ text: String) -> Int64 { UTCCalendar.millis(ISO8601DateFormatter().date(from: text + "T00:00:00Z")!) }

    func days(_ plan: TimeWindowPlanner.Plan) -> Int64 {
        plan.slices.map { ($0.end - $0.start) / UTCCalendar.dayMillis }.reduce(0, +)
    }

    func months(_ plan: TimeWindowPlanner.Plan) -> [String] {
        plan.slices.flatMap { slice in
            stride(from: 0, to: 12, by: 1).map { UTCCalendar.addingMonths($0, to: slice.start) }.filter {
                $0 < slice.end
            }
        }.map { String(UTCCalendar.dayString($0).prefix(7)) }
    }

    func planner(_ granularity: TimeWindowPlanner.Granularity = .day, start: String? = nil, lookback: Int = 0)
        -> TimeWindowPlanner
    {
        TimeWindowPlanner(
            granularity: granularity, startDate: start.map { ISO8601DateFormatter().date(from: $0 + "T00:00:00Z")! },
            lookbackDays: lookback, now: now)
    }

    @Test func fullBackfillIsTwelveMonthsInAtMostThirteenRequests() {
        let plan = planner().plan(cursor: nil)
        #expect(plan.slices.first?.start == day("2025-11-20"))  // today − 365 days: the same date a year ago
        #expect(plan.slices.last?.end == day("2026-11-18"))  // today − 2 days, exclusive
        #expect(days(plan) == 363)  // as Airbyte's connector: 365 days back, minus LinkedIn's 2-day lag
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
        #expect(plan.slices.first?.start == day("2025-11-20"))
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
        #expect(
            months(plan) == [
                "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
                "2026-07", "2026-08", "2026-09", "2026-10",
            ])  // every complete month inside the 12 months: 11
        let incremental = planner(.month, lookback: 2).plan(cursor: day("2026-10-01"))
        #expect(incremental.slices == [TimeSlice(start: day("2026-09-01"), end: day("2026-11-01"))])
    }
}

// MARK: The 12-month floor and configured date ranges

extension TimeWindowTests {
    func planner(
        _ range: DateRange, _ granularity: TimeWindowPlanner.Granularity = .day, lookback: Int = 0, at: Date? = nil
    )
        -> TimeWindowPlanner
    {
        TimeWindowPlanner(granularity: granularity, range: range, lookbackDays: lookback, now: at ?? now)
    }

    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T09:00:00Z")! }

    @Test func theFloorIsNeverOlderThanTheSameDateAYearAgoAcrossLeapYears() {
        for today in ["2026-11-20", "2027-03-01", "2028-02-29", "2028-03-01", "2028-12-31", "2029-01-01"] {
            let plan = planner(.unbounded, at: at(today)).plan(cursor: nil)
            let first = plan.slices.first!.start
            #expect(first == day(today) - 365 * UTCCalendar.dayMillis, "\(today)")
            #expect(first >= UTCCalendar.addingMonths(-12, to: day(today)), "\(today)")  // LinkedIn: ≤ 12 months back
            #expect(days(plan) == 363, "\(today)")
        }
    }

    @Test func monthGranularityTakesEveryCompleteMonthInsideTheWindow() {
        // Ten on the two days after a month starts, when the month before is not yet served whole.
        for (today, count, last) in [
            ("2026-11-20", 11, "2026-10"), ("2026-11-02", 10, "2026-09"),
            ("2026-11-03", 11, "2026-10"), ("2026-12-01", 11, "2026-10"), ("2028-03-15", 11, "2028-02"),
        ] {
            let found = months(planner(.unbounded, .month, at: at(today)).plan(cursor: nil))
            #expect(found.count == count, "\(today): \(found)")
            #expect(found.last == last, "\(today)")
        }
    }

    @Test func aFixedRangeReadsExactlyItsDaysAndEndsAtEndDate() {
        let range = DateRange.fixed(start: day("2026-10-05"), end: day("2026-10-15"))
        let plan = planner(range).plan(cursor: nil)
        #expect(plan.slices == [TimeSlice(start: day("2026-10-05"), end: day("2026-10-15"))])  // 5..14 October
        #expect(plan.notes.isEmpty)
        let across = planner(.fixed(start: day("2026-09-25"), end: day("2026-10-03"))).plan(cursor: nil)
        #expect(across.slices.map(\.end).last == day("2026-10-03"))
        #expect(days(across) == 8)
    }

    @Test func aFixedRangeResumesFromTheCursorAndNeverPassesItsEnd() {
        let range = DateRange.fixed(start: day("2026-10-05"), end: day("2026-10-15"))
        #expect(
            planner(range, lookback: 2).plan(cursor: day("2026-10-10")).slices
                == [TimeSlice(start: day("2026-10-08"), end: day("2026-10-15"))])
        let done = planner(range, lookback: 2).plan(cursor: day("2026-10-15"))
        #expect(done.slices == [TimeSlice(start: day("2026-10-13"), end: day("2026-10-15"))])  // the lookback only
        let past = planner(range).plan(cursor: day("2026-11-01"))
        #expect(past.slices.isEmpty)
        #expect(past.notes.first?.contains("end_date 2026-10-15") == true)
    }

    @Test func anEndDateAfterTheNewestServedDayIsCutThereWithANote() {
        let plan = planner(.fixed(start: day("2026-11-01"), end: day("2027-01-01"))).plan(cursor: nil)
        #expect(plan.slices == [TimeSlice(start: day("2026-11-01"), end: day("2026-11-18"))])
        #expect(plan.notes.first?.contains("after the newest day") == true)
        let future = planner(.fixed(start: day("2026-12-01"), end: nil)).plan(cursor: nil)
        #expect(future.slices.isEmpty && future.notes.first?.contains("nothing to read yet") == true)
    }

    @Test func aRelativeRangeReadsExactlyItsDaysOnEverySync() {
        let range = DateRange.relative(startDaysAgo: 10, endDaysAgo: 5)
        let first = planner(range).plan(cursor: nil)
        #expect(first.slices == [TimeSlice(start: day("2026-11-10"), end: day("2026-11-15"))])  // 10..6 days ago
        #expect(days(first) == 5)
        #expect(planner(range, lookback: 2).plan(cursor: day("2026-11-15")) == first)  // the cursor does not narrow it
        let nextDay = planner(range, at: at("2026-11-21")).plan(cursor: day("2026-11-15"))
        #expect(nextDay.slices == [TimeSlice(start: day("2026-11-11"), end: day("2026-11-16"))])
        #expect(
            planner(.relative(startDaysAgo: 30, endDaysAgo: nil)).plan(cursor: nil).slices.map(\.start)
                == [day("2026-10-21"), day("2026-11-01")])
        #expect(days(planner(.relative(startDaysAgo: nil, endDaysAgo: 300)).plan(cursor: nil)) == 65)
    }

    @Test func monthGranularityInARangeTakesTheMonthsItCompletes() {
        let range = DateRange.fixed(start: day("2026-01-15"), end: day("2026-04-15"))
        #expect(months(planner(range, .month).plan(cursor: nil)) == ["2026-01", "2026-02", "2026-03"])
    }

    @Test func theConfigInitializerTakesGranularityRangeAndLookback() throws {
        let config = try PagesConfig(json: [
            "credentials": ["access_token": "t"], "time_granularity_type": "MONTH", "lookback_days": 7,
            "start_date": "2026-01-15T10:00:00Z", "end_date": "2026-04-01T00:00:00Z",
        ])
        let planner = TimeWindowPlanner(config: config, now: now)
        #expect(planner.granularity == .month && planner.lookbackDays == 7)
        #expect(planner.range == .fixed(start: day("2026-01-15"), end: day("2026-04-01")))
        #expect(planner.plan(cursor: nil).slices == [TimeSlice(start: day("2026-01-01"), end: day("2026-04-01"))])
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
