import AirbyteProtocol

/// The run-time bookkeeping of one stream in a read: its status messages, its state, its failures.
///
/// Contract: STARTED comes before any record, RUNNING before the first record, and COMPLETE (or INCOMPLETE) after
/// the last job of the stream; a STATE is emitted after each checkpoint, and at least once per stream. Cursor
/// updates and the STATE that carries them are emitted under one lock, so STATEs of a stream never go backwards.
final class StreamProgress: Sendable {
    private struct Status {
        var pendingJobs: Int
        var started = false
        var running = false
        var stateEmitted = false
        var failures: [LinkedInAPIError] = []
        var cursors: PartitionCursors?
    }

    let name: String
    private let sink: MessageSink
    private let status: Locked<Status>

    init(name: String, jobs: Int, cursors: PartitionCursors?, sink: MessageSink) {
        self.name = name
        self.sink = sink
        status = Locked(Status(pendingJobs: jobs, cursors: cursors))
    }

    func jobStarted() {
        status.withLock { status in
            guard !status.started else { return }
            status.started = true
            sink.emit(.streamStatus(stream: name, status: .started, reasons: [], emittedAt: currentEpochMillis()))
        }
    }

    func emit(records: [JSONObject]) {
        let emittedAt = currentEpochMillis()
        var messages = records.map { AirbyteMessage.record(stream: name, data: $0, emittedAt: emittedAt) }
        status.withLock { status in
            if !status.running {
                status.running = true
                messages.insert(
                    .streamStatus(stream: name, status: .running, reasons: [], emittedAt: emittedAt), at: 0)
            }
            sink.emit(messages)
        }
    }

    /// Records that a partition's data is complete up to `cursor` and emits the stream's state.
    func checkpoint(_ organization: Organization, cursor: Int64) {
        status.withLock { status in
            status.cursors?.advance(organization, to: cursor)
            emitState(&status)
        }
    }

    func cursor(for organization: Organization) -> Int64? {
        status.withLock { $0.cursors?.cursor(for: organization) }
    }

    func fail(_ error: LinkedInAPIError) {
        status.withLock { $0.failures.append(error) }
        sink.emit(.error(error.connectorError, emittedAt: currentEpochMillis()))
    }

    /// Marks one job done; after the last, emits the final STATE (if none yet) and COMPLETE or INCOMPLETE.
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

    private func emitState(_ status: inout Status) {
        status.stateEmitted = true
        sink.emit(.state(stream: name, state: status.cursors?.json ?? .object(JSONObject()), recordCount: 0))
    }

    private func finish(_ status: inout Status) {
        if !status.started {
            status.started = true
            sink.emit(.streamStatus(stream: name, status: .started, reasons: [], emittedAt: currentEpochMillis()))
        }
        if !status.stateEmitted { emitState(&status) }
        let final: StreamStatus = status.failures.isEmpty ? .complete : .incomplete
        let reasons: [JSON] = status.failures.compactMap { failure in
            failure.quotaReset.map { ["type": "RATE_LIMITED", "rate_limited": ["quota_reset": .int($0)]] }
        }
        sink.emit(
            .streamStatus(
                stream: name, status: final, reasons: Array(reasons.prefix(1)), emittedAt: currentEpochMillis()))
    }
}
