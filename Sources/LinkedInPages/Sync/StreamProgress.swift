import AirbyteProtocol

/// The run-time bookkeeping of one stream in a read: its status messages, its state, its failures, its counters.
///
/// Contract: STARTED comes before any record, RUNNING before the first record, and COMPLETE (or INCOMPLETE) after
/// the last job of the stream. A STATE is written when the state changed and the checkpoint policy allows, and once
/// more when the stream ends (at least one per stream). Records are written before the cursor that covers them, and
/// cursor updates and the STATE that carries them happen under one lock, so a STATE never covers a record not yet
/// written and STATEs of a stream never go backwards.
final class StreamProgress: Sendable {
    /// What the progress and summary lines report.
    struct Counters: Sendable, Equatable {
        var partitionsPlanned = 0
        var partitionsDone = 0
        var slicesDone = 0
        var records = 0
    }

    private struct Status {
        var pendingJobs: Int
        var started = false
        var running = false
        var finished = false
        var stateEmitted = false
        var stateChanged = false
        var lastStateAt: Double
        var failures: [LinkedInAPIError] = []
        var cursors: PartitionCursors?
        var counters = Counters()
        /// When the first job started and the stream ended, on the policy's monotonic clock.
        var startedAt: Double?
        var finishedAt: Double?
        var organizationFailures: [OrganizationFailure] = []
        /// Keys emitted so far, for streams whose records repeat across partitions.
        var emitted = Set<String>()
    }

    /// A consistent copy of what the progress and summary lines report.
    struct Snapshot: Sendable {
        var counters: Counters
        var isRunning: Bool
        var isComplete: Bool
        /// From the first job's start to the stream's end (or now, while it runs); 0 when no job ran.
        var seconds: Double
        var organizationFailures: [OrganizationFailure]
        /// The first failure that stopped the whole read, as the user was told it.
        var runFailure: String?
    }

    let name: String
    /// Records handed to the sink at once.
    static let chunk = 1_000
    private let sink: MessageSink
    private let policy: CheckpointPolicy
    private let clock: @Sendable () -> Int64
    private let status: Locked<Status>
    /// Identifies a record across partitions, for streams that emit each record once per run.
    private let uniqueKey: (@Sendable (JSONObject) -> String)?

    init(
        name: String, jobs: Int, cursors: PartitionCursors?, sink: MessageSink, policy: CheckpointPolicy,
        clock: @escaping @Sendable () -> Int64, uniqueKey: (@Sendable (JSONObject) -> String)? = nil
    ) {
        self.uniqueKey = uniqueKey
        self.name = name
        self.sink = sink
        self.policy = policy
        self.clock = clock
        status = Locked(Status(pendingJobs: jobs, lastStateAt: policy.elapsed(), cursors: cursors))
    }

    func jobStarted() {
        status.withLock { status in
            if status.startedAt == nil { status.startedAt = policy.elapsed() }
            guard !status.started else { return }
            status.started = true
            sink.emit(.streamStatus(stream: name, status: .started, reasons: [], emittedAt: clock()))
        }
    }

    /// More partitions became known (children of a parent, found while reading).
    func planned(partitions: Int) {
        status.withLock { $0.counters.partitionsPlanned += partitions }
    }

    func partitionDone() {
        status.withLock { $0.counters.partitionsDone += 1 }
    }

    func emit(records: [JSONObject]) {
        guard !records.isEmpty else { return }
        let emittedAt = clock()
        status.withLock { status in
            var records = records
            if let uniqueKey { records = records.filter { status.emitted.insert(uniqueKey($0)).inserted } }
            guard !records.isEmpty else { return }
            if !status.running {
                status.running = true
                sink.emit(.streamStatus(stream: name, status: .running, reasons: [], emittedAt: emittedAt))
            }
            status.counters.records += records.count
            // In chunks: a 35,000-row answer then never exists twice over, once as records and once as messages.
            for start in stride(from: 0, to: records.count, by: Self.chunk) {
                sink.emit(
                    records[start..<min(start + Self.chunk, records.count)].map {
                        AirbyteMessage.record(stream: name, data: $0, emittedAt: emittedAt)
                    })
            }
        }
    }

    /// Records that a slice is read and each member partition's data is complete up to its entry (merged into its
    /// saved entry; nil: nothing to save); writes the stream's STATE when the policy says so.
    func checkpoint(_ entries: [(PartitionKey, JSONObject?)]) {
        status.withLock { status in
            status.counters.slicesDone += 1
            guard status.cursors != nil else { return }
            for case let (key, entry?) in entries {
                status.cursors?.update(key, with: entry)
                status.stateChanged = true
            }
            if status.stateChanged, policy.elapsed() - status.lastStateAt >= policy.interval { emitState(&status) }
        }
    }

    /// - Parameter organizations: the organizations the failure is about, when it concerns only them.
    func fail(_ error: LinkedInAPIError, organizations: [Organization] = []) {
        status.withLock { status in
            status.failures.append(error)
            guard error.scope == .organization, !organizations.isEmpty else { return }
            status.organizationFailures.append(
                OrganizationFailure(stream: name, organizations: organizations, error: error.connectorError))
        }
        sink.emit(.error(error.connectorError, emittedAt: clock()))
    }

    /// Marks one job done; after the last, writes the final STATE and COMPLETE or INCOMPLETE.
    func jobFinished() {
        status.withLock { status in
            status.pendingJobs -= 1
            guard status.pendingJobs == 0 else { return }
            finish(&status)
        }
    }

    /// Ends a stream that has no partitions: STARTED, its (unchanged) state, COMPLETE.
    func finishWithoutJobs() {
        status.withLock { finish(&$0) }
    }

    /// Ends the stream now, for jobs that never ran because the read was stopped.
    func abandon(jobs: Int, because error: LinkedInAPIError) {
        status.withLock { status in
            guard status.pendingJobs > 0 else { return }
            if status.failures.isEmpty { status.failures.append(error) }
            status.pendingJobs -= jobs
            if status.pendingJobs <= 0 { finish(&status) }
        }
    }

    var failures: [LinkedInAPIError] { status.current.failures }
    var counters: Counters { status.current.counters }
    var isFinished: Bool { status.current.finished }

    var snapshot: Snapshot {
        let now = policy.elapsed()
        return status.withLock { status in
            Snapshot(
                counters: status.counters, isRunning: status.started && !status.finished,
                isComplete: status.finished && status.failures.isEmpty,
                seconds: status.startedAt.map { (status.finishedAt ?? now) - $0 } ?? 0,
                organizationFailures: status.organizationFailures,
                runFailure: status.failures.first { $0.scope == .run }?.connectorError.message)
        }
    }

    private func emitState(_ status: inout Status) {
        status.stateEmitted = true
        status.stateChanged = false
        status.lastStateAt = policy.elapsed()
        sink.emit(.state(stream: name, state: status.cursors?.json ?? .object(JSONObject()), recordCount: 0))
    }

    private func finish(_ status: inout Status) {
        guard !status.finished else { return }
        status.finished = true
        status.finishedAt = policy.elapsed()
        if !status.started {
            status.started = true
            sink.emit(.streamStatus(stream: name, status: .started, reasons: [], emittedAt: clock()))
        }
        if !status.stateEmitted || status.stateChanged { emitState(&status) }
        let final: StreamStatus = status.failures.isEmpty ? .complete : .incomplete
        let reasons: [JSON] = status.failures.compactMap { failure in
            failure.quotaReset.map { ["type": "RATE_LIMITED", "rate_limited": ["quota_reset": .int($0)]] }
        }
        sink.emit(.streamStatus(stream: name, status: final, reasons: Array(reasons.prefix(1)), emittedAt: clock()))
    }
}
