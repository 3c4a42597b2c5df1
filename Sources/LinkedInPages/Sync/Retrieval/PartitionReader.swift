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
    }

    /// Calls `emit` with the partition's records, page by page in LinkedIn's order for one listing; several
    /// listings are merged first (newest first by the stream's cursor field, or pivoted into one record per key),
    /// without duplicates. Records before the slice's start are left out. Returns per-id failures of batch requests,
    /// the nested listings' counts, or (`counting: .deferred`) the nested listings left for the caller to settle.
    func read(
        _ stream: StreamDefinition, partition: Partition, slice: Slice, counting: ThreadCounting = .inline(),
        emit: ([JSONObject]) -> Void
    ) async throws -> Outcome {
        var outcome = Outcome()
        if case .parents = stream.records {
            let derived = zip(partition.parents, partition.parents).map { Extracted(record: $0, parent: $1) }
            var records = shape(derived, stream: stream, partition: partition, slice: slice).records
            if let names = stream.names { await name(&records, names) }
            if !records.isEmpty { emit(records) }
            return outcome
        }
        var probed: [String: Int64] = [:]
        if case .inline(let counts) = counting { probed = counts }
        // Only nested records moved: the threads known to have any are asked first (see `ThreadWork.Mode`).
        if stream.nested != nil, let plan = slice.nested, plan.directUnchanged, let known = plan.known,
            let total = plan.total
        {
            let work = ThreadWork(keys: known.keys, mode: .knownOnly(total: total), known: known, direct: known.direct)
            guard case .inline = counting else {
                outcome.threads = work
                return outcome
            }
            switch try await countAndListMovedThreads(
                work, counts: probed, of: stream, partition: partition, slice: slice, emit: emit)
            {
            case .done(let counts):
                outcome.nested = counts
                return outcome
            case .readWhole(let counts): probed = counts
            }
        }
        var seen = Set<String>()
        var held: [JSONObject] = []
        var raw: [Extracted] = []
        var nestedKeys: [String] = []
        var covered = Set<String>()
        let holding = stream.listings.count > 1
        // Pages and listings can overlap; one response holds no duplicates worth the cost of looking.
        var deduplicating = holding
        if case .startCount = stream.paging { deduplicating = true }
        // One record that becomes many rows (facets) goes out in chunks, never whole, when nothing needs them whole.
        let streaming =
            !stream.transforms.isOneToOne && !holding && !deduplicating && stream.enrichments.isEmpty
            && stream.reportsMissingParents == nil
        // Facet rows not yet named wait in the run's window; each partition's end releases what can be named.
        if streaming, !holdsFacetRows, let facetNames, facetNames.holdsRows(stream.router) {
            return try await readHoldingFacetRows(stream, facetNames, partition: partition, slice: slice, emit: emit)
        }
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
                if let pivot = stream.pivot {
                    raw += pivot.tagged(extracted, listing: listing)
                    return (false, false)
                }
                if streaming {
                    await streamRows(extracted, stream: stream, partition: partition, slice: slice, emit: emit)
                    return (false, false)
                }
                var (records, reachedStart) = shape(extracted, stream: stream, partition: partition, slice: slice)
                if !stream.enrichments.isEmpty { try await enrich(&records, stream: stream) }
                if let names = stream.names { await name(&records, names) }
                if deduplicating { records = records.filter { seen.insert(stream.primaryKeyText($0)).inserted } }
                if let field = stream.reportsMissingParents {
                    for record in records { if let key = record[field]?.stringValue { covered.insert(key) } }
                }
                if holding { held += records } else if !records.isEmpty { emit(records) }
                return (reachedStart, false)
            }
        }
        if let pivot = stream.pivot, !raw.isEmpty {
            held = shape(pivot.combine(raw), stream: stream, partition: partition, slice: slice).records
        } else if holding, let field = stream.cursor?.field {
            held.sort { ($0[field]?.int64Value ?? 0) > ($1[field]?.int64Value ?? 0) }
        }
        if !held.isEmpty { emit(held) }
        // The parent's own counts may already say there is nothing nested (no replies): then nothing is asked.
        if stream.nested != nil {
            var unique = Set<String>()
            nestedKeys = nestedKeys.filter { unique.insert($0).inserted }  // overlapping pages list a record twice
            let direct = Int64(nestedKeys.count)
            if nestedKeys.isEmpty || slice.nested?.expected == false {
                outcome.nested = NestedCounts([:], direct: direct)
            } else {
                let work = ThreadWork(keys: nestedKeys, mode: .listed, known: slice.nested?.known, direct: direct)
                if case .deferred = counting {
                    outcome.threads = work
                } else if case .done(let counts) = try await countAndListMovedThreads(
                    work, counts: probed, of: stream, partition: partition, slice: slice, emit: emit)
                {
                    outcome.nested = counts
                }
            }
        }
        if stream.reportsMissingParents != nil { reportMissing(stream, partition, covered: covered) }
        return outcome
    }

    private func reportMissing(_ stream: StreamDefinition, _ partition: Partition, covered: Set<String>) {
        let missing = partition.parentKeys.filter { !covered.contains($0) }.count
        guard missing > 0 else { return }
        sink.log(
            .info,
            "Stream '\(stream.name)', \(partition.label): LinkedIn returned nothing for \(missing) of "
                + "\(partition.parentKeys.count) requested item(s) (no activity yet, or older than LinkedIn keeps).")
    }

    /// Copies the parent's fields, applies the stream's transforms, and leaves out records before the slice's start
    /// (reporting whether paging may stop there).
    private func shape(
        _ extracted: [Extracted], stream: StreamDefinition, partition: Partition, slice: Slice
    ) -> (records: [JSONObject], reachedStart: Bool) {
        var records: [JSONObject] = []
        records.reserveCapacity(extracted.count)
        let oneToOne = stream.transforms.isOneToOne
        let copies = stream.parent?.copies ?? []
        var context = RecordTransform.Context(
            organization: partition.organization, snapshotDate: snapshotDate, memberData: memberData)
        var reachedStart = false
        for item in extracted {
            var record = item.record
            if let organization = item.organization { context.organization = organization }
            if let parent = item.parent ?? (partition.parents.count == 1 ? partition.parents[0] : nil) {
                for (from, to) in copies { record[to] = parent[from] ?? .null }
            }
            if oneToOne {
                stream.transforms.apply(to: &record, context: context)
                if slice.endsListing(record) { reachedStart = true }
                if slice.isBeforeStart(record) { continue }
                records.append(record)
            } else {
                records += stream.transforms.apply(to: record, context: context).filter { !slice.isBeforeStart($0) }
            }
        }
        return (records, reachedStart)
    }

    /// The rows a response's records become, named and emitted `chunk` at a time. The names are looked up first, in
    /// one go, from a pass that keeps only the values.
    private func streamRows(
        _ extracted: [Extracted], stream: StreamDefinition, partition: Partition, slice: Slice,
        emit: ([JSONObject]) -> Void
    ) async {
        let chunk = 1_000
        for item in extracted {
            let context = RecordTransform.Context(
                organization: item.organization ?? partition.organization, snapshotDate: snapshotDate,
                memberData: memberData)
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

    /// Sets each record's facet name (and parent) from the run's facet names.
    private func name(_ records: inout [JSONObject], _ names: FacetNames) async {
        guard let facetNames, !records.isEmpty else { return }
        let known = await facetNames.names(for: records.compactMap { $0[names.valueField]?.stringValue })
        for index in records.indices { names.set(on: &records[index], from: known) }
    }

}
