import Foundation
import LinkedInFake

/// (q) What a sync costs against LinkedIn's per-endpoint daily quotas: a first sync of every stream, then a daily
/// incremental sync from its final state against the stand-in's data a day later (new posts, comments, replies,
/// reactions, a new day of video analytics), with the connector's clock pinned to each day. Prints the requests the
/// stand-in received per kind next to the fewest LinkedIn's API allows for the same data (`QuotaFloor`), and the
/// ratio; the target (incremental total ≤ 1.1×) is printed, never a reason to fail the run.
enum QuotaScenario {
    /// Day 0 of the made-up world: a mid-month day, so the incremental sync's windows cross no month start.
    static let dayZero = ISO8601DateFormatter().date(from: "2026-11-18T00:00:00Z")!
    static let target = 1.1

    @MainActor static func run(_ bench: Bench, pages: Int, streams: [String]) {
        let world = EngagementWorld(dayZero: Int64(dayZero.timeIntervalSince1970 * 1000))
        let knobs = SyntheticLinkedIn.Knobs(organizations: pages, engagement: world, distinctFacetValues: 5)
        var later = knobs
        later.engagement = world.later()
        let start = dayZero.addingTimeInterval(-365 * 86_400)
        let reads: (first: Measurement, incremental: Measurement)
        do {
            var first = try bench.readScenario(
                "q. quota, \(pages) pages: first sync", knobs, streams: streams, start: start,
                now: dayZero.addingTimeInterval(6 * 3_600), keepStates: true)
            first.note = stateNote(first)
            bench.report(first)
            let state = bench.write("state-\(UUID().uuidString).json", FinalState.inputState(first.lastStates))
            var incremental = try bench.readScenario(
                "q. quota, \(pages) pages: next day's sync", later, streams: streams, start: start,
                now: dayZero.addingTimeInterval(30 * 3_600), state: state, keepStates: true)
            incremental.note = stateNote(incremental)
            bench.report(incremental)
            reads = (first, incremental)
        } catch {
            print("q. quota, \(pages) pages: \(error)")
            return
        }
        let floors = QuotaFloor.rows(
            pages: pages, knobs: knobs, before: world, after: world.later(), compared: 2)
        printTable(pages: pages, floors: floors, first: reads.first.kinds, incremental: reads.incremental.kinds)
        printFindings(first: reads.first.findings, incremental: reads.incremental.findings)
    }

    /// The quota issue's "Done when" figures the stand-in can see, for both syncs, next to their targets.
    static func printFindings(first: [String: Int], incremental: [String: Int]) {
        print("   Requests the data did not call for (first sync, next day's sync; target):")
        for finding in [EngagementAudit.probeWithoutReplies, EngagementAudit.expiredPostStatistics] {
            let counts = (first[finding] ?? 0, incremental[finding] ?? 0)
            print("     \(finding): \(counts.0), \(counts.1); 0 \(counts == (0, 0) ? "✅" : "❌")")
        }
        func perVideo(_ findings: [String: Int]) -> Int {
            findings.filter { $0.key.hasPrefix(EngagementAudit.videoDayPrefix) }.values.max() ?? 0
        }
        let most = (perVideo(first), perVideo(incremental))
        print(
            "     most videoAnalytics DAY requests for one video and metric (the 183-day backfill):",
            "\(most.0), \(most.1); ≤ 2 \(max(most.0, most.1) <= 2 ? "✅" : "❌")")
    }

    /// STATE messages and bytes, and the size of the final state (each stream's last STATE).
    static func stateNote(_ m: Measurement) -> String {
        let final = m.lastStates.values.reduce(0) { $0 + $1.count }
        return String(
            format: "%d STATE, %.1f MB; final state %.2f MB", m.states, Double(m.stateBytes) / 1e6, Double(final) / 1e6)
    }

    static func ratio(_ sent: Int, _ floor: Int) -> String {
        if floor == 0 { return sent == 0 ? "–" : "∞" }
        return String(format: "%.2f×", Double(sent) / Double(floor))
    }

    static func met(_ sent: Int, _ floor: Int) -> Bool { Double(sent) <= Double(floor) * target }

    static func printTable(pages: Int, floors: [QuotaFloor.Row], first: [String: Int], incremental: [String: Int]) {
        var rows = floors
        // Whatever the connector sent that the floor has no row for: its floor is 0.
        for kind in Set(first.keys).union(incremental.keys).sorted() where !rows.contains(where: { $0.kind == kind }) {
            rows.append(QuotaFloor.Row(kind: kind, first: 0, incremental: 0, how: "no request needed for this data"))
        }
        print(
            "\n   q. \(pages) pages: requests per kind, sent by the connector / fewest LinkedIn's API allows",
            "(floor), first sync and next day's sync")
        print(
            "   " + column("kind", 46, left: true), column("sent", 7), column("floor", 7), column("ratio", 7), " │",
            column("sent", 7), column("floor", 7), column("ratio", 7), "  ≤ \(target)×")
        var totals = (0, 0, 0, 0)
        for row in rows {
            let sent = (first[row.kind] ?? 0, incremental[row.kind] ?? 0)
            totals = (totals.0 + sent.0, totals.1 + row.first, totals.2 + sent.1, totals.3 + row.incremental)
            if sent == (0, 0) && row.first == 0 && row.incremental == 0 { continue }
            print(
                "   " + column(row.kind, 46, left: true), column("\(sent.0)", 7), column("\(row.first)", 7),
                column(ratio(sent.0, row.first), 7), " │", column("\(sent.1)", 7), column("\(row.incremental)", 7),
                column(ratio(sent.1, row.incremental), 7), met(sent.1, row.incremental) ? "  ✅" : "  ❌")
        }
        let pass = met(totals.2, totals.3)
        print(
            "   " + column("total", 46, left: true), column("\(totals.0)", 7), column("\(totals.1)", 7),
            column(ratio(totals.0, totals.1), 7), " │", column("\(totals.2)", 7), column("\(totals.3)", 7),
            column(ratio(totals.2, totals.3), 7),
            pass ? "  ✅ PASS (incremental ≤ \(target)× the floor)" : "  ❌ FAIL (incremental > \(target)× the floor)")
        print(
            "   How each floor is counted (from the stand-in's data; LinkedIn's limits in bench/Sources/QuotaFloor.swift):"
        )
        for row in rows { print("     \(row.kind): \(row.how)") }
    }
}
