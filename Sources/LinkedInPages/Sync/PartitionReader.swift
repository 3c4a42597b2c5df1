import AirbyteProtocol

/// Fetches the records of one partition (and slice) of one stream: requests, paging, extraction, transforms.
/// Knows the stream only through its `StreamDefinition`.
struct PartitionReader: Sendable {
    let client: LinkedInClient
    let granularity: String
    let snapshotDate: String
    let memberData: MemberDataPolicy
    /// Shares lifetime answers between streams built on the same request (follower_statistics and its facets).
    let snapshots: SnapshotCache?
    let sink: MessageSink

    /// Ids a batch request could not get, each with why.
    struct Outcome {
        var failures: [(Organization, LinkedInAPIError)] = []
    }

    /// Calls `emit` with each page's records, in LinkedIn's order; returns per-id failures of batch requests.
    ///
    /// - Parameter stopAt: for listings sorted newest first: the first record it accepts, and every record after,
    ///   are left out, and no further page is requested.
    func read(
        _ stream: StreamDefinition, partition: Partition, slice: TimeSlice?,
        stopAt: ((JSONObject) -> Bool)? = nil, emit: ([JSONObject]) -> Void
    ) async throws -> Outcome {
        let context = RequestContext(stream: stream.name, organization: partition.organization)
        let path = RequestBuilder.path(stream.request, partition: partition)
        let baseQuery = RequestBuilder.query(
            stream.request, partition: partition, slice: slice, granularity: granularity)
        var outcome = Outcome()
        var pageSize: Int?
        if case .startCount(let size) = stream.paging { pageSize = size }
        try await StartCountPaging.run(pageSize: pageSize) { start in
            let query = baseQuery + (pageSize.map { StartCountPaging.parameters(start: start, pageSize: $0) } ?? [])
            let body = try await fetchTryingVariants(
                stream.request, path, query: query, context: context, shareable: slice == nil && pageSize == nil)
            let extracted = try extract(stream, body: body, partition: partition, context: context, into: &outcome)
            var (records, reachedStop) = shape(extracted, stream: stream, partition: partition, stopAt: stopAt)
            if !stream.enrichments.isEmpty { try await enrich(&records, stream: stream) }
            if !records.isEmpty { emit(records) }
            return (extracted.count, reachedStop)
        }
        return outcome
    }

    /// `fetch`, then on a 400 the template's parameter variants in turn (each replacing the parameters it names).
    private func fetchTryingVariants(
        _ template: RequestTemplate, _ path: String, query: [(String, RestLiValue)], context: RequestContext,
        shareable: Bool
    ) async throws -> JSON {
        var attempt = query
        var variants = template.variantsOn400[...]
        while true {
            do {
                return try await fetch(path, query: attempt, context: context, shareable: shareable)
            } catch let error as LinkedInAPIError where error.status == 400 && !variants.isEmpty {
                let variant = variants.removeFirst()
                attempt = query.map { parameter in variant.first { $0.0 == parameter.0 } ?? parameter }
                sink.log(
                    .info,
                    "LinkedIn rejected the request for \(context.label) (400); trying \(RestLi.query(variant)) instead."
                )
            }
        }
    }

    /// One GET; a lifetime answer (no window, no paging) is shared with other streams that ask the same.
    private func fetch(_ path: String, query: [(String, RestLiValue)], context: RequestContext, shareable: Bool)
        async throws -> JSON
    {
        guard let snapshots, shareable else { return try await client.get(path, query: query, context: context) }
        return try await snapshots.get(path, query: query) { [client] in
            try await client.get(path, query: query, context: context)
        }
    }

    /// Applies the stream's transforms; stops at the first record `stopAt` accepts.
    private func shape(
        _ extracted: [(JSONObject, Organization?)], stream: StreamDefinition, partition: Partition,
        stopAt: ((JSONObject) -> Bool)?
    ) -> (records: [JSONObject], reachedStop: Bool) {
        var records: [JSONObject] = []
        records.reserveCapacity(extracted.count)
        let oneToOne = stream.transforms.isOneToOne
        var context = RecordTransform.Context(
            organization: partition.organization, post: partition.posts.count == 1 ? partition.posts[0] : nil,
            postModifiedAt: partition.postModifiedAt, snapshotDate: snapshotDate, memberData: memberData)
        for (record, organization) in extracted {
            if let stopAt, stopAt(record) { return (records, true) }
            if let organization { context.organization = organization }
            if oneToOne {
                var shaped = record
                stream.transforms.apply(to: &shaped, context: context)
                records.append(shaped)
            } else {
                records += stream.transforms.apply(to: record, context: context)
            }
        }
        return (records, false)
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
        case .batchResults(let missingIsError):
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
                if missingIsError || status != 404 {
                    outcome.failures.append((organization, error))
                } else {
                    sink.log(
                        .warn,
                        "Stream '\(stream.name)': LinkedIn knows no organization \(organization.id); it is skipped.")
                }
            }
            return records
        }
    }

    /// Fills each enrichment field from its own request; a failure leaves the field null with a warning, since the
    /// record itself is still worth having.
    private func enrich(_ records: inout [JSONObject], stream: StreamDefinition) async throws {
        for enrichment in stream.enrichments {
            for index in records.indices {
                guard let id = records[index][enrichment.organizationFrom]?.int64Value,
                    let organization = Organization(String(id))
                else { continue }
                let partition = Partition(organizations: [organization])
                let path = RequestBuilder.path(enrichment.request, partition: partition)
                let query = RequestBuilder.query(
                    enrichment.request, partition: partition, slice: nil, granularity: granularity)
                do {
                    let body = try await fetchTryingVariants(
                        enrichment.request, path, query: query,
                        context: RequestContext(stream: stream.name, organization: organization), shareable: false)
                    records[index][enrichment.field] = body[enrichment.value] ?? .null
                } catch let error as LinkedInAPIError where error.scope == .organization {
                    records[index][enrichment.field] = .null
                    sink.log(
                        .warn,
                        "Stream '\(stream.name)': no \(enrichment.field) for organization \(organization.id): \(error.connectorError.message)"
                    )
                }
            }
        }
    }
}

/// Lifetime answers fetched once per run and shared by the streams that ask the same question.
actor SnapshotCache {
    private var answers: [String: Task<JSON, Error>] = [:]

    func get(_ path: String, query: [(String, RestLiValue)], fetch: @escaping @Sendable () async throws -> JSON)
        async throws -> JSON
    {
        let key = path + "?" + RestLi.query(query)
        if let answer = answers[key] { return try await answer.value }
        let task = Task { try await fetch() }
        answers[key] = task
        return try await task.value
    }
}
