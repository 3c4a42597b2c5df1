import AirbyteProtocol
import Foundation

/// The read loop: for each selected stream, its partitions, their slices, requests through the shared client,
/// records to the sink and a STATE after each completed slice.
///
/// Jobs (one per stream and partition) run concurrently up to `maxConcurrency`; a job's records stay in order and
/// its slices run one after another. A failure that concerns one organization (403, 404, a bad response) ends that
/// job only; one that concerns the whole run (401, 426, a rate limit that did not clear) stops scheduling new jobs.
public struct SyncEngine: Sendable {
    let client: LinkedInClient
    let config: PagesConfig
    let sink: MessageSink
    let now: Date

    public init(client: LinkedInClient, config: PagesConfig, sink: MessageSink, now: Date) {
        self.client = client
        self.config = config
        self.sink = sink
        self.now = now
    }

    private struct Job: Sendable {
        let stream: StreamDefinition
        let incremental: Bool
        let partition: Partition
        let progress: StreamProgress
    }

    /// Reads the catalog's streams. Returns the errors of the streams that did not complete (already reported).
    public func read(catalog: ConfiguredCatalog, state: InputState) async throws -> [ConnectorError] {
        let selected = try catalog.streams.map { entry -> (StreamDefinition, Bool) in
            guard let stream = StreamRegistry.named(entry.name) else {
                throw ConnectorError.config(
                    "The catalog selects stream '\(entry.name)', which this connector does not have. Refresh the "
                        + "source schema (discover) and select streams again.")
            }
            if entry.syncMode == .incremental && !stream.isIncremental {
                sink.log(.info, "Stream '\(stream.name)' is a snapshot without a cursor; reading it in full_refresh mode.")
            }
            return (stream, entry.syncMode == .incremental && stream.isIncremental)
        }
        guard !selected.isEmpty else { return [] }
        let organizations = try await OrganizationResolver(client: client, sink: sink).resolve(config)
        var jobs: [Job] = []
        var progresses: [StreamProgress] = []
        for (stream, incremental) in selected {
            let partitions = Partition.partitions(for: stream.partitioning, organizations: organizations)
            let cursors = try stream.timeWindow.map {
                try PartitionCursors(
                    stream: stream.name, cursorField: $0.cursorField, state: state.state(for: stream.name),
                    organizations: organizations, legacyOwner: config.primaryOrganization)
            }
            let progress = StreamProgress(name: stream.name, jobs: partitions.count, cursors: cursors, sink: sink)
            progresses.append(progress)
            jobs += partitions.map { Job(stream: stream, incremental: incremental, partition: $0, progress: progress) }
        }
        let stop = Locked<LinkedInAPIError?>(nil)
        await withTaskGroup(of: Void.self) { group in
            var queue = jobs.makeIterator()
            func schedule() {
                guard let job = queue.next() else { return }
                if let reason = stop.current {
                    job.progress.abandon(jobs: 1, because: reason)
                    return schedule()
                }
                group.addTask { await self.run(job, stop: stop) }
            }
            for _ in 0..<max(1, config.maxConcurrency) { schedule() }
            while await group.next() != nil { schedule() }
        }
        return progresses.flatMap(\.failures).map(\.connectorError)
    }

    private func run(_ job: Job, stop: Locked<LinkedInAPIError?>) async {
        job.progress.jobStarted()
        do {
            try await read(job)
        } catch let error as LinkedInAPIError {
            job.progress.fail(error)
            if error.scope == .run { stop.withLock { $0 = $0 ?? error } }
        } catch let error as ConnectorError {
            let failure = LinkedInAPIError(connectorError: error, scope: .run, status: nil)
            job.progress.fail(failure)
            stop.withLock { $0 = $0 ?? failure }
        } catch {
            let failure = LinkedInAPIError(
                connectorError: .system("Reading stream '\(job.stream.name)' failed unexpectedly.", internal: "\(error)"),
                scope: .organization, status: nil)
            job.progress.fail(failure)
        }
        job.progress.jobFinished()
    }

    private func read(_ job: Job) async throws {
        let reader = PartitionReader(
            client: client, granularity: config.granularity.rawValue,
            snapshotDate: UTCCalendar.dayString(UTCCalendar.millis(now)))
        guard job.stream.timeWindow != nil, let organization = job.partition.organization else {
            let outcome = try await reader.read(job.stream, partition: job.partition, slice: nil) {
                job.progress.emit(records: $0)
            }
            for (_, failure) in outcome.failures { job.progress.fail(failure) }
            return
        }
        let planner = TimeWindowPlanner(
            granularity: config.granularity == .month ? .month : .day, startDate: config.startDate,
            lookbackDays: config.lookbackDays, now: now)
        let plan = planner.plan(cursor: job.incremental ? job.progress.cursor(for: organization) : nil)
        for note in plan.notes {
            sink.log(.info, "Stream '\(job.stream.name)', organization \(organization.id): \(note).")
        }
        for slice in plan.slices {
            _ = try await reader.read(job.stream, partition: job.partition, slice: slice) {
                job.progress.emit(records: $0)
            }
            job.progress.checkpoint(organization, cursor: slice.end)
        }
    }
}
