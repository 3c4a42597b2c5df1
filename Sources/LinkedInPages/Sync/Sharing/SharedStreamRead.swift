import AirbyteProtocol

extension SyncEngine {
    /// Every record of `stream` for one organization since a time (all when nil), for the streams that build on it:
    /// the stream's own job read (`readJob`, the same routing, batching, requests and transforms), with every
    /// partition reading one slice into `KeptRecords` instead of the stream's output. `ParentRecords` memoizes it.
    func readForSharing(
        _ stream: StreamDefinition, _ organization: Organization, since: Int64?, context: Context
    ) async throws -> [JSONObject] {
        let field = stream.cursor?.field ?? ""
        // Only a listing sorted newest first may stop at the cursor; a retained feed's order is not documented.
        var sorted = true
        if case .retained? = stream.cursor { sorted = false }
        let slice = Slice(
            since: since.map { Slice.Since(field: field, millis: $0, stopPagingOn: sorted ? field : nil) })
        let planner = PartitionPlanner.reading(
            slice,
            slicer: Slicer(
                cursor: nil, incremental: false, planner: TimeWindowPlanner(config: config, now: now), lookbackDays: 0))
        let kept = KeptRecords()
        let job = Job(
            reading: Job.Reading(stream: stream, planner: planner, destination: kept),
            partition: planner.plan(Partition(organizations: [organization])))
        try await readJob(job, context: context, reporter: FailureReporter(sink: sink, destination: kept))
        // A parent that could not be read fails the job that needs it, which reports it like any other failure.
        return try kept.records()
    }
}
