import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// `end_date`, `start_days_ago` and `end_days_ago`: what the config accepts, and what a read does with them.
@Suite struct DateRangeTests {
    func config(_ extra: [(String, JSON)]) throws -> PagesConfig {
        var object: JSONObject = ["credentials": ["access_token": "t"], "org_id": "2414183"]
        for (key, value) in extra { object[key] = value }
        return try PagesConfig(json: .object(object))
    }

    func configError(_ extra: [(String, JSON)]) -> String? {
        let error = #expect(throws: ConnectorError.self) { try config(extra) }
        #expect(error?.failureType == .configError)
        return error?.message
    }

    @Test func theFormsAreParsed() throws {
        #expect(try config([]).dateRange == .unbounded)
        #expect(
            try config([("start_date", "2026-01-15T08:00:00Z"), ("end_date", "2026-04-01T00:00:00Z")]).dateRange
                == .fixed(start: ISO8601Parsing.millis("2026-01-15"), end: ISO8601Parsing.millis("2026-04-01")))
        #expect(
            try config([("start_days_ago", 10), ("end_days_ago", 5)]).dateRange
                == .relative(startDaysAgo: 10, endDaysAgo: 5))
        #expect(try config([("end_days_ago", 30)]).dateRange == .relative(startDaysAgo: nil, endDaysAgo: 30))
    }

    @Test func absoluteAndRelativeFormsCannotBeCombined() {
        let message = configError([("start_date", "2026-01-01T00:00:00Z"), ("end_days_ago", 5)])
        #expect(message?.contains("start_date and end_days_ago cannot be combined") == true)
        #expect(configError([("end_date", "2026-04-01T00:00:00Z"), ("start_days_ago", 9)])?.contains("either") == true)
    }

    @Test func relativeOffsetsFollowLinkedInsLimits() {
        let tooFar = configError([("start_days_ago", 366)])
        #expect(tooFar?.contains("start_days_ago must be a whole number of days from 3 to 365, got 366") == true)
        #expect(
            configError([("end_days_ago", 1)])?.contains("end_days_ago must be a whole number of days from 2 to 364")
                == true)
        #expect(configError([("start_days_ago", 2)])?.contains("from 3 to 365") == true)
        #expect(configError([("start_days_ago", 10.5)])?.contains("start_days_ago") == true)
        let reversed = configError([("start_days_ago", 5), ("end_days_ago", 10)])
        #expect(reversed?.contains("start_days_ago (5) must be greater than end_days_ago (10)") == true)
        #expect(configError([("start_days_ago", 5), ("end_days_ago", 5)]) != nil)
    }

    @Test func endDateIsAWholeDayAfterTheStart() {
        #expect(configError([("end_date", "2026-04-01T12:00:00Z")])?.contains("must be at midnight UTC") == true)
        #expect(configError([("end_date", "April")])?.contains("end_date 'April' is not a date") == true)
        let reversed = configError([("start_date", "2026-04-01T00:00:00Z"), ("end_date", "2026-04-01T00:00:00Z")])
        #expect(reversed?.contains("start_date (2026-04-01) must be before end_date (2026-04-01)") == true)
        // start_date within end_date's eve: one day, 31 March, is read.
        #expect(
            (try? config([("start_date", "2026-03-31T18:00:00Z"), ("end_date", "2026-04-01T00:00:00Z")])) != nil)
    }

    @Test func anEndDateOlderThanTwelveMonthsIsAConfigErrorAtReadAndCheck() async throws {
        let old = try config([("end_date", "2025-11-20T00:00:00Z")])  // today − 365 days: not one day left
        let error = #expect(throws: ConnectorError.self) { try old.dateRange.validate(now: recordedAt) }
        #expect(error?.message.contains("end_date 2025-11-20 is more than 12 months ago") == true)
        #expect(error?.message.contains("from 2025-11-20 (365 days before today) to 2026-11-17") == true)
        #expect(throws: Never.self) {
            try config([("end_date", "2025-11-21T00:00:00Z")]).dateRange.validate(now: recordedAt)
        }

        let json: JSON = [
            "credentials": ["access_token": "t"], "org_id": "2414183", "end_date": "2025-01-01T00:00:00Z",
        ]
        let source = LinkedInPagesSource(
            transport: try ReplayTransport(directory: fixtureDirectory), endpoints: testEndpoints,
            clock: { recordedAt }, retry: instantRetries, sleep: { _ in })
        let checked = try await source.check(config: json, sink: MemorySink())
        #expect(!checked.succeeded && checked.message?.contains("end_date 2025-01-01") == true)
        let readError = await #expect(throws: ConnectorError.self) {
            _ = try await source.read(
                config: json, catalog: ConfiguredCatalog(streams: [.init(name: "posts", syncMode: .fullRefresh)]),
                state: InputState(), sink: MemorySink())
        }
        #expect(readError?.failureType == .configError)
    }

    @Test func theSpecDeclaresTheKeysWithTheirLimits() throws {
        let properties = try #require(Specification.json["connectionSpecification"]?["properties"])
        #expect(properties["end_date"]?["pattern"] == properties["start_date"]?["pattern"])
        #expect(properties["start_days_ago"]?["minimum"] == 3 && properties["start_days_ago"]?["maximum"] == 365)
        #expect(properties["end_days_ago"]?["minimum"] == 2 && properties["end_days_ago"]?["maximum"] == 364)
        let problems = SchemaValidator(schema: Specification.json["connectionSpecification"]!)
            .violations(of: ["credentials": ["access_token": "t"], "start_days_ago": 400, "end_days_ago": "5"])
            .map(\.description)
        #expect(problems.contains("start_days_ago must be at most 365"))
        #expect(problems.contains { $0.hasPrefix("end_days_ago") })
    }

    // MARK: Reads

    let engine = SyncEngineTests()

    func state(_ stream: String, _ value: JSON) -> JSON { inputState([(stream, value)]) }

    @Test func aFixedRangeReadsItsDaysAndTheCursorStopsAtItsEnd() async throws {
        let run = try await engine.read(
            config: engine.config([("end_date", "2026-10-11T00:00:00Z")]),
            streams: ["follower_statistics_time_bound"])
        #expect(run.failures.isEmpty)
        let records = run.sink.records(of: "follower_statistics_time_bound")
        #expect(records.count == 2 * 10)  // 1..10 October, two organizations
        #expect(records.compactMap { $0["timeRangeEnd"]?.int64Value }.max() == ISO8601Parsing.millis("2026-10-11"))
        let state = try #require(run.sink.lastState(of: "follower_statistics_time_bound"))
        #expect(state["timeRangeEnd"]?.int64Value == ISO8601Parsing.millis("2026-10-11"))
        let again = try await engine.read(
            config: engine.config([("end_date", "2026-10-11T00:00:00Z")]),
            streams: ["follower_statistics_time_bound"], state: self.state("follower_statistics_time_bound", state))
        #expect(again.sink.records(of: "follower_statistics_time_bound").isEmpty)
        #expect(again.sink.logs.contains { $0.contains("read up to end_date 2026-10-11 already") })
    }

    @Test func aRelativeRangeReadsTheSameDaysAgainIncrementally() async throws {
        var object = try #require(engine.config([("start_days_ago", 10), ("end_days_ago", 5)]).objectValue)
        object["start_date"] = nil
        let first = try await engine.read(config: .object(object), streams: ["share_statistics_time_bound"])
        #expect(first.failures.isEmpty)
        let records = first.sink.records(of: "share_statistics_time_bound")
        #expect(
            Set(records.compactMap { $0["timeRangeStart"]?.int64Value }).map(UTCCalendar.dayString).sorted()
                == ["2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13", "2026-11-14"])
        let state = try #require(first.sink.lastState(of: "share_statistics_time_bound"))
        let second = try await engine.read(
            config: .object(object), streams: ["share_statistics_time_bound"],
            state: self.state("share_statistics_time_bound", state))
        #expect(second.sink.records(of: "share_statistics_time_bound").count == records.count)
    }
}
