import AirbyteProtocol

/// Requests made per record after the partition's own: nested listings (replies of comments) and enrichments.
extension PartitionReader {
    /// Whether a read asks its partition's nested counts (reply counts per comment) itself, or leaves them to its
    /// caller, who asks for several partitions' together (`probeBatchSize` comments a request across posts).
    enum ThreadCounting: Sendable {
        /// Ask now; `counts`: what this read already has (not asked again).
        case inline(counts: [String: Int64] = [:])
        /// Return the work in `Outcome.threads`, for `listMovedThreads` once the counts are asked.
        case deferred
    }

    /// The nested listings a read left for its caller (`ThreadCounting.deferred`): whose counts to ask, and how to settle.
    struct ThreadWork: Sendable {
        enum Mode: Sendable {
            /// The partition's own listing was read: `keys` are its records.
            case listed
            /// Only nested records moved (as many direct ones as at the last read): `keys` are the threads known to
            /// have any; when they do not hold the parent's `total`, the partition must be read whole.
            case knownOnly(total: Int64)
        }

        var keys: [String]
        var mode: Mode
        /// Each thread's count at the last read (nil: every thread with records is listed).
        var known: NestedCounts?
        /// The partition's direct records now, kept with the counts (see `NestedCounts.direct`).
        var direct: Int64?
    }

    /// What listing a partition's moved threads came to.
    enum ThreadsSettled: Sendable {
        /// The moved threads were listed; every thread's count (nil when a probe failed).
        case done(NestedCounts?)
        /// The known threads do not hold every nested record: read the partition whole, with these counts.
        case readWhole(counts: [String: Int64])
    }

    /// Lists the threads of `work` whose count moved since the last read (every one with records when the last read
    /// is unknown, and every one whose count is `unknown`), given the counts asked for its keys.
    func listMovedThreads(
        _ work: ThreadWork, counts: [String: Int64], unknown: Set<String>, of stream: StreamDefinition,
        partition: Partition, slice: Slice, emit: ([JSONObject]) -> Void
    ) async throws -> ThreadsSettled {
        guard let nested = stream.nested else { return .done(nil) }
        var mine: [String: Int64] = [:]
        for key in work.keys { mine[key] = counts[key] }
        let complete = !work.keys.contains { unknown.contains($0) }
        if case .knownOnly(let total) = work.mode, !complete || mine.values.reduce(0, +) != total {
            return .readWhole(counts: mine)
        }
        // Without its count, a record is asked for its nested ones.
        let moved = work.keys.filter { key in
            guard let count = mine[key] else { return unknown.contains(key) }
            return count > 0 && count != work.known?.counts[key]
        }
        let listing = stream.nestedListing(nested)
        for key in moved {
            let subject = Partition(
                organizations: partition.organizations, parents: partition.parents, parentKeys: [key],
                key: partition.key)
            _ = try await read(listing, partition: subject, slice: slice, emit: emit)
        }
        return .done(complete ? NestedCounts(mine, direct: work.direct) : nil)
    }

    /// `listMovedThreads`, asking first the counts it does not have.
    func countAndListMovedThreads(
        _ work: ThreadWork, counts: [String: Int64], of stream: StreamDefinition, partition: Partition, slice: Slice,
        emit: ([JSONObject]) -> Void
    ) async throws -> ThreadsSettled {
        guard let nested = stream.nested else { return .done(nil) }
        let asked = try await probeCounts(
            nested, of: stream, keys: work.keys.filter { counts[$0] == nil }, partition: partition)
        return try await listMovedThreads(
            work, counts: counts.merging(asked.counts) { first, _ in first }, unknown: Set(asked.unknown),
            of: stream, partition: partition, slice: slice, emit: emit)
    }

    /// Each record's count of nested records, `probeBatchSize` records a request; the records of a batch that could
    /// not be asked (tolerated by the failure policy), and those its answer has no count for, are `unknown`.
    func probeCounts(
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
            // A key the answer has no count for (an error entry, or left out) is unknown: its thread is listed
            // rather than taken for empty.
            let results = BatchResults(body)
            for key in batch {
                if let count = results[key]?.value(at: nested.probeCount)?.int64Value {
                    counts[key] = count
                } else {
                    unknown.append(key)
                }
            }
        }
        return (counts, unknown)
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

extension PartitionReader {
    /// Of the children a whole listing no longer held, those LinkedIn says are gone (a 404 for the child itself,
    /// `{path}/{key}`), and the records of those it still has (a listing that skipped them: paged by offset while
    /// comments were added or deleted). A child whose answer is neither stays as it was: not deleted, not emitted.
    func confirmGone(_ keys: [String], of stream: StreamDefinition, partition: Partition) async throws -> (
        gone: [String], found: [JSONObject]
    ) {
        let context = stream.requestContext(partition.organizations.first)
        let path = RequestBuilder.path(stream.request, partition: partition)
        // No slice start: a child found again is emitted whatever its time (the destination may hold it as deleted).
        let chain = TransformChain(stream: stream, partition: partition, slice: Slice(), reader: self)
        var gone: [String] = []
        var found: [JSONObject] = []
        for key in keys {
            do {
                let body = try await client.get(path + "/" + key, context: context)
                guard let record = body.objectValue else { continue }
                found += chain.shape([Extracted(record: record)]).records
            } catch let error as LinkedInAPIError where error.scope != .run {
                if error.status == 404 { gone.append(key) }
            }
        }
        return (gone, found)
    }
}
