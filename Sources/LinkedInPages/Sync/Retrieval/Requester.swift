import AirbyteProtocol

/// The requester and paginator of a partition's read: every page of a listing, a request's 400 variants, and
/// lifetime answers shared between streams.
extension PartitionReader {
    /// Requests every page of one listing; `page` gets each page's records and says whether to stop.
    func pages(
        _ stream: StreamDefinition, listing: [(String, RestLiValue)], partition: Partition, slice: Slice,
        outcome: inout Outcome, page: ([Extracted]) async throws -> (done: Bool, repeated: Bool)
    ) async throws {
        let context = stream.requestContext(partition.organizations.first)
        let path = RequestBuilder.path(stream.request, partition: partition)
        let baseQuery =
            RequestBuilder.query(stream.request, partition: partition, slice: slice, granularity: granularity)
            + listing
        var pageSize: Int?
        if case .startCount(let size) = stream.paging { pageSize = size }
        let shareable =
            slice.window == nil && pageSize == nil && stream.listings.count == 1
            && (snapshots?.isShared(stream.request) ?? false)
        try await StartCountPaging.run(pageSize: pageSize, context: context, endpoint: "/" + path) { start in
            let query = baseQuery + (pageSize.map { StartCountPaging.parameters(start: start, pageSize: $0) } ?? [])
            let body = try await fetchTryingVariants(
                stream.request, path, query: query, context: context, shareable: shareable)
            let extracted = try extract(stream, body: body, partition: partition, context: context, into: &outcome)
            let (done, repeated) = try await page(extracted)
            return StartCountPaging.Page(received: extracted.count, done: done, body: body, repeated: repeated)
        }
    }

    /// `fetch`, then on a 400 the template's parameter variants in turn (each replacing the parameters it names).
    func fetchTryingVariants(
        _ template: RequestTemplate, _ path: String, query: [(String, RestLiValue)], context: RequestContext,
        shareable: Bool
    ) async throws -> JSON {
        try await template.tryingVariantsOn400(
            query,
            retrying: { variant in
                sink.log(
                    .info,
                    "LinkedIn rejected the request for \(context.label) (400); trying \(RestLi.query(variant)) instead."
                )
            },
            send: { try await fetch(path, query: $0, context: context, shareable: shareable, template: template) })
    }

    /// One GET; a lifetime answer (no window, no paging) is shared with other streams that ask the same.
    func fetch(
        _ path: String, query: [(String, RestLiValue)], context: RequestContext, shareable: Bool,
        template: RequestTemplate? = nil
    ) async throws -> JSON {
        guard let snapshots, shareable, let template else {
            return try await client.get(path, query: query, context: context)
        }
        return try await snapshots.get(template, path, query: query) { [client] in
            try await client.get(path, query: query, context: context)
        }
    }
}

extension RequestTemplate {
    /// `send(query)`, then on a 400 each of `variantsOn400` in turn (each replacing the parameters it names), until
    /// LinkedIn accepts one; the read and `check` ask the same way.
    func tryingVariantsOn400(
        _ query: [(String, RestLiValue)], retrying: ([(String, RestLiValue)]) -> Void = { _ in },
        send: ([(String, RestLiValue)]) async throws -> JSON
    ) async throws -> JSON {
        var attempt = query
        var variants = variantsOn400[...]
        while true {
            do {
                return try await send(attempt)
            } catch let error as LinkedInAPIError where error.status == 400 && !variants.isEmpty {
                let variant = variants.removeFirst()
                attempt = query.map { parameter in variant.first { $0.0 == parameter.0 } ?? parameter }
                retrying(variant)
            }
        }
    }
}
