import AirbyteProtocol

/// The record selector: where a response's records are, and which organization or parent each is about.
extension PartitionReader {
    /// One record of a response, with the organization or parent it is about when the response covers several.
    struct Extracted {
        var record: JSONObject
        var organization: Organization? = nil
        var parent: JSONObject? = nil
    }

    func extract(
        _ stream: StreamDefinition, body: JSON, partition: Partition, context: RequestContext,
        into outcome: inout Outcome
    ) throws -> [Extracted] {
        let endpoint = "/" + RequestBuilder.path(stream.request, partition: partition)
        switch stream.records {
        case .parents:
            return []  // no request is made for these; see `read`
        case .root:
            return [Extracted(record: body.objectValue ?? JSONObject())]
        case .elements:
            guard let elements = body["elements"]?.arrayValue else {
                throw LinkedInAPIError.malformed(
                    context: context, endpoint: endpoint, problem: "the response has no \"elements\" array")
            }
            return elements.compactMap { $0.objectValue.map { Extracted(record: $0) } }
        case .batchResults(.organizations, let missingIsError):
            let results = body["results"]?.objectValue ?? JSONObject()
            var records: [Extracted] = []
            for organization in partition.organizations {
                if let record = results[organization.id]?.objectValue {
                    records.append(Extracted(record: record, organization: organization))
                    continue
                }
                let status = body["statuses"]?[organization.id]?.int64Value.map(Int.init) ?? 404
                let error = LinkedInAPIError.from(
                    status: status, body: Array((body["errors"]?[organization.id] ?? .null).serialized.utf8),
                    context: stream.requestContext(organization), endpoint: endpoint,
                    apiVersion: client.settings.apiVersion, now: client.settings.now())
                let site = FailureSite.batchMember(organization, missingIsError: missingIsError)
                outcome.failures.append((organization, FailurePolicy.decide(error, stream: stream, at: site)))
            }
            return records
        case .batchResults(.parents, _):
            let results = BatchResults(body)
            return zip(partition.parentKeys, partition.parents).compactMap { key, parent in
                let record = results[key]?.objectValue
                return record.map { Extracted(record: $0, parent: parent) }
            }
        }
    }
}
