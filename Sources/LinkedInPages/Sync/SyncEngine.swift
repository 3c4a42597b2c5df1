import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The read loop: for each selected stream, for each partition its router yields (`Routing`), with the cursor made
/// for it from the start-of-sync state (`PartitionPlanner`), batched as the router declares (`Batching`), for each
/// slice: read (`PartitionReader`: requests, `TransformChain`, `ListingMerge`), emit (`SliceOutput`) and checkpoint
/// every member into the job's `ReadDestination`: the stream's output (`StreamProgress`), or, for a stream others
/// build on, the records kept for them (`readForSharing`, memoized per organization by `ParentRecords`). It knows no
/// particular stream: everything it does for one comes from the stream's `StreamDefinition`, and a declaration it
/// cannot read correctly is refused before any request (`CompositionRules`).
///
/// Jobs (one per stream and organization, batch or token) run concurrently up to `maxConcurrency`; a job's records
/// stay in order and its partitions and slices run one after another. What a failure costs is `FailurePolicy`'s
/// decision: one that concerns one organization (403, a bad response) ends that job only, an item gone (404 of a
/// child) skips that item, one that concerns the whole run (401, 426, a rate limit that did not clear) stops
/// scheduling new jobs.
struct SyncEngine: Sendable {
    let client: LinkedInClient
    let config: PagesConfig
    let sink: MessageSink
    /// The run's one clock: it stamps every message the read writes.
    let clock: EpochClock
    /// The moment the read plans from (time windows, retention, filters), read once from `clock` so a run plans
    /// with one date whatever its length.
    let now: Date
    let streams: [StreamDefinition]
    let checkpoints: CheckpointPolicy
    let progress: ProgressPolicy

    init(
        client: LinkedInClient, config: PagesConfig, sink: MessageSink, clock: EpochClock,
        streams: [StreamDefinition] = StreamRegistry.all, checkpoints: CheckpointPolicy = CheckpointPolicy(interval: 5),
        progress: ProgressPolicy = ProgressPolicy(interval: 30)
    ) {
        self.client = client
        self.config = config
        self.sink = sink
        self.clock = clock
        self.now = clock.now
        self.streams = streams
        self.checkpoints = checkpoints
        self.progress = progress
    }

    /// One stream's work for one base partition (an organization, a batch, the token), with its cursor and where
    /// its records go. A stream's own job and the read of its records for the streams that build on it are both
    /// jobs, read by the same code (`readJob`); only their planner and destination differ. (Internal, not private,
    /// for the extensions in ThreadBatch.swift and SharedStreamRead.swift.)
    struct Job: Sendable {
        /// What every job of one stream shares, held once: a read of 1,000 pages plans thousands of jobs, and a
        /// `StreamDefinition` copied into each would take megabytes.
        final class Reading: Sendable {
            let stream: StreamDefinition
            let planner: PartitionPlanner
            /// Where the records, checkpoints and failures go.
            let destination: any ReadDestination
            /// The stream's records come whole per organization from `Context.shared` (a stream others build on,
            /// emitted), not from its own requests.
            let fromShared: Bool

            init(
                stream: StreamDefinition, planner: PartitionPlanner, destination: any ReadDestination,
                fromShared: Bool = false
            ) {
                self.stream = stream
                self.planner = planner
                self.destination = destination
                self.fromShared = fromShared
            }
        }

        let reading: Reading
        let partition: PlannedPartition

        var stream: StreamDefinition { reading.stream }
        var planner: PartitionPlanner { reading.planner }
        var destination: any ReadDestination { reading.destination }
        var fromShared: Bool { reading.fromShared }
    }

    /// What every job of a read shares. (Internal for ThreadBatch.swift, as `Job`.)
    struct Context: Sendable {
        let routing: Routing
        let reader: PartitionReader
        let shared: ParentRecords
    }

    /// Reads the catalog's streams. Returns the errors of the streams that did not complete (already reported).
    /// Logs progress while it reads and a summary when it ends, also when it ends with an error.
    func read(catalog: ConfiguredCatalog, state: InputState) async throws -> [ConnectorError] {
        let reporter = ProgressReporter(statistics: client.statistics, sink: sink, policy: progress)
        do {
            let failures = try await read(catalog: catalog, state: state, reporter: reporter)
            reporter.finish(stoppedBy: nil)
            return failures
        } catch {
            reporter.finish(stoppedBy: error)
            throw error
        }
    }

    private func read(catalog: ConfiguredCatalog, state: InputState, reporter: ProgressReporter) async throws
        -> [ConnectorError]
    {
        let selected = try select(catalog)
        guard !selected.isEmpty else { return [] }
        let involved = selected.map(\.stream) + dependenciesOnly(of: selected.map(\.stream))
        try CompositionRules.check(involved, shared: Set(involved.flatMap(dependencies)), among: streams)
        let memberData =
            selected.contains { $0.stream.handlesMemberData } ? try config.resolvedMemberDataPolicy(sink: sink) : .keep
        let pages = try await OrganizationResolver(client: client, sink: sink).resolve(
            config, showcasesInState: Self.showcases(in: state))
        let organizations = pages.organizations
        let comparing = selected.first {
            if case .comparedOrganizations = $0.stream.router { return true } else { return false }
        }
        var compared: [Organization] = []
        if let comparing, pages.stop == nil {
            compared = try await ComparedOrganizationResolver(client: client, sink: sink, stream: comparing.stream.name)
                .resolve(config.comparedOrganizations)
        }
        let routing = Routing(
            organizations: organizations, compared: compared, postURNs: config.postURNs, streams: streams,
            now: UTCCalendar.millis(now))
        // A stream that holds facet rows across its partitions releases the last of them after its last partition:
        // it must know how many it reads (pages it is not served for are not read).
        var partitionsPerStream: [String: Int] = [:]
        for (stream, _) in selected {
            partitionsPerStream[stream.name] = routing.base(stream.router).filter { isServed(stream, $0) }.count
        }
        let reader = PartitionReader(
            client: client, granularity: config.granularity.rawValue,
            snapshotDate: UTCCalendar.dayString(UTCCalendar.millis(now)), memberData: memberData,
            snapshots: SnapshotCache(streams: selected.map(\.stream) + dependenciesOnly(of: selected.map(\.stream))),
            sink: sink,
            facetNames: FacetNameCache(
                client: client, locale: config.locale, sink: sink, partitionsPerStream: partitionsPerStream))
        let sharedNames = Set(selected.flatMap { dependencies(of: $0.stream) })
        let (jobs, progresses) = try plan(
            selected, state: state, organizations: organizations, routing: routing, shared: sharedNames)
        // The run stopped before any job, and no stream has one to report it with.
        if let stop = pages.stop, jobs.isEmpty { throw stop }
        let shared = ParentRecords(
            consumers: consumers(
                of: sharedNames, selected: selected.map(\.stream),
                feedReaders: Set(selected.filter(\.incremental).map(\.stream.name))),
            load: { [self] in
                try await readForSharing(
                    $1, $2, since: $3, context: Context(routing: routing, reader: reader, shared: $0))
            })
        let context = Context(routing: routing, reader: reader, shared: shared)
        reporter.start(progresses)
        await runAll(jobs, context: context, stoppedBy: pages.stop)
        return progresses.flatMap(\.failures).map(\.connectorError)
    }

    /// The ids of showcase pages the incoming state keys partitions by (`org_id` `urn:li:organizationBrand:<id>`).
    private static func showcases(in state: InputState) -> Set<String> {
        var ids = Set<String>()
        for stream in state.streams.values {
            for entry in stream["states"]?.arrayValue ?? [] {
                if let page = entry["partition"].flatMap(PartitionKey.init(json:))?.organization, page.kind == .showcase
                {
                    ids.insert(page.id)
                }
            }
        }
        return ids
    }

    /// One job per stream and base partition, in catalog order, with each stream's bookkeeping and saved cursors;
    /// the jobs of `shared` streams take their records from the shared reads.
    private func plan(
        _ selected: [(stream: StreamDefinition, incremental: Bool)], state: InputState, organizations: [Organization],
        routing: Routing, shared: Set<String>
    ) throws -> (jobs: [(Job, StreamProgress)], progresses: [StreamProgress]) {
        let windows = TimeWindowPlanner(config: config, now: now)
        let clock: @Sendable () -> Int64 = { [clock] in clock.millis }
        var jobs: [(Job, StreamProgress)] = []
        var progresses: [StreamProgress] = []
        for (stream, incremental) in selected {
            let cursors = try stream.cursor.map {
                try PartitionCursors(
                    stream: stream.name, cursorField: $0.field, state: state.state(for: stream.name),
                    organizations: organizations, legacyOwner: config.primaryOrganization)
            }
            let slicer = Slicer(
                cursor: stream.cursor, incremental: incremental, planner: windows, lookbackDays: config.lookbackDays)
            let planner = PartitionPlanner(slicer: slicer, saved: cursors)
            var partitions = served(stream, routing.base(stream.router)).map { planner.plan($0) }
            if stream.parent == nil { partitions = stream.router.batching.batches(partitions) }
            let progress = StreamProgress(
                name: stream.name, jobs: partitions.count, cursors: cursors, sink: sink, policy: checkpoints,
                clock: clock, uniqueKey: stream.parent?.uniqueAcrossOrganizations == true ? stream.primaryKeyText : nil)
            progress.planned(partitions: stream.parent == nil ? partitions.count : 0)
            progresses.append(progress)
            if partitions.isEmpty { progress.finishWithoutJobs() }  // e.g. nothing to compare
            let reading = Job.Reading(
                stream: stream, planner: planner, destination: progress, fromShared: shared.contains(stream.name))
            jobs += partitions.map { (Job(reading: reading, partition: $0), progress) }
        }
        return (jobs, progresses)
    }

    /// - Parameter stoppedBy: an error that ended the run before its first job: reported once, as the first job's,
    ///   and every job is abandoned because of it.
    private func runAll(_ jobs: [(Job, StreamProgress)], context: Context, stoppedBy: LinkedInAPIError? = nil) async {
        let stop = Locked<LinkedInAPIError?>(stoppedBy)
        if let stoppedBy { jobs.first?.1.fail(stoppedBy) }
        await withTaskGroup(of: Void.self) { group in
            var queue = jobs.makeIterator()
            func schedule() {
                while let (job, progress) = queue.next() {
                    guard let reason = stop.current else {
                        group.addTask { await self.run(job, progress: progress, context: context, stop: stop) }
                        return
                    }
                    progress.abandon(jobs: 1, because: reason)
                }
            }
            for _ in 0..<max(1, config.maxConcurrency) { schedule() }
            while await group.next() != nil { schedule() }
        }
    }

    // MARK: Selection and partitions

    /// The catalog's streams as registry entries, each with whether it reads incrementally.
    private func select(_ catalog: ConfiguredCatalog) throws -> [(stream: StreamDefinition, incremental: Bool)] {
        try catalog.streams.map { entry in
            guard let stream = definition(entry.name) else {
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

    private func definition(_ name: String) -> StreamDefinition? {
        streams.first { $0.name == name }
    }

    /// The streams whose records `stream` builds on, directly or through them (parents and change signals).
    private func dependencies(of stream: StreamDefinition) -> [String] {
        var names: [String] = []
        names += stream.parent?.streams ?? []
        if case .changeDetection(let signal) = stream.cursor { names.append(signal.stream) }
        if let feed = stream.changeFeed { names.append(feed.stream) }  // CHANGE FEED HOOK 1/4: read through `shared`
        return names + names.compactMap(definition).flatMap(dependencies)
    }

    /// The streams read only because selected ones build on them (a lifetime answer they share is asked by them too).
    private func dependenciesOnly(of selected: [StreamDefinition]) -> [StreamDefinition] {
        let names = Set(selected.map(\.name))
        return Set(selected.flatMap(dependencies)).subtracting(names).sorted().compactMap(definition)
    }

    /// How many times each shared stream's records are asked for per organization in a read, so `ParentRecords` can
    /// let them go after the last ask: once by the stream's own job, once by each child stream's job (or load), once
    /// by each stream that takes its change signal from it.
    private func consumers(of shared: Set<String>, selected: [StreamDefinition], feedReaders: Set<String>)
        -> [String: Int]
    {
        var counts: [String: Int] = [:]
        for stream in selected {
            if shared.contains(stream.name) { counts[stream.name, default: 0] += 1 }
            if case .changeDetection(let signal) = stream.cursor { counts[signal.stream, default: 0] += 1 }
            // CHANGE FEED HOOK 2/4: a stream asks for its feed once per organization, in incremental syncs.
            if let feed = stream.changeFeed, feedReaders.contains(stream.name) { counts[feed.stream, default: 0] += 1 }
        }
        let childReaders = selected.filter { !shared.contains($0.name) } + shared.compactMap(definition)
        for stream in childReaders {
            for parent in stream.parent?.streams ?? [] { counts[parent, default: 0] += 1 }
        }
        return counts
    }

    /// The partitions of pages LinkedIn serves the stream for; each page left out is said once, in a LOG line.
    private func served(_ stream: StreamDefinition, _ partitions: [Partition]) -> [Partition] {
        partitions.filter { partition in
            guard let why = notServed(stream, partition)
            else { return true }
            for page in partition.organizations {
                sink.log(.info, "Stream '\(stream.name)': skipped for \(page.label), because \(why).")
            }
            return false
        }
    }

    /// Why LinkedIn does not serve `stream` for the partition's kind of page, or nil when it does.
    private func notServed(_ stream: StreamDefinition, _ partition: Partition) -> String? {
        guard let kind = partition.organizations.first?.kind else { return nil }
        return RequestBuilder.notServed(stream, for: kind, streams: definition)
    }

    private func isServed(_ stream: StreamDefinition, _ partition: Partition) -> Bool {
        notServed(stream, partition) == nil
    }

    // MARK: Reading

    /// A stream's own job: `readJob` between the stream's start and end bookkeeping, its failure reported.
    private func run(_ job: Job, progress: StreamProgress, context: Context, stop: Locked<LinkedInAPIError?>) async {
        let reporter = FailureReporter(sink: sink, destination: progress, stop: stop)
        progress.jobStarted()
        do {
            try await readJob(job, context: context, reporter: reporter)
        } catch {
            reporter.report(
                FailurePolicy.decide(error, stream: job.stream, at: .job),
                organizations: job.partition.partition.organizations)
        }
        progress.jobFinished()
    }

    /// The one read of a job: its partitions (a child's, one per parent record, planned and batched), each read
    /// slice by slice into the job's destination. A partition's failure is the policy's to tolerate; any other
    /// failure is thrown.
    func readJob(_ job: Job, context: Context, reporter: FailureReporter) async throws {
        var partitions = [job.partition]
        var deletions = FeedDeletions()
        if let parent = job.stream.parent {
            // A shared stream's records come whole per organization from `shared`, not partition by partition.
            if !job.fromShared {
                let signals = try await changeSignals(job, context: context)
                let changes = try await changeFeed(job, context: context)  // CHANGE FEED HOOK 3/4
                let units = try await context.routing.children(
                    parent, of: job.partition.partition, shared: context.shared)
                partitions = job.stream.router.batching.batches(
                    units.map {
                        job.planner.plan(
                            $0, signal: signals?[$0.parentKeys[0]], changes: changes, stream: job.stream,
                            deletions: &deletions)
                    })
            }
            job.destination.planned(partitions: partitions.count)
        }
        // Reply threads of several posts wait to have their counts asked together.
        var threads = ThreadBatch(size: job.stream.nested?.probeBatchSize ?? 1)
        for partition in partitions {
            try await reporter.tolerating(.partition(partition.partition), stream: job.stream, fallback: ()) {
                try await read(job, partition, deletions: deletions, context: context, threads: &threads)
            }
            job.destination.partitionDone()
            if let failure = job.destination.stoppingFailure { throw failure }
            if threads.isFull {
                try await settleWaitingThreads(&threads, all: false, job, context: context, reporter: reporter)
            }
        }
        try await settleWaitingThreads(&threads, all: true, job, context: context, reporter: reporter)
    }

    /// For change detection: each parent's current signal, by parent key (nil when the stream has none).
    private func changeSignals(_ job: Job, context: Context) async throws -> [String: ParentSignal]? {
        guard case .changeDetection(let signal) = job.stream.cursor,
            let organization = job.partition.partition.organization,
            let definition = definition(signal.stream)
        else { return nil }
        let site = FailureSite.signal(stream: signal.stream, organization: organization)
        let reporter = FailureReporter(sink: sink)
        guard
            let records = try await reporter.tolerating(
                site, stream: job.stream, fallback: nil,
                {
                    try await context.shared.records(of: definition, organization: organization, since: nil)
                })
        else { return nil }
        var values: [String: ParentSignal] = [:]
        for record in records {
            guard let key = record[signal.parentField]?.stringValue else { continue }
            values[key] = signal.parent(in: record)
        }
        return values
    }

    /// For a stream that declares a `ChangeFeed`, what its feed says about the organization's parents (nil in full
    /// refresh, or when the feed cannot be read: then the counts alone decide, with a WARN).
    private func changeFeed(_ job: Job, context: Context) async throws -> ChangeFeed.Changes? {
        guard let feed = job.stream.changeFeed, job.planner.slicer.incremental,
            let organization = job.partition.partition.organization,
            let definition = definition(feed.stream)
        else { return nil }
        let records: [JSONObject]
        do {
            records = try await context.shared.records(of: definition, organization: organization, since: nil)
        } catch let error as LinkedInAPIError where error.scope == .organization {
            let message = error.connectorError.message
            sink.log(
                .warn,
                "Stream '\(job.stream.name)', organization \(organization.id): the change feed '\(feed.stream)' is "
                    + "unavailable (\(message)); edits, and deletions the counts do not show, are not detected in this sync."
            )
            return nil
        }
        var changes = feed.changes(in: records)
        if case .retained(let window)? = definition.cursor {
            changes.reach = UTCCalendar.millis(now) - Int64(window.retentionDays) * UTCCalendar.dayMillis
        }
        if changes.unmatched > 0 {
            sink.log(
                .info,
                "Stream '\(job.stream.name)', organization \(organization.id): \(changes.unmatched) change(s) in "
                    + "'\(feed.stream)' name their post by an activity URN only; those posts are read again only "
                    + "when their counts move.")
        }
        return changes
    }

    /// One partition: its slices in order, each followed by a checkpoint of every member. A partition of one slice
    /// whose reply threads wait for their counts is left in `threads`, checkpointed when they are settled.
    private func read(
        _ job: Job, _ planned: PlannedPartition, deletions: FeedDeletions, context: Context,
        threads: inout ThreadBatch
    ) async throws {
        let partition = planned.partition
        for note in planned.notes { sink.log(.info, "Stream '\(job.stream.name)', \(partition.label): \(note).") }
        for warning in planned.cursors.first?.warnings ?? [] {
            sink.log(.warn, "Stream '\(job.stream.name)', \(partition.label): \(warning).")
        }
        // CHANGE FEED HOOK 4/4: deletions the change feed found for this partition's parents, emitted after its
        // first slice unless the listing still holds the child.
        var pending = deletions.records(for: partition.members)
        for slice in planned.slices {
            var output = SliceOutput(
                stream: job.stream, destination: job.destination, deletions: pending, runStart: UTCCalendar.millis(now))
            pending = []
            if job.fromShared, let organization = partition.organization {
                output.emit(
                    try await context.shared.records(
                        of: job.stream, organization: organization, since: slice.since?.millis))
            } else {
                let outcome = try await context.reader.read(
                    job.stream, partition: partition, slice: slice,
                    counting: planned.slices.count == 1 ? .deferred : .inline()
                ) { output.emit($0) }
                let reporter = FailureReporter(sink: sink, destination: job.destination)
                for (organization, decision) in outcome.failures {
                    reporter.report(decision, organizations: [organization])
                }
                try await settleMissingChildren(
                    output.listed(outcome.children, slice: slice, partition: partition), of: job.stream,
                    partition: partition, output: &output, reader: context.reader)
                if let work = outcome.threads {
                    threads.wait(ThreadBatch.Waiting(planned: planned, slice: slice, output: output, work: work))
                    return
                }
                output.nested = outcome.nested
            }
            job.destination.checkpoint(planned.entries(after: slice, read: output.finish()))
        }
    }
}
