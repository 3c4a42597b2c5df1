import AirbyteProtocol

/// Requests made per record after the partition's own: nested listings (replies of comments) and enrichments.
extension PartitionReader {
    /// The nested listings (replies) of the records whose count the probe says moved since the last read (`known`;
    /// every record with nested ones when nil), their records shaped like the stream's, with the same parent.
    /// - Parameter probed: counts already asked for in this read (not asked again).
    /// - Returns: every record's count, or nil when a probe failed (those records are then all listed).
    func readNested(
        _ nested: NestedListing, of stream: StreamDefinition, keys: [String], known: NestedCounts?,
        probed: [String: Int64] = [:], partition: Partition, slice: Slice, emit: ([JSONObject]) -> Void
    ) async throws -> NestedCounts? {
        let asked = try await probeCounts(
            nested, of: stream, keys: keys.filter { probed[$0] == nil }, partition: partition)
        let counts = probed.merging(asked.counts) { first, _ in first }
        let unknown = Set(asked.unknown)
        // Without the counts, a record is asked for its nested ones.
        let moved = keys.filter { key in
            guard let count = counts[key] else { return unknown.contains(key) }
            return count > 0 && count != known?.counts[key]
        }
        try await list(moved, nested, of: stream, partition: partition, slice: slice, emit: emit)
        return unknown.isEmpty ? NestedCounts(counts.filter { keys.contains($0.key) }) : nil
    }

    /// What asking the threads known to have replies found.
    enum KnownThreads {
        /// They hold every nested record the parent counts: the moved ones were listed; every thread's count.
        case read(NestedCounts)
        /// They do not (a thread got its first reply, or a probe failed): the partition must be read whole; the
        /// counts asked so far.
        case incomplete([String: Int64])
    }

    /// When only nested records moved (the parent has as many direct ones as at the last read), the threads known to
    /// have nested records are asked first: when they hold every nested record the parent counts, only those whose
    /// count moved are listed and the partition's own listing is not read again.
    func readMovedThreadsOnly(
        _ nested: NestedListing, of stream: StreamDefinition, _ plan: NestedPlan, partition: Partition, slice: Slice,
        emit: ([JSONObject]) -> Void
    ) async throws -> KnownThreads {
        guard let known = plan.known, let total = plan.total else { return .incomplete([:]) }
        let asked = try await probeCounts(nested, of: stream, keys: known.keys, partition: partition)
        guard asked.unknown.isEmpty, asked.counts.values.reduce(0, +) == total else {
            return .incomplete(asked.counts)
        }
        let moved = known.keys.filter { (asked.counts[$0] ?? 0) > 0 && asked.counts[$0] != known.counts[$0] }
        try await list(moved, nested, of: stream, partition: partition, slice: slice, emit: emit)
        return .read(NestedCounts(asked.counts))
    }

    /// Each record's count of nested records, `probeBatchSize` records a request; the records of a batch that could
    /// not be asked (tolerated by the failure policy) are `unknown`.
    private func probeCounts(
        _ nested: NestedListing, of stream: StreamDefinition, keys: [String], partition: Partition
    ) async throws -> (counts: [String: Int64], unknown: [String]) {
        let context = stream.requestContext(partition.organizations.first)
        var counts: [String: Int64] = [:]
        var unknown: [String] = []
        for start in stride(from: 0, to: keys.count, by: max(1, nested.probeBatchSize)) {
            let batch = Array(keys[start..<min(start + nested.probeBatchSize, keys.count)])
            let probe = Partition(organizations: partition.organizations, parentKeys: batch, key: partition.key)
            let site = FailureSite.probe(partition, count: batch.count)
            guard
                let body = try await failures.tolerating(
                    site, stream: stream, fallback: JSON?.none,
                    {
                        try await client.get(
                            RequestBuilder.path(nested.probe, partition: probe),
                            query: RequestBuilder.query(
                                nested.probe, partition: probe, slice: nil, granularity: granularity),
                            context: context)
                    })
            else {
                unknown += batch
                continue
            }
            let results = BatchResults(body)
            for key in batch { counts[key] = results[key]?.value(at: nested.probeCount)?.int64Value ?? 0 }
        }
        return (counts, unknown)
    }

    /// The nested listing of each of `keys`.
    private func list(
        _ keys: [String], _ nested: NestedListing, of stream: StreamDefinition, partition: Partition, slice: Slice,
        emit: ([JSONObject]) -> Void
    ) async throws {
        let listing = stream.nestedListing(nested)
        for key in keys {
            let subject = Partition(
                organizations: partition.organizations, parents: partition.parents, parentKeys: [key],
                key: partition.key)
            _ = try await read(listing, partition: subject, slice: slice, emit: emit)
        }
    }

    /// Fills each enrichment field from its own request; a failure leaves the field null (see `FailurePolicy`).
    func enrich(_ records: inout [JSONObject], stream: StreamDefinition) async throws {
        for enrichment in stream.enrichments {
            for index in records.indices {
                guard let id = records[index][enrichment.organizationFrom]?.int64Value,
                    let organization = Organization(String(id))
                else { continue }
                let partition = Partition(organizations: [organization])
                let path = RequestBuilder.path(enrichment.request, partition: partition)
                let query = RequestBuilder.query(
                    enrichment.request, partition: partition, slice: nil, granularity: granularity)
                let site = FailureSite.enrichment(field: enrichment.field, organization: organization)
                records[index][enrichment.field] = try await failures.tolerating(site, stream: stream, fallback: .null)
                {
                    let body = try await fetchTryingVariants(
                        enrichment.request, path, query: query,
                        context: RequestContext(stream: stream.name, organization: organization), shareable: false)
                    return body[enrichment.value] ?? .null
                }
            }
        }
    }
}
