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
        let selected = try select(catalog)
        guard !selected.isEmpty else { return [] }
        let memberData = selected.contains { $0.stream.handlesMemberData } ? try config.memberDataPolicy() : .keep
        let (jobs, progresses) = try await plan(selected, state: state)
        let reader = PartitionReader(
            client: client, granularity: config.granularity.rawValue,
            snapshotDate: UTCCalendar.dayString(UTCCalendar.millis(now)), memberData: memberData,
            snapshots: SnapshotCache(), sink: sink)
        let context = JobContext(
            reader: reader, posts: PostsDirectory(reader: reader, definition: StreamRegistry.posts))
        let stop = Locked<LinkedInAPIError?>(nil)
        await withTaskGroup(of: Void.self) { group in
            var queue = jobs.makeIterator()
            func schedule() {
                guard let job = queue.next() else { return }
                if let reason = stop.current {
                    job.progress.abandon(jobs: 1, because: reason)
                    return schedule()
                }
                group.addTask { await self.run(job, context: context, stop: stop) }
            }
            for _ in 0..<max(1, config.maxConcurrency) { schedule() }
            while await group.next() != nil { schedule() }
        }
        return progresses.flatMap(\.failures).map(\.connectorError)
    }

    /// The catalog's streams as registry entries, each with whether it reads incrementally.
    private func select(_ catalog: ConfiguredCatalog) throws -> [(stream: StreamDefinition, incremental: Bool)] {
        try catalog.streams.map { entry in
            guard let stream = StreamRegistry.named(entry.name) else {
                throw ConnectorError.config(
                    "The catalog selects stream '\(entry.name)', which this connector does not have. Refresh the "
                        + "source schema (discover) and select streams again.")
            }
            if entry.syncMode == .incremental && !stream.isIncremental {
                // PyAirbyte asks every stream for incremental; a snapshot without a cursor can only be read whole.
                sink.log(
                    .info, "Stream '\(stream.name)' is a snapshot without a cursor; reading it in full_refresh mode.")
            }
            return (stream, entry.syncMode == .incremental && stream.isIncremental)
        }
    }

    /// One job per stream and partition, in catalog order, with each stream's bookkeeping and saved cursors.
    private func plan(_ selected: [(stream: StreamDefinition, incremental: Bool)], state: InputState) async throws
        -> (jobs: [Job], progresses: [StreamProgress])
    {
        let organizations = try await OrganizationResolver(client: client, sink: sink).resolve(config)
        let comparing = selected.contains {
            if case .comparedOrganizationBatches = $0.stream.partitioning { return true } else { return false }
        }
        let compared =
            comparing
            ? try await ComparedOrganizationResolver(client: client, sink: sink).resolve(config.comparedOrganizations)
            : []
        var jobs: [Job] = []
        var progresses: [StreamProgress] = []
        for (stream, incremental) in selected {
            let partitions = Partition.partitions(
                for: stream.partitioning, organizations: organizations, compared: compared)
            let cursors = try stream.cursor.map {
                try PartitionCursors(
                    stream: stream.name, cursorField: $0.field, state: state.state(for: stream.name),
                    organizations: organizations, legacyOwner: config.primaryOrganization)
            }
            let progress = StreamProgress(name: stream.name, jobs: partitions.count, cursors: cursors, sink: sink)
            progresses.append(progress)
            if partitions.isEmpty { progress.finishWithoutJobs() }  // e.g. company_search with nothing to compare
            jobs += partitions.map { Job(stream: stream, incremental: incremental, partition: $0, progress: progress) }
        }
        return (jobs, progresses)
    }

    /// What every job of a read shares.
    private struct JobContext: Sendable {
        let reader: PartitionReader
        let posts: PostsDirectory
    }

    private func run(_ job: Job, context: JobContext, stop: Locked<LinkedInAPIError?>) async {
        job.progress.jobStarted()
        do {
            try await read(job, context: context)
        } catch let error as LinkedInAPIError {
            job.progress.fail(error)
            if error.scope == .run { stop.withLock { $0 = $0 ?? error } }
        } catch let error as ConnectorError {
            let failure = LinkedInAPIError(connectorError: error, scope: .run, status: nil)
            job.progress.fail(failure)
            stop.withLock { $0 = $0 ?? failure }
        } catch {
            let failure = LinkedInAPIError(
                connectorError: .system(
                    "Reading stream '\(job.stream.name)' failed unexpectedly; please report this with the log.",
                    internal: "\(error)"),
                scope: .organization, status: nil)
            job.progress.fail(failure)
        }
        job.progress.jobFinished()
    }

    private func read(_ job: Job, context: JobContext) async throws {
        let organization = job.partition.organization
        switch (job.stream.partitioning, job.stream.cursor) {
        case (.postsOfOrganization(let batchSize), let cursor):
            guard let organization else { return }
            try await readPostChildren(job, organization, batchSize: batchSize, cursor: cursor, context: context)
        case (_, .timeWindow?):
            guard let organization else { return }
            try await readTimeWindows(job, organization, reader: context.reader)
        case (_, .modifiedSince?):
            guard let organization else { return }
            let posts = try await context.posts.posts(of: organization, since: resumePoint(job, organization))
            for page in stride(from: 0, to: posts.count, by: 500) {
                job.progress.emit(records: Array(posts[page..<min(page + 500, posts.count)]))
            }
            if let newest = posts.map(PostsDirectory.modified).max() {
                job.progress.checkpoint(organization, cursor: newest)
            }
        default:
            let outcome = try await context.reader.read(job.stream, partition: job.partition, slice: nil) {
                job.progress.emit(records: $0)
            }
            for (_, failure) in outcome.failures { job.progress.fail(failure) }
        }
    }

    /// For incremental reads: the saved cursor minus the lookback; nil (read everything) otherwise.
    private func resumePoint(_ job: Job, _ organization: Organization) -> Int64? {
        guard job.incremental, let cursor = job.progress.cursor(for: organization) else { return nil }
        return cursor - Int64(config.lookbackDays) * UTCCalendar.dayMillis
    }

    private func readTimeWindows(_ job: Job, _ organization: Organization, reader: PartitionReader) async throws {
        let planner = TimeWindowPlanner(config: config, now: now)
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

    /// Children of posts: one request (paged) per batch of the organization's posts. With a cursor, only posts
    /// modified since it are visited, oldest change first, and the cursor follows them (a checkpoint every
    /// `checkpointEvery` posts), so an interrupted sync resumes after the last post it finished.
    private func readPostChildren(
        _ job: Job, _ organization: Organization, batchSize: Int, cursor: StreamCursor?, context: JobContext
    ) async throws {
        let since = cursor == nil ? nil : resumePoint(job, organization)
        let posts = Array(try await context.posts.posts(of: organization, since: since).reversed())
        var sinceCheckpoint = 0
        for start in stride(from: 0, to: posts.count, by: max(1, batchSize)) {
            let batch = posts[start..<min(start + batchSize, posts.count)]
            let partition = Partition(
                organizations: [organization], posts: batch.compactMap { $0["id"]?.stringValue },
                postModifiedAt: batch.count == 1 ? batch.first.map(PostsDirectory.modified) : nil)
            _ = try await context.reader.read(job.stream, partition: partition, slice: nil) {
                job.progress.emit(records: $0)
            }
            sinceCheckpoint += batch.count
            let finished = start + batch.count == posts.count
            if cursor != nil, sinceCheckpoint >= Self.checkpointEvery || finished, let last = batch.last {
                job.progress.checkpoint(organization, cursor: PostsDirectory.modified(last))
                sinceCheckpoint = 0
            }
        }
    }

    /// Posts visited between two checkpoints of a stream that follows posts.
    static let checkpointEvery = 25
}
