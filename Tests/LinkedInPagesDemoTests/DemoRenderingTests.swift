import AirbyteProtocol
import Foundation
import Testing

@testable import linkedin_pages_demo

/// The demo's overview, on the rows of a real replayed read of the bundled fixtures.
@Suite struct DemoRenderingTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `discover` and `read` as the demo runs them, summarized.
    func replayedRead(_ extra: [String] = []) async throws -> (ReadSummary, Int32) {
        let options = try DemoOptions.parse(extra, root: Self.root)
        let read = try ReplayedRead(fixtures: options.fixtures)
        let catalog = try await read.capture(["discover", "--config", options.configPath!]).lines.first {
            $0["type"]?.stringValue == "CATALOG"
        }
        let (lines, exitCode) = try await read.capture(options.readArguments)
        return (ReadSummary(lines: lines, catalog: catalog), exitCode)
    }

    func stream(_ name: String, in summary: ReadSummary) throws -> ReadSummary.Stream {
        try #require(summary.streams.first { $0.name == name })
    }

    /// Where each column starts, read off the rule line under the header.
    func columnStarts(_ rule: String) -> [Int] {
        let characters = Array(rule)
        return characters.indices.filter { characters[$0] == "-" && ($0 == 0 || characters[$0 - 1] == " ") }
    }

    @Test func aTableOfRealPostsIsAlignedAndCutToTheLineWidth() async throws {
        let (summary, _) = try await replayedRead()
        let posts = try stream("posts", in: summary)
        let columns = ColumnPicker().columns(for: posts.records, keyPaths: posts.keyPaths + [posts.cursorField])
        let rows = Array(posts.records.prefix(5)).map { row in
            columns.map { CellText.text(ColumnPicker.value(at: $0, in: row)) }
        }
        let renderer = TableRenderer(maxCellWidth: 24, maxLineWidth: 90)
        let lines = renderer.render(headers: Overview.headers(columns), rows: rows)

        #expect(lines.count == 2 + rows.count)
        #expect(lines.allSatisfy { $0.count <= 90 })
        let starts = columnStarts(lines[1])
        #expect(starts.count == columns.count)
        for line in lines {
            let characters = Array(line)
            for start in starts.dropFirst() where start < characters.count {
                #expect(characters[start - 1] == " " && characters[start - 2] == " ", "misaligned: \(line)")
            }
        }
        // The primary key first, then the cursor; post URNs are cut in the middle, keeping the distinguishing end.
        #expect(columns.prefix(2) == [["id"], ["lastModifiedAt"]])
        let idWidth = starts[1] - 2
        for (line, row) in zip(lines.dropFirst(2), rows) {
            let cell = String(line.prefix(idWidth))
            #expect(cell.count == idWidth && cell.contains("…"))
            #expect(row[0].hasSuffix(String(cell.split(separator: "…").last!)))
        }
        // Prose (the commentary) is cut at its end.
        let commentary = try #require(columns.firstIndex(of: ["commentary"]))
        let (start, end) = (starts[commentary], starts[commentary + 1] - 2)
        for line in lines.dropFirst(2) {
            let cell = String(Array(line)[start..<end])
            #expect(cell.hasPrefix("Post ") && cell.hasSuffix("…"), "\(cell)")
        }
    }

    @Test func numbersAreRightAlignedAndDatesReadable() async throws {
        let (summary, _) = try await replayedRead()
        let gains = try stream("follower_statistics_time_bound", in: summary)
        let columns = ColumnPicker().columns(for: gains.records, keyPaths: gains.keyPaths + [gains.cursorField])
        #expect(
            columns == [
                ["organizationalEntity"], ["timeRangeStart"], ["timeRangeEnd"],
                ["organicFollowerGain"], ["paidFollowerGain"],
            ])
        let rows = gains.records.prefix(3).map { row in
            columns.map { CellText.text(ColumnPicker.value(at: $0, in: row)) }
        }
        let lines = TableRenderer().render(headers: Overview.headers(columns), rows: rows)
        #expect(lines[0].hasSuffix("organicFollowerGain  paidFollowerGain"))
        for line in lines.dropFirst(2) {
            #expect(line.hasPrefix("urn:li:organization:"))
            #expect(line.last?.isNumber == true)  // the right-aligned count ends where its header does
            #expect(line.count == lines[0].count)
            #expect(line.contains("2026-1"))  // epoch milliseconds shown as UTC days
        }
    }

    @Test func columnsSkipCopiesAndKeepTheKeys() async throws {
        let (summary, _) = try await replayedRead()
        let lookup = try stream("organization_lookup", in: summary)
        let lookupColumns = ColumnPicker().columns(for: lookup.records, keyPaths: lookup.keyPaths)
        #expect(lookupColumns.first == ["id"] && !lookupColumns.contains(["$URN"]))
        #expect(lookupColumns.contains(["localizedName"]))
        // `post` repeats `root` in every reaction, so only one of them is shown.
        let reactions = try stream("post_reactions", in: summary)
        let reactionColumns = ColumnPicker().columns(for: reactions.records, keyPaths: reactions.keyPaths)
        #expect(reactionColumns.filter { $0 == ["post"] || $0 == ["root"] }.count == 1)
        #expect(reactionColumns.contains(["reactionType"]))
        #expect(reactionColumns.count <= ColumnPicker().limit)
    }

    @Test func theSummaryCountsEveryStreamAndItsStateReadsBack() async throws {
        let (summary, exitCode) = try await replayedRead()
        #expect(exitCode == 0)
        // Every stream of the catalog, and exactly the records the integration tests expect from the same fixtures.
        let catalog = try JSON.parse(
            [UInt8](Data(contentsOf: Self.root.appendingPathComponent("integration_tests/configured_catalog.json"))))
        let expected = try String(
            contentsOf: Self.root.appendingPathComponent("integration_tests/expected_records.jsonl"), encoding: .utf8)
        #expect(summary.streams.count == catalog["streams"]?.arrayValue?.count)
        #expect(summary.recordCount == expected.split(separator: "\n").count)
        #expect(summary.streams.allSatisfy { $0.status == "COMPLETE" })
        #expect(summary.errors.isEmpty && summary.warnings.contains { $0.contains("no-such-company-xyz") })
        let state = try InputState(json: summary.stateFile)
        // Two company pages and the showcase page urn:li:organizationBrand:8800001, a partition each.
        let partitions = state.state(for: "follower_statistics_time_bound")?["states"]?.arrayValue ?? []
        #expect(partitions.compactMap { $0["partition"]?["org_id"]?.stringValue } == [
            "2414183", "5509721", "urn:li:organizationBrand:8800001",
        ])
        let timeBound = try stream("follower_statistics_time_bound", in: summary)
        #expect(Overview.resumePoint(timeBound.streamState) == ["timeRangeEnd", "2026-11-18 (3 partitions)"])
        #expect(Overview.resumePoint(try stream("posts", in: summary).streamState)[1].contains(" … "))
        #expect(Overview.resumePoint(try stream("organization_lookup", in: summary).streamState) == ["", ""])
    }

    @Test func theOverviewShowsEveryStreamWithinTheLineWidth() async throws {
        let (summary, _) = try await replayedRead()
        let overview = Overview(
            summary: summary, fixtures: "Tests/Fixtures/linkedin",
            recordedAt: Date(timeIntervalSince1970: 1_795_165_200),
            requests: 290, statePath: ".build/state.json")
        let lines = overview.lines()
        #expect(lines.allSatisfy { $0.count <= overview.table.maxLineWidth })
        for stream in summary.streams {
            #expect(lines.contains { $0.hasPrefix("\(stream.name): \(stream.records.count) record") })
        }
        #expect(lines.contains("Errors: none."))
        #expect(lines.last == "  scripts/demo --state .build/state.json")
    }

    @Test func cellsAndWordsAreCutWhereTheyTellLeast() {
        #expect(TableRenderer.truncate("Great insights, thanks for sharing!", to: 12) == "Great insig…")
        #expect(TableRenderer.truncate("urn:li:organization:2414183", to: 16) == "urn:l…on:2414183")
        #expect(TableRenderer.truncate("short", to: 16) == "short")
        #expect(TableRenderer.wrap("one two three four", width: 9, indent: "  ") == ["  one two", "  three", "  four"])
        #expect(CellText.text(.int(1_794_960_000_000)) == "2026-11-18")
        #expect(CellText.text(.int(1_794_497_498_245)) == "2026-11-12 15:31")
        #expect(CellText.text(.int(189_811)) == "189811")
        #expect(CellText.text(.array([1, 2])) == "2 items")
    }

    @Test func demoArgumentsPassThroughToRead() throws {
        let root = URL(fileURLWithPath: "/repo")
        let options = try DemoOptions.parse(["--raw", "--state", "s.json"], root: root)
        #expect(options.raw)
        #expect(
            options.readArguments == [
                "read", "--config", "/repo/integration_tests/sample_config.json", "--catalog",
                "/repo/integration_tests/configured_catalog.json", "--state", "s.json",
            ])
        let own = try DemoOptions.parse(["--config", "mine.json"], root: root)
        #expect(own.configPath == "mine.json" && own.readArguments.filter { $0 == "--config" }.count == 1)
        #expect(throws: DemoError.self) { try DemoOptions.parse(["--fixtures"], root: root) }
    }
}
