import AirbyteProtocol
import Foundation
import LinkedInFake
import LinkedInPages

// The benchmark: a LinkedIn stand-in on 127.0.0.1 with knobs for data size and latency, the release binary as a
// child process, and for each scenario its wall time, CPU time, peak memory, records/s and requests.
// Run it with scripts/bench (which builds both in release mode first).

// `linkedin-pages-bench serve ORGANIZATIONS GEO_ENTRIES LATENCY_SECONDS` only starts the stand-in, for profiling.
if CommandLine.arguments.dropFirst().first == "serve" {
    let values = CommandLine.arguments.dropFirst(2).map { Double($0) ?? 0 }
    var knobs = SyntheticLinkedIn.Knobs()
    if values.count > 0 { knobs.organizations = Int(values[0]) }
    if values.count > 1 { knobs.geoEntries = Int(values[1]) }
    if values.count > 2 { knobs.latency = values[2] }
    let server = try SyntheticLinkedIn(knobs)
    let text =
        "LINKEDIN_API_BASE_URL=\(server.apiBase) LINKEDIN_OAUTH_TOKEN_URL=\(server.tokenURL)\n"
        + "org_ids: \(server.organizationIDs.joined(separator: ","))\n"
    FileHandle.standardOutput.write(Data(text.utf8))
    while true { sleep(3600) }
}

let binary = CommandLine.arguments.dropFirst().first ?? "dist/source-linkedin-pages"
guard FileManager.default.isExecutableFile(atPath: binary) else {
    FileHandle.standardError.write(
        Data("usage: linkedin-pages-bench [path to the release binary]; \(binary) is not executable\n".utf8))
    exit(2)
}
let work = FileManager.default.temporaryDirectory.appendingPathComponent("linkedin-pages-bench-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

let allStreams = StreamRegistry.all.map(\.name)
let airbyteStreams = Array(allStreams.prefix(6))
let timeBoundStreams = allStreams.filter { $0.hasSuffix("_time_bound") }

func write(_ name: String, _ object: Any) -> String {
    let url = work.appendingPathComponent(name)
    try! JSONSerialization.data(withJSONObject: object).write(to: url)
    return url.path
}

func config(_ server: SyntheticLinkedIn, startDaysAgo: Int? = nil, concurrency: Int = 4) -> String {
    var object: [String: Any] = [
        "credentials": ["auth_method": "access_token", "access_token": "bench-token"],
        "org_ids": server.organizationIDs, "member_hash_salt": "bench-salt", "max_concurrency": concurrency,
        "compare_organizations": ["20000001", "20000002"],
    ]
    if let days = startDaysAgo {
        let start = Date().addingTimeInterval(-Double(days) * 86_400)
        object["start_date"] = ISO8601DateFormatter().string(from: start)
    }
    return write("config-\(UUID().uuidString).json", object)
}

func catalog(_ streams: [String]) -> String {
    write(
        "catalog-\(UUID().uuidString).json",
        [
            "streams": streams.map {
                [
                    "stream": [
                        "name": $0, "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"],
                    ],
                    "sync_mode": "incremental", "destination_sync_mode": "append",
                ]
            }
        ])
}

struct Measurement {
    var scenario: String
    var wall: Double
    var cpu: Double
    var peakRSSMB: Double
    var records: Int
    var requests: Int
    var exitCode: Int32
    var note: String = ""
}

var results: [Measurement] = []

func measure(_ scenario: String, _ arguments: [String], server: SyntheticLinkedIn?) -> Measurement {
    var environment = ProcessInfo.processInfo.environment
    if let server {
        environment["LINKEDIN_API_BASE_URL"] = server.apiBase
        environment["LINKEDIN_OAUTH_TOKEN_URL"] = server.tokenURL
    }
    let before = server?.requestCount ?? 0
    let run = ChildProcess.run(binary, arguments, environment: environment)
    return Measurement(
        scenario: scenario, wall: run.wall, cpu: run.user + run.system, peakRSSMB: Double(run.maxRSSKB) / 1024,
        records: run.records, requests: (server?.requestCount ?? 0) - before, exitCode: run.exitCode)
}

func column(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}

@MainActor func report(_ m: Measurement) {
    results.append(m)
    let rate = m.records > 0 && m.wall > 0 ? String(format: "%.0f", Double(m.records) / m.wall) : "-"
    let memory = m.peakRSSMB > 0 ? String(format: "%.1f MB", m.peakRSSMB) : "-"
    print(
        column(m.scenario, 48, left: true), column(String(format: "%.3f s", m.wall), 9),
        column(String(format: "%.3f s", m.cpu), 9),
        column(memory, 9), column("\(m.records)", 8), column(rate, 9), column("\(m.requests)", 8),
        column("\(m.exitCode)", 4), " " + m.note)
}

print(
    column("scenario", 48, left: true), column("wall", 9), column("user+sys", 9), column("peak RSS", 9),
    column("records", 8),
    column("records/s", 9), column("requests", 8), column("exit", 4))

// (a) Start-up cost: spec and discover, median of 20.
do {
    let server = try SyntheticLinkedIn(.init())
    let configPath = config(server)
    for (name, arguments) in [
        ("a. spec (median of 20)", ["spec"]), ("a. discover (median of 20)", ["discover", "--config", configPath]),
    ] {
        let runs = (0..<20).map { _ in measure(name, arguments, server: nil) }.sorted { $0.wall < $1.wall }
        report(runs[10])
    }
    server.stop()
}

/// A `read` of `streams` by the binary against a fresh stand-in sized by `knobs`.
@MainActor func readScenario(
    _ name: String, _ knobs: SyntheticLinkedIn.Knobs, streams: [String], startDaysAgo: Int? = nil
) throws -> Measurement {
    let server = try SyntheticLinkedIn(knobs)
    defer { server.stop() }
    let arguments = ["read", "--config", config(server, startDaysAgo: startDaysAgo), "--catalog", catalog(streams)]
    return measure(name, arguments, server: server)
}

// (b) One organization, every stream, default data.
report(try readScenario("b. 1 org, all \(allStreams.count) streams, 12 months", .init(), streams: allStreams))

// (c) Large responses: 5,000 geo entries, 365 daily buckets per time-bound stream.
report(
    try readScenario(
        "c. 5,000 geo entries + 3 × 364 daily buckets", .init(geoEntries: 5_000),
        streams: ["follower_statistics"] + timeBoundStreams))

// (c') The CPU-bound part over HTTP: decode, transform, encode and write time-bound records, latency zero.
do {
    var m = try readScenario(
        "c'. 100 orgs × 3 time-bound × 364 days, 0 ms", .init(organizations: 100), streams: timeBoundStreams)
    m.note = String(format: "%.0f records per CPU-second", Double(m.records) / max(m.cpu, 0.001))
    report(m)
}

// (c'') The same, in process with answers from memory: the connector's CPU-bound part alone.
do {
    let knobs = SyntheticLinkedIn.Knobs(organizations: 100)
    let transport = InMemorySyntheticTransport(knobs)
    let organizations = knobs.organizationIDs.map(JSON.string)
    let configJSON: JSON = [
        "credentials": ["access_token": "bench-token"], "org_ids": .array(organizations), "max_concurrency": 4,
    ]
    let devNull = open("/dev/null", O_WRONLY)
    var best = Measurement(
        scenario: "c''. same in process, answers from memory", wall: .infinity, cpu: 0, peakRSSMB: 0, records: 0,
        requests: 0, exitCode: 0)
    for _ in 0..<3 {
        let source = LinkedInPagesSource(
            transport: transport, endpoints: Endpoints(apiBase: "http://memory/rest", tokenURL: "http://memory/token"))
        let sink = CountingSink(OutputWriter(descriptor: devNull, masker: SecretMasker(secrets: ["bench-token"])))
        let catalog = ConfiguredCatalog(streams: timeBoundStreams.map { .init(name: $0, syncMode: .incremental) })
        let usageBefore = cpuSeconds()
        let started = ChildProcess.monotonicSeconds()
        _ = try await source.read(config: configJSON, catalog: catalog, state: InputState(), sink: sink)
        let wall = ChildProcess.monotonicSeconds() - started
        if wall < best.wall {
            best.wall = wall
            best.cpu = cpuSeconds() - usageBefore
            best.records = sink.records
        }
    }
    best.note = String(format: "%.0f records per CPU-second; best of 3", Double(best.records) / max(best.cpu, 0.001))
    report(best)
    close(devNull)
}

// (d) 50 organizations, 50 ms per request: concurrency against the latency bound.
do {
    var m = try readScenario(
        "d. 50 orgs, 6 Airbyte streams, 90 days, 50 ms", .init(organizations: 50, latency: 0.05),
        streams: airbyteStreams, startDaysAgo: 90)
    let ideal = Double(m.requests) / 4 * 0.05
    m.note = String(format: "ideal %.2f s (requests / 4 × 50 ms): %.2fx", ideal, m.wall / ideal)
    report(m)
}

let failed = results.filter { $0.exitCode != 0 }
if !failed.isEmpty {
    print("\nFAILED scenarios: \(failed.map(\.scenario).joined(separator: ", "))")
    exit(1)
}

/// Counts the records that pass through to the writer.
final class CountingSink: MessageSink, @unchecked Sendable {
    private let inner: OutputWriter
    private let lock = NSLock()
    private var count = 0

    init(_ inner: OutputWriter) { self.inner = inner }

    var records: Int { lock.lock(); defer { lock.unlock() }; return count }

    func emit(_ messages: [AirbyteMessage]) {
        let records = messages.reduce(0) { if case .record = $1 { return $0 + 1 } else { return $0 } }
        lock.lock()
        count += records
        lock.unlock()
        inner.emit(messages)
    }

    func registerSecret(_ value: String) { inner.registerSecret(value) }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return ChildProcess.seconds(usage.ru_utime) + ChildProcess.seconds(usage.ru_stime)
}
