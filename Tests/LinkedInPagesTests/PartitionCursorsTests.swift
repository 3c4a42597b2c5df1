import AirbyteProtocol
import Testing
@testable import LinkedInPages

@Suite struct PartitionCursorsTests {
    let a = Organization("2414183")!
    let b = Organization("5509721")!
    let c = Organization("77")!

    func load(_ state: JSON?, organizations: [Organization]? = nil, owner: Organization? = nil) throws
        -> PartitionCursors
    {
        try PartitionCursors(
            stream: "follower_statistics_time_bound", cursorField: "timeRangeEnd", state: state,
            organizations: organizations ?? [a, b], legacyOwner: owner)
    }

    @Test func airbytesSingleCursorBelongsToOrgId() throws {
        let cursors = try load(["timeRangeEnd": 1_762_300_800_000], owner: b)
        #expect(cursors.cursor(for: b) == 1_762_300_800_000)
        #expect(cursors.cursor(for: a) == nil)
    }

    @Test func airbytesCursorMayBeAStringOrADate() throws {
        #expect(try load(["timeRangeEnd": "1762300800000"], owner: a).cursor(for: a) == 1_762_300_800_000)
        #expect(try load(["timeRangeEnd": "2025-11-05T00:00:00Z"], owner: a).cursor(for: a) == 1_762_300_800_000)
    }

    @Test func perPartitionStateRoundTripsAndDropsRemovedOrganizations() throws {
        var cursors = try load(nil)
        cursors.advance(a, to: 100)
        cursors.advance(b, to: 200)
        cursors.advance(b, to: 150)  // a lookback re-read never moves the cursor back
        let json = cursors.json
        #expect(json["timeRangeEnd"] == 100)
        let reloaded = try load(json, organizations: [b, c])
        #expect(reloaded.cursor(for: b) == 200)
        #expect(reloaded.cursor(for: a) == nil)  // removed
        #expect(reloaded.cursor(for: c) == nil)  // added: starts from start_date
        #expect(reloaded.json["states"]?.arrayValue?.count == 1)
    }

    @Test(arguments: [
        #"{"timeRangeEnd":"yesterday"}"#, #"{"states":"x"}"#, #"{"states":[{"cursor":{"timeRangeEnd":1}}]}"#, "[1]",
    ])
    func garbageNamesTheStreamAndTheValue(_ text: String) throws {
        let error = #expect(throws: ConnectorError.self) { try load(JSON.parse(text), owner: a) }
        #expect(error?.message.contains("follower_statistics_time_bound") == true)
        #expect(error?.failureType == .configError)
    }
}
