import AirbyteProtocol

/// Tells the person watching a sync log that a long read is moving, and what it cost when it ends.
///
/// Every `policy.interval` seconds: one INFO line per running stream whose figures changed since its last line
/// (partitions done of planned, slices, records, requests, seconds waited on rate limits and retries), or a single
/// line for all of them when more than `separateLinesUpTo` moved, so a read writes a few lines per interval whatever
/// its number of organizations. At the end, `finish` writes the `ReadSummary`.
///
/// Contract: figures in the lines only grow; no line is written after `finish`; the reporting task never keeps a read
/// (or the process) alive: it is cancelled by `finish` and sleeps, cancellably, in between.
final class ProgressReporter: Sendable {
    /// Above this many moving streams, one line carries them all.
    static let separateLinesUpTo = 4

    /// What a progress line says about one stream; a line is written only when these changed.
    struct Figures: Equatable {
        var counters: StreamProgress.Counters
        var usage: RequestStatistics.Usage
    }

    private struct State {
        var streams: [StreamProgress] = []
        var reported: [String: Figures] = [:]
        var finished = false
        var task: Task<Void, Never>?
    }

    private let statistics: RequestStatistics
    private let sink: MessageSink
    private let policy: ProgressPolicy
    private let startedAt: Double
    private let state = Locked(State())

    init(statistics: RequestStatistics, sink: MessageSink, policy: ProgressPolicy) {
        self.statistics = statistics
        self.sink = sink
        self.policy = policy
        startedAt = policy.elapsed()
    }

    /// Starts reporting on `streams`, every `policy.interval` seconds until `finish` (not at all when it is 0).
    func start(_ streams: [StreamProgress]) {
        let interval = policy.interval
        state.withLock { state in
            guard !state.finished else { return }
            state.streams = streams
            guard interval > 0, state.task == nil else { return }
            state.task = Task.detached { [weak self] in
                while true {
                    do { try await Task.sleep(nanoseconds: UInt64(interval * 1e9)) } catch { return }
                    guard let self, !Task.isCancelled else { return }
                    self.report()
                }
            }
        }
    }

    /// One report: a line for each running stream whose figures moved since its last line (or one line for all).
    func report() {
        state.withLock { state in
            guard !state.finished else { return }
            var moved: [(name: String, figures: Figures)] = []
            for stream in state.streams {
                let snapshot = stream.snapshot
                guard snapshot.isRunning else { continue }
                let figures = Figures(counters: snapshot.counters, usage: statistics.usage(of: stream.name))
                guard state.reported[stream.name] != figures else { continue }
                state.reported[stream.name] = figures
                moved.append((stream.name, figures))
            }
            guard !moved.isEmpty else { return }
            let after = ReportText.duration(policy.elapsed() - startedAt)
            if moved.count <= Self.separateLinesUpTo {
                for (name, figures) in moved {
                    sink.log(.info, "Progress of stream '\(name)' after \(after): \(Self.text(figures)).")
                }
            } else {
                let all = moved.map { "'\($0.name)' \(Self.text($0.figures))" }.joined(separator: "; ")
                sink.log(.info, "Progress of \(moved.count) streams after \(after): \(all).")
            }
        }
    }

    /// Stops the reports and writes the summary. Call once, when the read ends, however it ends.
    /// - Parameter error: what ended the read early, if something did.
    func finish(stoppedBy error: Error?) {
        let streams = state.withLock { state -> [StreamProgress] in
            state.finished = true
            state.task?.cancel()
            state.task = nil
            return state.streams
        }
        let summary = ReadSummary(
            streams: streams, statistics: statistics, seconds: policy.elapsed() - startedAt,
            stoppedBy: error.map(Self.message))
        for line in summary.lines { sink.log(.info, line) }
    }

    /// `3/10 partitions, 12 slices, 1,234 records, 56 requests, waited 1.5 s (rate limits 1, retries 2)`.
    static func text(_ figures: Figures) -> String {
        let counters = figures.counters
        let usage = figures.usage
        let waits =
            usage.rateLimits.count + usage.retries.count == 0
            ? "no waits"
            : "waited \(ReportText.duration(usage.waitingSeconds)) (rate limits \(usage.rateLimits.count), retries "
                + "\(usage.retries.count))"
        return "\(ReportText.count(counters.partitionsDone))/"
            + "\(ReportText.count(counters.partitionsPlanned, "partition")), "
            + "\(ReportText.count(counters.slicesDone, "slice")), \(ReportText.count(counters.records, "record")), "
            + "\(ReportText.count(usage.requests, "request")), \(waits)"
    }

    private static func message(_ error: Error) -> String {
        switch error {
        case let error as LinkedInAPIError: return error.connectorError.message
        case let error as ConnectorError: return error.message
        case is CancellationError: return "the read was cancelled."
        default: return "\(error)"
        }
    }
}
