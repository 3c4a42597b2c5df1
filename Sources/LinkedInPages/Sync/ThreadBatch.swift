import AirbyteProtocol

/// Partitions (posts) read up to their reply threads, waiting to have the threads' counts asked together: a
/// `socialMetadata` request holds `size` comments from any of the posts, where a request per post would often hold
/// two. Only full requests are sent until the job's last partition; a partition is settled (its moved threads listed)
/// and checkpointed once all its threads are counted, so an interrupted sync reads it again.
struct ThreadBatch: Sendable {
    struct Waiting: Sendable {
        let planned: PlannedPartition
        let slice: Slice
        var output: SliceOutput
        let work: PartitionReader.ThreadWork
    }

    let size: Int
    private var waiting: [Waiting] = []
    /// Threads not yet asked, in the order they came.
    private var unasked: [String] = []
    private(set) var counts: [String: Int64] = [:]
    /// Threads whose probe failed (tolerated): listed whatever their count.
    private(set) var unknown = Set<String>()

    init(size: Int) { self.size = max(1, size) }

    mutating func wait(_ item: Waiting) {
        waiting.append(item)
        for key in item.work.keys where counts[key] == nil && !unknown.contains(key) { unasked.append(key) }
    }

    /// Enough threads wait to fill a request.
    var isFull: Bool { unasked.count >= size }

    /// The threads to ask now: whole requests only, unless `all`.
    mutating func takeUnasked(all: Bool) -> [String] {
        var seen = Set<String>()
        unasked = unasked.filter { seen.insert($0).inserted }
        let count = all ? unasked.count : unasked.count / size * size
        defer { unasked.removeFirst(count) }
        return Array(unasked.prefix(count))
    }

    mutating func record(_ asked: (counts: [String: Int64], unknown: [String])) {
        counts.merge(asked.counts) { _, new in new }
        unknown.formUnion(asked.unknown)
    }

    /// The waiting partitions whose threads are all counted (or failed), removed from the wait.
    mutating func takeReady() -> [Waiting] {
        var ready: [Waiting] = []
        var still: [Waiting] = []
        for item in waiting {
            if item.work.keys.allSatisfy({ counts[$0] != nil || unknown.contains($0) }) {
                ready.append(item)
            } else {
                still.append(item)
            }
        }
        waiting = still
        return ready
    }

    /// Forgets the counts of settled partitions' threads.
    mutating func forget(_ keys: [String]) {
        for key in keys {
            counts[key] = nil
            unknown.remove(key)
        }
    }
}

extension SyncEngine {
    /// Asks the counts of waiting threads (`size` a request, across partitions; whole requests only unless `all`),
    /// then per partition whose threads are all counted lists the threads whose count moved and checkpoints it. A
    /// partition whose known threads do not hold every reply is read whole. A failure of one partition is that
    /// partition's, as in the read loop.
    func settleWaitingThreads(
        _ batch: inout ThreadBatch, all: Bool, _ job: Job, context: Context, reporter: FailureReporter
    ) async throws {
        guard let nested = job.stream.nested else { return }
        let keys = batch.takeUnasked(all: all)
        if !keys.isEmpty {
            let base = Partition(organizations: job.partition.partition.organizations)
            batch.record(try await context.reader.probeCounts(nested, of: job.stream, keys: keys, partition: base))
        }
        let (asked, unknown) = (batch.counts, batch.unknown)
        for var item in batch.takeReady() {
            batch.forget(item.work.keys)
            let partition = item.planned.partition
            try await reporter.tolerating(.partition(partition), stream: job.stream, fallback: ()) {
                let settled = try await context.reader.listMovedThreads(
                    item.work, counts: asked, unknown: unknown, of: job.stream, partition: partition,
                    slice: item.slice
                ) { item.output.emit($0) }
                switch settled {
                case .done(let threads): item.output.nested = threads
                case .readWhole(let known):
                    var slice = item.slice
                    slice.nested?.directUnchanged = false
                    let outcome = try await context.reader.read(
                        job.stream, partition: partition, slice: slice, counting: .inline(counts: known)
                    ) { item.output.emit($0) }
                    for (organization, decision) in outcome.failures {
                        FailureReporter(sink: sink, destination: job.destination).report(
                            decision, organizations: [organization])
                    }
                    try await settleMissingChildren(
                        item.output.listed(outcome.children, slice: slice, partition: partition), of: job.stream,
                        partition: partition, output: &item.output, reader: context.reader)
                    item.output.nested = outcome.nested
                }
                job.destination.checkpoint(item.planned.entries(after: item.slice, read: item.output.finish()))
            }
        }
    }
}
