import AirbyteProtocol

/// One organization (or batch of them) that a stream could not read, and the reason the user was given.
struct OrganizationFailure: Sendable {
    let stream: String
    let organizations: [Organization]
    let error: ConnectorError
}

/// The LOG lines a read ends with, however it ends: a total, one line per stream (status, records, requests,
/// duration), LinkedIn calls per endpoint (what the daily per-endpoint quotas count), requests made for other work,
/// and one line per organization that failed.
struct ReadSummary {
    /// At most this many organization lines; the rest are counted in one more line.
    static let maxOrganizationLines = 20

    var streams: [(name: String, snapshot: StreamProgress.Snapshot)]
    var total: RequestStatistics.Usage
    var byRequester: [String: RequestStatistics.Usage]
    var callsByEndpoint: [(endpoint: String, calls: Int)]
    var seconds: Double
    /// Why the read ended before reading everything, when it did.
    var stoppedBy: String?

    init(streams: [StreamProgress], statistics: RequestStatistics, seconds: Double, stoppedBy: String?) {
        self.streams = streams.map { ($0.name, $0.snapshot) }
        total = statistics.total
        byRequester = statistics.byRequester
        callsByEndpoint = statistics.callsByEndpoint
        self.seconds = seconds
        self.stoppedBy = stoppedBy ?? self.streams.lazy.compactMap(\.snapshot.runFailure).first
    }

    var lines: [String] {
        let stopped = stoppedBy.map { ["The read stopped early: \($0)"] } ?? []
        return [header] + streams.map(streamLine) + [endpointLine] + (otherRequestersLine.map { [$0] } ?? [])
            + organizationLines + stopped
    }

    private var header: String {
        let complete = streams.filter(\.snapshot.isComplete).count
        let records = streams.reduce(0) { $0 + $1.snapshot.counters.records }
        return "Read summary: \(ReportText.count(streams.count, "stream")) (\(complete) COMPLETE, "
            + "\(streams.count - complete) INCOMPLETE), \(ReportText.count(records, "record")), "
            + "\(ReportText.count(total.requests, "request")) to LinkedIn in \(ReportText.duration(seconds)); "
            + "\(ReportText.waits(total))."
    }

    private func streamLine(_ stream: (name: String, snapshot: StreamProgress.Snapshot)) -> String {
        let usage = byRequester[stream.name] ?? RequestStatistics.Usage()
        let snapshot = stream.snapshot
        let waits = usage.rateLimits.count + usage.retries.count > 0 ? "; \(ReportText.waits(usage))" : ""
        return "Stream '\(stream.name)': \(snapshot.isComplete ? "COMPLETE" : "INCOMPLETE"), "
            + "\(ReportText.count(snapshot.counters.records, "record")), "
            + "\(ReportText.count(usage.requests, "request")), \(ReportText.duration(snapshot.seconds))\(waits)."
    }

    private var endpointLine: String {
        guard !callsByEndpoint.isEmpty else { return "LinkedIn calls by endpoint: none." }
        return "LinkedIn calls by endpoint (every HTTP request sent, retries, token refreshes and version probes "
            + "included; LinkedIn's daily quotas count per endpoint): "
            + callsByEndpoint.map { "\($0.endpoint) \(ReportText.count($0.calls))" }.joined(separator: ", ") + "."
    }

    /// Requests not made by a selected stream: token refreshes, organization lookups, parents read for children.
    private var otherRequestersLine: String? {
        let names = Set(streams.map(\.name))
        let others = byRequester.filter { !names.contains($0.key) }.sorted { $0.key < $1.key }
        guard !others.isEmpty else { return nil }
        return "Requests for other work (token refreshes, organization lookups, parent streams not selected): "
            + others.map { "\($0.key) \(ReportText.count($0.value.requests))" }.joined(separator: ", ") + "."
    }

    /// One line per organization (or batch) that failed: the streams it failed in, and the first reason.
    private var organizationLines: [String] {
        var order: [[Organization]] = []
        var failures: [[Organization]: (streams: [String], reason: String)] = [:]
        for failure in streams.flatMap(\.snapshot.organizationFailures) {
            if let known = failures[failure.organizations] {
                guard !known.streams.contains(failure.stream) else { continue }
                failures[failure.organizations]?.streams.append(failure.stream)
            } else {
                order.append(failure.organizations)
                failures[failure.organizations] = ([failure.stream], failure.error.message)
            }
        }
        var lines = order.prefix(Self.maxOrganizationLines).map { organizations -> String in
            let failure = failures[organizations]!
            let who = organizations.count == 1 ? "Organization" : "Organizations"
            let ids = organizations.map(\.name).joined(separator: ", ")
            let streamNames = failure.streams.map { "'\($0)'" }.joined(separator: ", ")
            return "\(who) \(ids) failed in \(streamNames): \(failure.reason)"
        }
        if order.count > Self.maxOrganizationLines {
            lines.append(
                "\(order.count - Self.maxOrganizationLines) more organization(s) failed; their errors are above.")
        }
        return lines
    }
}

/// How the progress and summary lines write numbers and durations.
enum ReportText {
    /// 1234567 → `1,234,567`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `1 record`, `1,234 records`.
    static func count(_ value: Int, _ noun: String) -> String {
        "\(count(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// `4.2 s`, `12 min 5 s`, `2 h 3 min`.
    static func duration(_ seconds: Double) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\((seconds * 10).rounded() / 10) s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    /// `no retries or rate-limit waits`, or `rate-limit waits 1 (60.0 s), retries after errors 2 (1.5 s)` (kinds
    /// that did not happen left out).
    static func waits(_ usage: RequestStatistics.Usage) -> String {
        let kinds = [("rate-limit waits", usage.rateLimits), ("retries after errors", usage.retries)]
            .filter { $0.1.count > 0 }
            .map { "\($0.0) \(count($0.1.count)) (\(duration($0.1.seconds)))" }
        return kinds.isEmpty ? "no retries or rate-limit waits" : kinds.joined(separator: ", ")
    }
}
