import AirbyteProtocol

/// Requests made per record after the partition's own: nested listings (replies of comments) and enrichments.
extension PartitionReader {
    /// The nested listings (replies) of the records that have any, as the probe counts them; their records are
    /// shaped like the stream's, with the same parent.
    func readNested(
        _ nested: NestedListing, of stream: StreamDefinition, keys: [String], partition: Partition, slice: Slice,
        emit: ([JSONObject]) -> Void
    ) async throws {
        let context = stream.requestContext(partition.organizations.first)
        var withNested: [String] = []
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
                withNested += batch  // without the counts, every record is asked for its nested ones
                continue
            }
            let results = BatchResults(body)
            for key in batch {
                let result = results[key]
                if (result?.value(at: nested.probeCount)?.int64Value ?? 0) > 0 { withNested.append(key) }
            }
        }
        let listing = stream.nestedListing(nested)
        for key in withNested {
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
