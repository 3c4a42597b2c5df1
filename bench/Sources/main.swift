import AirbyteProtocol
import Foundation
import LinkedInFake
import LinkedInPages

// The benchmark: a LinkedIn stand-in on 127.0.0.1 with knobs for data size and latency, the release binary as a
// child process, and for each scenario its wall time, CPU time, peak memory, records/s and requests, with the
// target it is held to. Run it with scripts/bench (which builds both in release mode first).
//
// `linkedin-pages-bench [BINARY] [--only LETTERS] [--quota-pages 100,1000]` runs every scenario, or those whose
// letter is in LETTERS; the quota scenario (q) runs for 100 pages unless --quota-pages says otherwise.
// `linkedin-pages-bench serve ORGANIZATIONS GEO_ENTRIES LATENCY_SECONDS [FACET_ENTRIES [DAY]]` only starts the
// stand-in, for profiling; with DAY (0 or 1), it serves the quota scenario's posts and engagement on that day (run the
// connector with SOURCE_LINKEDIN_PAGES_NOW on that day, 2026-11-18 or -19).

if CommandLine.arguments.dropFirst().first == "serve" {
    let values = CommandLine.arguments.dropFirst(2).map { Double($0) ?? 0 }
    var knobs = SyntheticLinkedIn.Knobs()
    if values.count > 0 { knobs.organizations = Int(values[0]) }
    if values.count > 1 { knobs.geoEntries = Int(values[1]) }
    if values.count > 2 { knobs.latency = values[2] }
    if values.count > 3, values[3] > 0 { knobs.facetEntries = Int(values[3]) }
    if values.count > 4 {
        let world = EngagementWorld(dayZero: Int64(QuotaScenario.dayZero.timeIntervalSince1970 * 1000))
        knobs.engagement = world.later(by: Int(values[4]))
        knobs.distinctFacetValues = 5
    }
    let server = try SyntheticLinkedIn(knobs)
    let text =
        "LINKEDIN_API_BASE_URL=\(server.apiBase) LINKEDIN_OAUTH_TOKEN_URL=\(server.tokenURL)\n"
        + "org_ids: \(server.organizationIDs.joined(separator: ","))\n"
    FileHandle.standardOutput.write(Data(text.utf8))
    while true { sleep(3600) }
}

var arguments = Array(CommandLine.arguments.dropFirst())
/// The value after `flag`, removed from `arguments` with it.
@MainActor func option(_ flag: String) -> String? {
    guard let index = arguments.firstIndex(of: flag) else { return nil }
    let value = index + 1 < arguments.count ? arguments[index + 1] : nil
    arguments.removeSubrange(index...min(index + 1, arguments.count - 1))
    return value
}
let only = option("--only").map { Set($0) }
let quotaPages = option("--quota-pages").map { $0.split(separator: ",").compactMap { Int($0) } } ?? [100]
let binary = arguments.first ?? "dist/source-linkedin-pages"
guard FileManager.default.isExecutableFile(atPath: binary) else {
    FileHandle.standardError.write(
        Data("usage: linkedin-pages-bench [path to the release binary]; \(binary) is not executable\n".utf8))
    exit(2)
}
let bench = try Bench(binary: binary)
defer { bench.cleanUp() }

@MainActor func selected(_ letter: Character) -> Bool { only?.contains(letter) ?? true }

let allStreams = LinkedInPagesSource.streamNames
let airbyteStreams = Array(allStreams.prefix(6))
let timeBoundStreams = allStreams.filter { $0.hasSuffix("_time_bound") }

let figures = selected("c") || selected("j") ? try await JSONPipeline.measure() : nil

print(
    column("scenario", 48, left: true), column("wall", 9), column("user+sys", 9), column("peak RSS", 10),
    column("records", 8), column("records/s", 9), column("requests", 8), column("exit", 4), "  target / note")

// (a) Start-up cost: spec and discover, median of 20.
if selected("a") {
    let server = try SyntheticLinkedIn(.init())
    let configPath = bench.config(server)
    for (name, arguments, target) in [
        ("a. spec (median of 20)", ["spec"], 0.008),
        ("a. discover (median of 20)", ["discover", "--config", configPath], 0.030),
    ] {
        let runs = (0..<20).map { _ in bench.measure(name, arguments, server: nil) }.sorted { $0.wall < $1.wall }
        var m = runs[10]
        m.check(String(format: "wall ≤ %.0f ms", target * 1000), m.wall <= target)
        bench.report(m)
    }
    server.stop()
}

// (b) One organization, every stream, default data.
if selected("b") {
    bench.report(
        try bench.readScenario("b. 1 org, all \(allStreams.count) streams, 12 months", .init(), streams: allStreams))
}

// (c) A large response: a lifetime follower-statistics answer of seven facets of 5,000 entries each (about
// 3.7 MB, a large company), read as one record and unpivoted into 35,000; against the same read of a small answer.
if selected("c") {
    let small = try bench.readScenario(
        "c. follower_statistics, small answer", .init(), streams: ["follower_statistics"])
    bench.report(small)
    for stream in ["follower_statistics", "follower_statistics_by_facet"] {
        var m = try bench.readScenario(
            "c. \(stream), 3.7 MB answer", .init(facetEntries: 5_000), streams: [stream])
        let extraCPU = max(m.cpu - small.cpu, 0.001)
        m.note = String(
            format: "%.1f MB answer, %.0f MB/s of CPU beyond a small read",
            Double(m.responseBytes) / 1e6, Double(m.responseBytes) / 1e6 / extraCPU)
        m.check("peak RSS ≤ 48 MiB", m.peakRSSMB <= 48)
        bench.report(m)
    }
}

// (c) The JSON stages alone on that answer, in process (measured first, see JSONPipeline).
if let figures {
    var m = Measurement(scenario: "c. JSON stages in process, 3.7 MB answer")
    m.note = String(
        format:
            "parse %.0f MB/s, serialize %.0f MB/s, mask %.0f MB/s, writer (all three) %.0f MB/s; the tree holds %.1f MB (%.1fx the answer)",
        figures.parse, figures.serialize, figures.mask, figures.write, Double(figures.treeBytes) / 1e6,
        Double(figures.treeBytes) / Double(figures.answerBytes))
    bench.report(m, figures: false)
}

// (d) Scale: 1,000 organizations, the six Airbyte streams, 12 months; against 10 organizations for CPU per record.
// Then a second sync of the 1,000 from the final state the first read emitted.
if selected("d") {
    var perRecord: [Double] = []
    var first: [String: [UInt8]] = [:]
    for organizations in [10, 1_000] {
        var m = try bench.readScenario(
            "d. \(organizations) orgs, 6 Airbyte streams, 12 months", .init(organizations: organizations),
            streams: airbyteStreams, startDaysAgo: 365, keepStates: organizations == 1_000)
        if organizations == 1_000 { first = m.lastStates }
        perRecord.append(m.cpu / Double(max(m.records, 1)))
        let ratio = Double(m.stateBytes) / Double(max(m.recordBytes, 1))
        m.note = String(
            format: "%d STATE, %.1f MB STATE / %.1f MB RECORD = %.0f%%", m.states, Double(m.stateBytes) / 1e6,
            Double(m.recordBytes) / 1e6, ratio * 100)
        m.check("STATE ≤ 10% of RECORD bytes", ratio <= 0.10)
        if organizations == 1_000 {
            m.check("peak RSS ≤ 64 MiB", m.peakRSSMB <= 64)
            let scaling = perRecord[1] / perRecord[0]
            m.check(
                String(
                    format: "CPU/record %.1f µs vs %.1f µs at 10 orgs: %.2fx ≤ 1.5x", perRecord[1] * 1e6,
                    perRecord[0] * 1e6, scaling),
                scaling <= 1.5)
        }
        bench.report(m)
        let endpoints = m.endpoints.sorted { $0.key < $1.key }.map {
            "\($0.key.split(separator: "/").last!) \($0.value)"
        }
        print("   requests per endpoint: " + endpoints.joined(separator: ", "))
    }
    secondSync(after: first, organizations: 1_000)
}

/// The second sync of scenario (d): the time-bound streams of the six, from the last STATE per stream of the first
/// read (all six streams' states, in the protocol's list form), against a fresh stand-in of the same organizations.
/// Only the time-bound streams are selected, so each endpoint's count on the stand-in is that stream's alone (the
/// lifetime streams share the endpoints and are read in full every sync anyway).
@MainActor func secondSync(after first: [String: [UInt8]], organizations: Int) {
    let streams = airbyteStreams.filter { $0.hasSuffix("_time_bound") }
    let stateFile = bench.write("state-\(UUID().uuidString).json", FinalState.inputState(first))
    var m: Measurement
    do {
        m = try bench.readScenario(
            "d. second sync of the 1,000 from the final state", .init(organizations: organizations),
            streams: streams, startDaysAgo: 365, state: stateFile, keepStates: true)
    } catch {
        print("d. second sync: \(error)")
        return
    }
    var perStream: [String] = []
    for stream in streams {
        guard let endpoint = FinalState.endpoint(of: stream) else { continue }
        let perOrganization = Double(m.endpoints[endpoint] ?? 0) / Double(organizations)
        perStream.append(String(format: "%@ %.2f", stream, perOrganization))
        m.check(String(format: "%@: %.2f requests/org ≤ 2", stream, perOrganization), perOrganization <= 2)
    }
    let regressions = FinalState.regressions(first: first, second: m.lastStates, streams: streams)
    let partitions = (
        FinalState.partitionCount(first, streams: streams), FinalState.partitionCount(m.lastStates, streams: streams)
    )
    m.check(
        "final STATE no smaller: \(partitions.1) cursors vs \(partitions.0), none behind"
            + (regressions.isEmpty
                ? "" : " (\(regressions.count) behind: \(regressions.prefix(3).joined(separator: "; ")))"),
        regressions.isEmpty && partitions.1 >= partitions.0 && !first.isEmpty)
    m.note =
        "requests per organization (stand-in count per endpoint / \(organizations)): "
        + perStream.joined(separator: ", ")
    bench.report(m)
    let endpoints = m.endpoints.sorted { $0.key < $1.key }.map { "\($0.key.split(separator: "/").last!) \($0.value)" }
    print("   requests per endpoint: " + endpoints.joined(separator: ", "))
}

// (e) Per-request overhead over loopback: the same CPU-bound read over HTTP and in process with answers from
// memory; the difference, per request, is what the transport (libcurl), the stand-in and the hand-offs cost.
if selected("e") {
    var http = try bench.readScenario(
        "e. 100 orgs × 3 time-bound × 364 days, 0 ms", .init(organizations: 100), streams: timeBoundStreams)
    http.note = String(format: "%.0f records per CPU-second", Double(http.records) / max(http.cpu, 0.001))
    bench.report(http)
    var memory = try await bench.inProcessRead(.init(organizations: 100), streams: timeBoundStreams)
    memory.note = String(
        format: "%.0f records per CPU-second; best of 3", Double(memory.records) / max(memory.cpu, 0.001))
    memory.check("≥ 200,000 records/s", Double(memory.records) / memory.wall >= 200_000)
    bench.report(memory)
    var overhead = Measurement(scenario: "e. per request over loopback (HTTP − memory)")
    overhead.requests = http.requests
    overhead.note = String(
        format: "%.2f ms wall, %.2f ms CPU per request", (http.wall - memory.wall) / Double(http.requests) * 1000,
        (http.cpu - memory.cpu) / Double(http.requests) * 1000)
    bench.report(overhead, figures: false)
}

// (f) 50 organizations, 50 ms per request: concurrency against the latency bound.
if selected("f") {
    var m = try bench.readScenario(
        "f. 50 orgs, 6 Airbyte streams, 90 days, 50 ms", .init(organizations: 50, latency: 0.05),
        streams: airbyteStreams, startDaysAgo: 90)
    let ideal = Double(m.requests) / 4 * 0.05
    m.check(
        String(format: "≤ 1.5 × ideal %.2f s (requests / 4 × 50 ms): %.2fx", ideal, m.wall / ideal),
        m.wall <= ideal * 1.5)
    bench.report(m)
}

// (q) Requests against LinkedIn's quotas: a first and a next-day sync of every stream, against the fewest requests
// LinkedIn's API allows for the same data. 1,000 pages take about a minute more: `--quota-pages 100,1000`.
if selected("q") {
    for pages in quotaPages { QuotaScenario.run(bench, pages: pages, streams: allStreams) }
}

let failed = bench.results.filter { $0.exitCode != 0 }
let missed = bench.results.flatMap { m in m.targets.filter { !$0.met }.map { "\(m.scenario): \($0.text)" } }
if !missed.isEmpty { print("\nTargets missed:\n  " + missed.joined(separator: "\n  ")) }
if !failed.isEmpty {
    print("\nFAILED scenarios: \(failed.map(\.scenario).joined(separator: ", "))")
    exit(1)
}
