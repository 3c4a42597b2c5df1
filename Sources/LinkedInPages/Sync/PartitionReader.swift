import AirbyteProtocol

/// Fetches the records of one partition (and slice) of one stream: requests, paging, extraction, transforms.
/// Knows the stream only through its `StreamDefinition`.
struct PartitionReader: Sendable {
    let client: LinkedInClient
    let granularity: String
    let snapshotDate: String
    let memberData: MemberDataPolicy
    /// Upper bound on pages per partition, against a server that never returns a short page.
    static let maxPages = 10_000

    /// What a read returned: records in LinkedIn's order, and ids a batch request could not get.
    struct Outcome {
        var failures: [(Organization, LinkedInAPIError)] = []
    }

    /// Calls `emit` with each page's records, in order; returns per-id failures of batch requests.
    ///
    /// - Parameter stopAt: for listings sorted newest first: the first record it accepts, and every record after,
    ///   are left out, and no further page is requested.
    func read(
        _ stream: StreamDefinition, partition: Partition, slice: TimeSlice?,
        stopAt: ((JSONObject) -> Bool)? = nil, emit: ([JSONObject]) -> Void
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
            let extracted = try extract(stream, body: body, partition: partition, context: context, into: &outcome)
            let received = extracted.count
            var records: [JSONObject] = []
            records.reserveCapacity(received)
            var reachedStop = false
            var transformContext = RecordTransform.Context(
                organization: partition.organization, post: partition.posts.count == 1 ? partition.posts[0] : nil,
                postModifiedAt: partition.postModifiedAt, snapshotDate: snapshotDate, memberData: memberData)
            for (record, organization) in extracted {
                if let stopAt, stopAt(record) {
                    reachedStop = true
                    break
                }
                var shaped = record
                if let organization { transformContext.organization = organization }
                stream.transforms.apply(to: &shaped, context: transformContext)
                records.append(shaped)
            }
            if !records.isEmpty { emit(records) }
            guard let pageSize, received >= pageSize, !reachedStop else { break }
            start += pageSize
        }
        return outcome
    }

    /// The records of a response, each with the organization it is about when the response covers several.
    private func extract(
        _ stream: StreamDefinition, body: JSON, partition: Partition, context: RequestContext,
        into outcome: inout Outcome
    ) throws -> [(JSONObject, Organization?)] {
        let endpoint = "/" + RequestBuilder.path(stream.request, partition: partition)
        switch stream.records {
        case .root:
            return [(body.objectValue ?? JSONObject(), nil)]
        case .elements:
            guard let elements = body["elements"]?.arrayValue else {
                throw LinkedInAPIError.malformed(
                    context: context, endpoint: endpoint, problem: "the response has no \"elements\" array")
            }
            return elements.compactMap { $0.objectValue.map { ($0, nil) } }
        case .batchResults:
            let results = body["results"]?.objectValue ?? JSONObject()
            var records: [(JSONObject, Organization?)] = []
            for organization in partition.organizations {
                if let record = results[organization.id]?.objectValue {
                    records.append((record, organization))
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
