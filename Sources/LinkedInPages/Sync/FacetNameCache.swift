import AirbyteProtocol

extension FacetNames {
    /// Sets the record's name (and parent) fields from `known`: null where LinkedIn named nothing.
    func set(on record: inout JSONObject, from known: [String: FacetNameCache.Name]) {
        let value = record[valueField]?.stringValue ?? ""
        record[nameField] = known[value]?.name.map(JSON.string) ?? .null
        if let parentField { record[parentField] = known[value]?.parent.map(JSON.string) ?? .null }
    }
}

/// The names of facet values, asked of LinkedIn once per value per run, in batches, and shared by every stream.
/// A value LinkedIn cannot name (unknown, or the lookup refused) keeps no name and one warning; never a failure.
actor FacetNameCache {
    struct Name: Sendable {
        var name: String?
        var parent: String?
    }

    private let client: LinkedInClient
    private let locale: String
    private let sink: MessageSink
    private var known: [String: Name] = [:]
    /// GET_ALL lookups already made (each answers every value of its type).
    private var listed: Set<String> = []

    static let batchSize = 50

    init(client: LinkedInClient, locale: String, sink: MessageSink) {
        self.client = client
        self.locale = locale
        self.sink = sink
    }

    /// The resolution under way: resolutions run one after another, so two streams asking about the same values at
    /// once cost one lookup, not two.
    private var tail: Task<Void, Never>?

    /// Names for `values`; asks LinkedIn only about values not seen before in this run.
    func names(for values: [String]) async -> [String: Name] {
        let previous = tail
        let task = Task {
            await previous?.value; await self.resolve(values)
        }
        tail = task
        await task.value
        let wanted = Set(values)
        return known.filter { wanted.contains($0.key) }
    }

    private func resolve(_ values: [String]) async {
        var batches: [String: (localized: Bool, ids: [String])] = [:]
        var unnamed: [String] = []
        for value in Set(values) where known[value] == nil {
            switch FacetLookup.lookup(for: value) {
            case .fixed(let table)?:
                known[value] = Name(name: table[value])
            case .batch(let path, let localized)?:
                batches[path, default: (localized, [])].ids.append(value)
            case .all(let path)?:
                if !listed.contains(path) { await listAll(path) }
                if known[value] == nil { unnamed.append(value) }
            case nil:
                unnamed.append(value)
            }
        }
        for (path, batch) in batches.sorted(by: { $0.key < $1.key }) {
            let ids = batch.ids.sorted()
            for start in stride(from: 0, to: ids.count, by: Self.batchSize) {
                await lookUp(
                    Array(ids[start..<min(start + Self.batchSize, ids.count)]), path: path, localized: batch.localized)
            }
            unnamed += ids.filter { known[$0]?.name == nil }
        }
        if !unnamed.isEmpty {
            for value in unnamed where known[value] == nil { known[value] = Name() }
            let sample = unnamed.sorted().prefix(5).joined(separator: ", ")
            sink.log(
                .warn,
                "LinkedIn named no facet value for \(unnamed.count) value(s) (\(sample)\(unnamed.count > 5 ? ", …" : "")); "
                    + "their rows keep the URN or code and a null name.")
        }
    }

    private var localeParameter: RestLiValue {
        let parts = locale.split(separator: "_")
        return .object([
            ("language", .string(String(parts.first ?? "en"))), ("country", .string(String(parts.last ?? "US"))),
        ])
    }

    private func lookUp(_ values: [String], path: String, localized: Bool) async {
        let ids = values.compactMap { $0.split(separator: ":").last.flatMap { Int64($0) } }
        var query: [(String, RestLiValue)] = [("ids", .list(ids.map(RestLiValue.int)))]
        if localized { query.append(("locale", localeParameter)) }
        do {
            let body = try await client.get(path, query: query, context: RequestContext(stream: "facet names"))
            for value in values {
                guard let id = value.split(separator: ":").last.map(String.init),
                    let element = body["results"]?[id]
                else { continue }
                known[value] = Name(
                    name: FacetLookup.name(in: element, locale: locale), parent: FacetLookup.parent(in: element))
            }
        } catch {
            sink.log(
                .warn,
                "Facet names from \(path) are unavailable: "
                    + LinkedInAPIError.wrapping(error, stream: "facet names").connectorError.message)
        }
    }

    private func listAll(_ path: String) async {
        listed.insert(path)
        let type = FacetLookup.byURNType.first { if case .all(path) = $0.value { return true } else { return false } }?
            .key
        do {
            for (urn, name) in try await Self.list(path, type: type, locale: locale, client: client) {
                known[urn] = name
            }
        } catch {
            sink.log(
                .warn,
                "Facet names from \(path) are unavailable: "
                    + LinkedInAPIError.wrapping(error, stream: "facet names").connectorError.message)
        }
    }

    /// Every value of a GET_ALL lookup, by URN.
    private static func list(_ path: String, type: String?, locale: String, client: LinkedInClient) async throws
        -> [String: Name]
    {
        let context = RequestContext(stream: "facet names")
        var found: [String: Name] = [:]
        try await StartCountPaging.run(pageSize: 100, context: context, endpoint: "/" + path) { start in
            let body = try await client.get(
                path, query: StartCountPaging.parameters(start: start, pageSize: 100), context: context)
            let elements = body["elements"]?.arrayValue ?? []
            for element in elements {
                let urn =
                    element["$URN"]?.stringValue
                    ?? element["id"]?.int64Value.flatMap { id in type.map { "urn:li:\($0):\(id)" } }
                if let urn { found[urn] = Name(name: FacetLookup.name(in: element, locale: locale)) }
            }
            return StartCountPaging.Page(received: elements.count, body: body)
        }
        return found
    }
}
