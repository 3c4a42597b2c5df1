import AirbyteProtocol

/// Fetches the records of one partition and slice of one stream: requests, paging, extraction, parent fields,
/// transforms, enrichments. Knows the stream only through its `StreamDefinition`.
struct PartitionReader: Sendable {
    let client: LinkedInClient
    let granularity: String
    let snapshotDate: String
    let memberData: MemberDataPolicy
    /// Shares lifetime answers between streams built on the same request (follower_statistics and its facets).
    let snapshots: SnapshotCache?
    let sink: MessageSink
    /// Names of facet values, for streams that declare `names`.
    var facetNames: FacetNameCache? = nil
    /// Set inside one partition's read whose unnamed facet rows go to the run's window (`FacetRowWindow`).
    var holdsFacetRows = false

    /// Reports what the failure policy tolerates (WARN); what it does not is thrown to the caller.
    var failures: FailureReporter { FailureReporter(sink: sink) }

    /// Ids a batch request could not get, each with what the failure policy makes of it (for the caller to report),
    /// and what the cursor keeps of the read.
    struct Outcome {
        var failures: [(organization: Organization, decision: FailureDecision)] = []
        /// Each nested listing's count (replies per comment) when the read knows them all.
        var nested: NestedCounts?
        /// The nested listings left for the caller (`ThreadCounting.deferred`); nil when there were none to leave.
        var threads: ThreadWork?
        /// For a stream that keeps its parents' children: the key of every child the partition's listing held, those
        /// before the slice's start included (nil when it was not listed).
        var children: Set<String>?
    }

    /// Calls `emit` with the partition's records, page by page in LinkedIn's order for one listing; several
    /// listings are merged first (newest first by the stream's cursor field, or pivoted into one record per key),
    /// without duplicates (`ListingMerge`). Records before the slice's start are left out (`TransformChain`).
    /// Returns per-id failures of batch requests, the nested listings' counts, or (`counting: .deferred`) the
    /// nested listings left for the caller to settle.
    func read(
        _ stream: StreamDefinition, partition: Partition, slice: Slice, counting: ThreadCounting = .inline(),
        emit: ([JSONObject]) -> Void
    ) async throws -> Outcome {
        let chain = TransformChain(stream: stream, partition: partition, slice: slice, reader: self)
        if case .parents = stream.records {
            // Records made from the parents themselves: no request.
            var records = chain.shape(
                zip(partition.parents, partition.parents).map { Extracted(record: $0, parent: $1) }
            )
            .records
            try await chain.complete(&records)
            if !records.isEmpty { emit(records) }
            return Outcome()
        }
        var probed: [String: Int64] = [:]
        if case .inline(let counts) = counting { probed = counts }
        // Only nested records moved: the threads known to have any are asked first (see `ThreadWork.Mode`).
        if stream.nested != nil, let plan = slice.nested, plan.directUnchanged, let known = plan.known,
            let total = plan.total
        {
            let work = ThreadWork(keys: known.keys, mode: .knownOnly(total: total), known: known, direct: known.direct)
            guard case .inline = counting else { return Outcome(threads: work) }
            switch try await countAndListMovedThreads(
                work, counts: probed, of: stream, partition: partition, slice: slice, emit: emit)
            {
            case .done(let counts): return Outcome(nested: counts)
            case .readWhole(let counts): probed = counts
            }
        }
        var merge = ListingMerge(stream)
        // One record that becomes many rows (facets) goes out in chunks, never whole, when nothing needs them whole.
        let streaming =
            !stream.transforms.isOneToOne && merge.passesThrough && stream.enrichments.isEmpty
            && stream.reportsMissingParents == nil
        // Facet rows not yet named wait in the run's window; each partition's end releases what can be named.
        if streaming, !holdsFacetRows, let facetNames, facetNames.holdsRows(stream.router) {
            return try await readHoldingFacetRows(stream, facetNames, partition: partition, slice: slice, emit: emit)
        }
        var outcome = Outcome()
        var children = Set<String>()
        var nestedKeys: [String] = []
        var covered = Set<String>()
        for listing in stream.listings {
            // The first record of each page: a page that starts like an earlier one is the server ignoring `start`.
            var pageStarts = Set<Int>()
            try await pages(stream, listing: listing, partition: partition, slice: slice, outcome: &outcome) {
                extracted in
                let repeated =
                    extracted.first.map { !pageStarts.insert(JSON.object($0.record).serialized.hashValue).inserted }
                    ?? false
                if repeated { return (false, true) }
                if let nested = stream.nested {
                    nestedKeys += extracted.compactMap { $0.record[nested.key]?.stringValue }
                }
                if merge.pivots {
                    merge.pivot(extracted, listing: listing)
                    return (false, false)
                }
                if streaming {
                    await streamRows(extracted, chain: chain, emit: emit)
                    return (false, false)
                }
                var (records, reachedStart, listed) = chain.shape(extracted)
                children.formUnion(listed)
                try await chain.complete(&records)
                if let field = stream.reportsMissingParents {
                    for record in records { if let key = record[field]?.stringValue { covered.insert(key) } }
                }
                merge.add(records, emit: emit)
                return (reachedStart, false)
            }
        }
        merge.finish(chain, emit: emit)
        if stream.changeFeed != nil { outcome.children = children }
        if stream.nested != nil {
            try await settleThreads(
                listed: nestedKeys, counting: counting, probed: probed, of: stream, partition: partition,
                slice: slice, into: &outcome, emit: emit)
        }
        if stream.reportsMissingParents != nil { reportMissing(stream, partition, covered: covered) }
        return outcome
    }

    /// After a listing: the nested records of the listed ones, where the parent's counts say there are any. Counted
    /// and listed now (`.inline`), or left in `outcome.threads` for the caller (`.deferred`).
    private func settleThreads(
        listed keys: [String], counting: ThreadCounting, probed: [String: Int64], of stream: StreamDefinition,
        partition: Partition, slice: Slice, into outcome: inout Outcome, emit: ([JSONObject]) -> Void
    ) async throws {
        var unique = Set<String>()
        let keys = keys.filter { unique.insert($0).inserted }  // overlapping pages list a record twice
        let direct = Int64(keys.count)
        // The parent's own counts may already say there is nothing nested (no replies): then nothing is asked.
        guard !keys.isEmpty, slice.nested?.expected != false else {
            outcome.nested = NestedCounts([:], direct: direct)
            return
        }
        let work = ThreadWork(keys: keys, mode: .listed, known: slice.nested?.known, direct: direct)
        if case .deferred = counting {
            outcome.threads = work
        } else if case .done(let counts) = try await countAndListMovedThreads(
            work, counts: probed, of: stream, partition: partition, slice: slice, emit: emit)
        {
            outcome.nested = counts
        }
    }

    private func reportMissing(_ stream: StreamDefinition, _ partition: Partition, covered: Set<String>) {
        let missing = partition.parentKeys.filter { !covered.contains($0) }.count
        guard missing > 0 else { return }
        sink.log(
            .info,
            "Stream '\(stream.name)', \(partition.label): LinkedIn returned nothing for \(missing) of "
                + "\(partition.parentKeys.count) requested item(s) (no activity yet, or older than LinkedIn keeps).")
    }

    /// The rows a response's records become, named and emitted `chunk` at a time. The names are looked up first, in
    /// one go, from a pass that keeps only the values.
    private func streamRows(_ extracted: [Extracted], chain: TransformChain, emit: ([JSONObject]) -> Void) async {
        let (stream, slice) = (chain.stream, chain.slice)
        let chunk = 1_000
        for item in extracted {
            let context = chain.transformContext(for: item.organization)
            var known: [String: FacetNameCache.Name] = [:]
            if let names = stream.names, let facetNames {
                var values: [String] = []
                stream.transforms.forEachResult(of: item.record, context: context) {
                    if let value = $0[names.valueField]?.stringValue { values.append(value) }
                }
                if holdsFacetRows {
                    await facetNames.prepare(values)
                    known = await facetNames.knownNames(for: values)
                } else {
                    known = await facetNames.names(for: values)
                }
            }
            var rows: [JSONObject] = []
            var unnamed: [JSONObject] = []
            rows.reserveCapacity(chunk)
            stream.transforms.forEachResult(of: item.record, context: context) { row in
                guard !slice.isBeforeStart(row) else { return }
                var row = row
                if let names = stream.names {
                    if holdsFacetRows, known[row[names.valueField]?.stringValue ?? ""] == nil {
                        unnamed.append(row)
                        return
                    }
                    names.set(on: &row, from: known)
                }
                rows.append(row)
                if rows.count >= chunk {
                    emit(rows)
                    rows.removeAll(keepingCapacity: true)
                }
            }
            if !rows.isEmpty { emit(rows) }
            if let names = stream.names, let facetNames, !unnamed.isEmpty {
                let released = await facetNames.hold(unnamed, stream: stream.name, names: names)
                if !released.isEmpty { emit(released) }
            }
        }
    }

    /// `read`, with the facet rows it cannot name yet left in the run's window, and the window's released rows
    /// emitted when the partition ends, whether it succeeded or not (so the stream's last partition releases all).
    private func readHoldingFacetRows(
        _ stream: StreamDefinition, _ facetNames: FacetNameCache, partition: Partition, slice: Slice,
        emit: ([JSONObject]) -> Void
    ) async throws -> Outcome {
        guard let names = stream.names else { return Outcome() }
        var holding = self
        holding.holdsFacetRows = true
        let result: Result<Outcome, Error>
        do {
            result = .success(try await holding.read(stream, partition: partition, slice: slice, emit: emit))
        } catch {
            result = .failure(error)
        }
        let released = await facetNames.partitionEnded(stream: stream.name, names: names)
        if !released.isEmpty { emit(released) }
        return try result.get()
    }
}
