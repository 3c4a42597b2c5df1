import AirbyteProtocol
import Foundation
import LinkedInFake
import LinkedInPages

/// One scenario's figures, and the targets it was held to.
struct Measurement {
    var scenario: String
    var wall: Double = 0
    var cpu: Double = 0
    var peakRSSMB: Double = 0
    var records = 0
    /// Requests the stand-in received.
    var requests = 0
    /// Requests the connector said it sent ("Read summary" (its request total)).
    var reportedRequests: Int?
    var reportedEndpoints: [String: Int] = [:]
    var progress: [[String: ChildProcess.Figures]] = []
    var streamTotals: [String: ChildProcess.Figures] = [:]
    var states = 0
    var stateBytes = 0
    var recordBytes = 0
    /// Requests the stand-in received per endpoint, organization URNs in paths folded into `{urn}`.
    var endpoints: [String: Int] = [:]
    /// Requests the stand-in received per kind (`RequestKind`: endpoint and purpose).
    var kinds: [String: Int] = [:]
    /// What the stand-in's `EngagementAudit` found in the requests, by finding.
    var findings: [String: Int] = [:]
    /// Bytes of the answers the stand-in sent.
    var responseBytes = 0
    var exitCode: Int32 = 0
    /// The last STATE line of each stream, when the read was asked to keep them.
    var lastStates: [String: [UInt8]] = [:]
    var note = ""
    var targets: [(text: String, met: Bool)] = []

    mutating func check(_ text: String, _ met: Bool) { targets.append((text, met)) }

    /// Progress lines came at the interval, a few whatever the number of organizations, their figures only grew,
    /// and none passed the summary's totals.
    mutating func checkProgress(interval: Double) {
        var last: [String: ChildProcess.Figures] = [:]
        var grew = true
        for line in progress {
            for (stream, figures) in line {
                if let before = last[stream], figures.records < before.records || figures.requests < before.requests {
                    grew = false
                }
                last[stream] = figures
            }
        }
        let within = last.allSatisfy { stream, figures in
            guard let total = streamTotals[stream] else { return false }
            return figures.records <= total.records && figures.requests <= total.requests
        }
        let bound = Int(wall / interval) + 2
        check(
            "\(progress.count) progress lines (≤ \(bound) at \(Int(interval)) s), growing, within the summary's totals",
            !progress.isEmpty && progress.count <= bound && grew && within)
    }
}

/// Runs the release binary against stand-ins and keeps every measurement for the summary.
final class Bench {
    /// The progress interval the connector runs with here: reads longer than a few of it check their progress lines.
    static let progressSeconds = 1.0
    let binary: String
    let work: URL
    private(set) var results: [Measurement] = []

    init(binary: String) throws {
        self.binary = binary
        work = FileManager.default.temporaryDirectory.appendingPathComponent("linkedin-pages-bench-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: work) }

    func write(_ name: String, _ object: Any) -> String {
        let url = work.appendingPathComponent(name)
        try! JSONSerialization.data(withJSONObject: object).write(to: url)
        return url.path
    }

    func config(
        _ server: SyntheticLinkedIn, startDaysAgo: Int? = nil, start: Date? = nil, concurrency: Int = 4
    ) -> String {
        var object: [String: Any] = [
            "credentials": ["auth_method": "access_token", "access_token": "bench-token"],
            "org_ids": server.organizationIDs, "member_hash_salt": "bench-salt", "max_concurrency": concurrency,
            "compare_organizations": ["20000001", "20000002"],
        ]
        if let start = start ?? startDaysAgo.map({ Date().addingTimeInterval(-Double($0) * 86_400) }) {
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

    /// - Parameter now: the connector's clock, pinned (`SOURCE_LINKEDIN_PAGES_NOW`); the real one if nil.
    func measure(
        _ scenario: String, _ arguments: [String], server: SyntheticLinkedIn?, keepStates: Bool = false,
        now: Date? = nil
    ) -> Measurement {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "LINKEDIN_REPLAY_DIR")
        environment.removeValue(forKey: "SOURCE_LINKEDIN_PAGES_NOW")
        if let now { environment["SOURCE_LINKEDIN_PAGES_NOW"] = ISO8601DateFormatter().string(from: now) }
        if let server {
            environment["LINKEDIN_API_BASE_URL"] = server.apiBase
            environment["LINKEDIN_OAUTH_TOKEN_URL"] = server.tokenURL
            environment["SOURCE_LINKEDIN_PAGES_PROGRESS_SECONDS"] = String(Self.progressSeconds)
        }
        let before = (requests: server?.requestCount ?? 0, bytes: server?.bytesSent ?? 0)
        let run = ChildProcess.run(binary, arguments, environment: environment, keepStates: keepStates)
        return Measurement(
            scenario: scenario, wall: run.wall, cpu: run.user + run.system, peakRSSMB: Double(run.maxRSSKB) / 1024,
            records: run.records, requests: (server?.requestCount ?? 0) - before.requests,
            reportedRequests: run.output.reportedRequests, reportedEndpoints: run.output.reportedEndpoints,
            progress: run.output.progress, streamTotals: run.output.streamTotals,
            states: run.output.states,
            stateBytes: run.output.stateBytes, recordBytes: run.output.recordBytes,
            responseBytes: (server?.bytesSent ?? 0) - before.bytes, exitCode: run.exitCode,
            lastStates: run.output.lastStates)
    }

    /// A `read` of `streams` by the binary against a fresh stand-in sized by `knobs`, from the state file `state`
    /// if given; `keepStates` keeps the last STATE of each stream in `lastStates`. `start` (the config's start
    /// date) and `now` (the connector's clock) default to `startDaysAgo` days before the real clock, and to it.
    func readScenario(
        _ name: String, _ knobs: SyntheticLinkedIn.Knobs, streams: [String], startDaysAgo: Int? = nil,
        start: Date? = nil, now: Date? = nil, state: String? = nil, keepStates: Bool = false
    ) throws -> Measurement {
        let server = try SyntheticLinkedIn(knobs)
        defer { server.stop() }
        let configPath = config(server, startDaysAgo: startDaysAgo, start: start)
        var arguments = ["read", "--config", configPath, "--catalog", catalog(streams)]
        if let state { arguments += ["--state", state] }
        var m = measure(name, arguments, server: server, keepStates: keepStates, now: now)
        m.kinds = server.requestKinds()
        m.findings = server.findings()
        for (path, count) in server.requestCounts() {
            let endpoint = path.split(separator: "/").map { $0.hasPrefix("urn:") ? "{urn}" : $0 }.joined(separator: "/")
            m.endpoints["/" + endpoint, default: 0] += count
        }
        // The stand-in also counts the token request, which the connector's figure leaves out when it has a token.
        if let reported = m.reportedRequests, reported != m.requests {
            m.check("connector reports \(reported) requests, the stand-in saw \(m.requests)", false)
        }
        // The read summary's calls per endpoint are what users hold against LinkedIn's quotas: they must be exact.
        var received: [String: Int] = [:]
        for (path, count) in server.requestCounts() {
            let segments = path.split(separator: "/").filter { $0 != "rest" }
            received[String(segments.first ?? ""), default: 0] += count
        }
        if !m.reportedEndpoints.isEmpty {
            m.check("summary's calls per endpoint = the stand-in's", m.reportedEndpoints == received)
        }
        if m.wall > 3 * Self.progressSeconds { m.checkProgress(interval: Self.progressSeconds) }
        return m
    }

    /// The same read in this process with answers from memory: the connector's CPU-bound part alone; best of 3.
    func inProcessRead(_ knobs: SyntheticLinkedIn.Knobs, streams: [String]) async throws -> Measurement {
        let transport = InMemorySyntheticTransport(knobs)
        let configJSON: JSON = [
            "credentials": ["access_token": "bench-token"], "org_ids": .array(knobs.organizationIDs.map(JSON.string)),
            "max_concurrency": 4,
        ]
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        var best = Measurement(scenario: "e. the same in process, answers from memory", wall: .infinity)
        for _ in 0..<3 {
            let source = LinkedInPagesSource(
                transport: transport,
                endpoints: Endpoints(apiBase: "http://memory/rest", tokenURL: "http://memory/token"))
            let sink = CountingSink(OutputWriter(descriptor: devNull, masker: SecretMasker(secrets: ["bench-token"])))
            let catalog = ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: .incremental) })
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
        return best
    }

    func report(_ m: Measurement, figures: Bool = true) {
        results.append(m)
        let rate = m.records > 0 && m.wall > 0 ? String(format: "%.0f", Double(m.records) / m.wall) : "-"
        let memory = m.peakRSSMB > 0 ? String(format: "%.1f MiB", m.peakRSSMB) : "-"
        let targets = m.targets.map { ($0.met ? "✅ " : "❌ ") + $0.text }
        let notes = ([m.note] + targets).filter { !$0.isEmpty }.joined(separator: "; ")
        guard figures else {
            print(column(m.scenario, 48, left: true), String(repeating: " ", count: 69), " " + notes)
            return
        }
        print(
            column(m.scenario, 48, left: true), column(String(format: "%.3f s", m.wall), 9),
            column(String(format: "%.3f s", m.cpu), 9), column(memory, 10), column("\(m.records)", 8),
            column(rate, 9), column("\(m.requests)", 8), column("\(m.exitCode)", 4), " " + notes)
    }
}

func column(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}

/// Counts the records that pass through to the writer.
final class CountingSink: MessageSink, @unchecked Sendable {
    private let inner: OutputWriter
    private let count = Locked(0)

    init(_ inner: OutputWriter) { self.inner = inner }

    var records: Int { count.current }

    func emit(_ messages: [AirbyteMessage]) {
        let records = messages.reduce(0) { if case .record = $1 { return $0 + 1 } else { return $0 } }
        count.withLock { $0 += records }
        inner.emit(messages)
    }

    func registerSecret(_ value: String) { inner.registerSecret(value) }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return ChildProcess.seconds(usage.ru_utime) + ChildProcess.seconds(usage.ru_stime)
}
