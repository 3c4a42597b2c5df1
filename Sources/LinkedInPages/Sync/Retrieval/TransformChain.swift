import AirbyteProtocol

/// The transform chain of one partition's read: a response's records become the stream's records. `shape` copies
/// the parent's fields, applies the stream's transforms and leaves out records before the slice's start; `complete`
/// fills enrichments from their own requests and names facet values.
struct TransformChain: Sendable {
    let stream: StreamDefinition
    let partition: Partition
    let slice: Slice
    /// For the run's settings the transforms read, and the requests enrichments and names make.
    let reader: PartitionReader

    /// The records `extracted` become, whether a listing sorted newest first may stop paging here, and, for a
    /// stream that keeps its parents' children (`ChangeFeed.childKeyField`), the child key of every record,
    /// those before the slice's start included.
    func shape(_ extracted: [PartitionReader.Extracted]) -> (
        records: [JSONObject], reachedStart: Bool, listed: [String]
    ) {
        let childKey = stream.changeFeed?.childKeyField
        var listed: [String] = []
        var records: [JSONObject] = []
        records.reserveCapacity(extracted.count)
        let oneToOne = stream.transforms.isOneToOne
        let copies = stream.parent?.copies ?? []
        var context = transformContext(for: nil)
        var reachedStart = false
        for item in extracted {
            var record = item.record
            if let organization = item.organization { context.organization = organization }
            if let parent = item.parent ?? (partition.parents.count == 1 ? partition.parents[0] : nil) {
                for (from, to) in copies { record[to] = parent[from] ?? .null }
            }
            if oneToOne {
                stream.transforms.apply(to: &record, context: context)
                if let childKey, let key = record[childKey]?.stringValue { listed.append(key) }
                if slice.endsListing(record) { reachedStart = true }
                if slice.isBeforeStart(record) { continue }
                records.append(record)
            } else {
                records += stream.transforms.apply(to: record, context: context).filter { !slice.isBeforeStart($0) }
            }
        }
        return (records, reachedStart, listed)
    }

    /// Fills the records' enrichments (each from its own request) and facet names.
    func complete(_ records: inout [JSONObject]) async throws {
        if !stream.enrichments.isEmpty { try await reader.enrich(&records, stream: stream) }
        if let names = stream.names { await name(&records, names) }
    }

    /// What the transforms know of the record's page and the run, for a record about `organization` (the
    /// partition's own when nil).
    func transformContext(for organization: Organization?) -> RecordTransform.Context {
        RecordTransform.Context(
            organization: organization ?? partition.organization, snapshotDate: reader.snapshotDate,
            memberData: reader.memberData)
    }

    /// Sets each record's facet name (and parent) from the run's facet names.
    private func name(_ records: inout [JSONObject], _ names: FacetNames) async {
        guard let facetNames = reader.facetNames, !records.isEmpty else { return }
        let known = await facetNames.names(for: records.compactMap { $0[names.valueField]?.stringValue })
        for index in records.indices { names.set(on: &records[index], from: known) }
    }
}
