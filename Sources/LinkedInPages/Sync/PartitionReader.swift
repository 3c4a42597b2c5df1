import AirbyteProtocol

/// Fetches the records of one partition (and slice) of one stream: requests, paging, extraction, transforms.
/// Knows the stream only through its `StreamDefinition`.
struct PartitionReader: Sendable {
    let client: LinkedInClient
    let granularity: String
    let snapshotDate: String
    /// Upper bound on pages per partition, against a server that never returns a short page.
    static let maxPages = 10_000

    /// What a read returned: records in LinkedIn's order, and ids a batch request could not get.
    struct Outcome {
        var failures: [(Organization, LinkedInAPIError)] = []
    }

    /// Calls `emit` with each page's records, in order; returns per-id failures of batch requests.
    func read(
        _ stream: StreamDefinition, partition: Partition, slice: TimeSlice?,
        emit: ([JSONObject]) -> Void
    ) async throws -> Outcome {
        let context = RequestContext(stream: stream.name, organization: partition.organization)
        let path = RequestBuilder.path(stream.request, partition: partition)
        let baseQuery = RequestBuilder.query(stream.request, partition: partition, slice: slice, granularity: granularity)
        var outcome = Outcome()
        var start = 0
        for _ in 0..<Self.maxPages {
            var query = baseQuery
            var pageSize: Int?
            if case .startCount(let size) = stream.paging {
                pageSize = size
                query += [("start", .int(Int64(start))), ("count", .int(Int64(size)))]
            }
            let body = try await client.get(path, query: query, context: context)
            var records = try extract(stream, body: body, partition: partition, context: context, into: &outcome)
            let transformContext = RecordTransform.Context(organization: partition.organization, snapshotDate: snapshotDate)
            for index in records.indices { stream.transforms.apply(to: &records[index], context: transformContext) }
            let received = records.count
            if !records.isEmpty { emit(records) }
            guard let pageSize, received >= pageSize else { break }
            start += pageSize
        }
        return outcome
    }

    private func extract(
        _ stream: StreamDefinition, body: JSON, partition: Partition, context: RequestContext,
        into outcome: inout Outcome
    ) throws -> [JSONObject] {
        let endpoint = "/" + RequestBuilder.path(stream.request, partition: partition)
        switch stream.records {
        case .root:
            return [body.objectValue ?? JSONObject()]
        case .elements:
            guard let elements = body["elements"]?.arrayValue else {
                throw LinkedInAPIError.malformed(
                    context: context, endpoint: endpoint, problem: "the response has no \"elements\" array")
            }
            return elements.compactMap(\.objectValue)
        case .batchResults:
            let results = body["results"]?.objectValue ?? JSONObject()
            var records: [JSONObject] = []
            for organization in partition.organizations {
                if let record = results[organization.id]?.objectValue {
                    records.append(record)
                    continue
                }
                let status = body["statuses"]?[organization.id]?.int64Value.map(Int.init) ?? 404
                let errorBody = body["errors"]?[organization.id] ?? .null
                let single = RequestContext(stream: stream.name, organization: organization)
                let error = LinkedInAPIError.from(
                    status: status, body: Array(errorBody.serialized.utf8), context: single, endpoint: endpoint,
                    apiVersion: client.settings.apiVersion)
                outcome.failures.append((organization, error))
            }
            return records
        }
    }
}
