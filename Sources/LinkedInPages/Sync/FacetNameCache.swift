import AirbyteProtocol

extension FacetNames {
    /// Sets the record's name (and parent, and where the name came from) from `known`: null where nothing named it.
    func set(on record: inout JSONObject, from known: [String: FacetNameCache.Name]) {
        let value = record[valueField]?.stringValue ?? ""
        let found = known[value]
        record[nameField] = found?.name.map(JSON.string) ?? .null
        if let parentField { record[parentField] = found?.parent.map(JSON.string) ?? .null }
        if let sourceField {
            record[sourceField] = found?.name == nil ? .null : found.map { JSON.string($0.source.rawValue) } ?? .null
        }
    }
}

/// The names of facet values, asked of LinkedIn once per value per run, in batches of `batchSize`, and shared by every
/// stream. A value LinkedIn cannot name keeps no name and one warning; never a failure. Industries LinkedIn refuses
/// to name (the lookup needs `r_basicprofile`) are named from LinkedIn's published table, `IndustryCodesV2`.
///
/// Two ways to ask: `names(for:)` resolves at once (a stream that holds all its values together); `prepare(_:)`
/// only looks up full batches and leaves the rest pending, so streams read page by page can hold their unnamed rows
/// (`FacetRowWindow`) until the values of many pages fill a batch: 20 pages whose geo lists differ cost
/// ⌈distinct geos / 50⌉ lookups, not one or more per page.
actor FacetNameCache {
    struct Name: Sendable {
        var name: String?
        var parent: String?
        var source: Source = .linkedIn
    }

    /// Who named a value (facet_values' `nameSource`).
    enum Source: String, Sendable {
        /// LinkedIn's standardized-data API, in the configured locale.
        case linkedIn = "linkedin_api"
        /// LinkedIn's published Industry Codes V2 table shipped with the connector (English).
        case industryCodesV2 = "industry_codes_v2"
        /// The connector's own table of an enum LinkedIn offers no lookup for (staff count ranges, association types).
        case connector = "connector"
    }

    private let client: LinkedInClient
    private let locale: String
    private let sink: MessageSink
    var known: [String: Name] = [:]
    /// GET_ALL lookups already made (each answers every value of its type).
    private var listed: Set<String> = []
    /// Batch lookups LinkedIn refused this run (403): not asked again.
    private var refused: Set<String> = []
    /// Values waiting for a batch lookup, by lookup path, in order of arrival.
    private var pending: [String: (localized: Bool, ids: [String])] = [:]
    private var pendingSet: Set<String> = []
    /// Values no lookup named, for one warning per resolution.
    private var unnamed: [String] = []

    /// Rows held by `FacetRowWindow` until their values are named, per stream, and how many of the stream's
    /// partitions have finished.
    var held: [String: [JSONObject]] = [:]
    var heldCount = 0
    var finished: [String: Int] = [:]
    /// How many partitions each stream that holds rows reads in this run (one per page it is served for); nil:
    /// never hold.
    let partitionsPerStream: [String: Int]?

    static let batchSize = 50

    init(client: LinkedInClient, locale: String, sink: MessageSink, partitionsPerStream: [String: Int]? = nil) {
        self.client = client
        self.locale = locale
        self.sink = sink
        self.partitionsPerStream = partitionsPerStream
    }

    /// The resolution under way: resolutions run one after another, so two streams asking about the same values at
    /// once cost one lookup, not two.
    private var tail: Task<Void, Never>?

    /// Names for `values`; asks LinkedIn only about values not seen before in this run, pending ones included.
    func names(for values: [String]) async -> [String: Name] {
        await serially { await self.register(values, completeBatchesOnly: false) }
        let wanted = Set(values)
        return known.filter { wanted.contains($0.key) }
    }

    /// Registers `values` and looks up every full batch of pending ones; the rest stay pending until `flush`.
    func prepare(_ values: [String]) async {
        await serially { await self.register(values, completeBatchesOnly: true) }
    }

    /// Looks up every pending value, full batch or not.
    func flush() async {
        await serially { await self.register([], completeBatchesOnly: false) }
    }

    private func serially(_ work: @escaping @Sendable () async -> Void) async {
        let previous = tail
        let task = Task {
            await previous?.value
            await work()
        }
        tail = task
        await task.value
    }

    private func register(_ values: [String], completeBatchesOnly: Bool) async {
        for value in Set(values).sorted() where known[value] == nil && !pendingSet.contains(value) {
            switch FacetLookup.lookup(for: value) {
            case .fixed(let table)?:
                known[value] = Name(name: table[value], source: .connector)
            case .batch(let path, let localized)?:
                if refused.contains(path) {
                    fallBack(value)
                } else {
                    pending[path, default: (localized, [])].ids.append(value)
                    pendingSet.insert(value)
                }
            case .all(let path)?:
                if !listed.contains(path) { await listAll(path) }
                if known[value] == nil { fallBack(value) }
            case nil:
                fallBack(value)
            }
        }
        for path in pending.keys.sorted() {
            while let batch = pending[path], batch.ids.count >= (completeBatchesOnly ? Self.batchSize : 1) {
                let ids = Array(batch.ids.prefix(Self.batchSize))
                pending[path]?.ids.removeFirst(ids.count)
                if pending[path]?.ids.isEmpty == true { pending[path] = nil }
                pendingSet.subtract(ids)
                await lookUp(ids, path: path, localized: batch.localized)
                for id in ids where known[id] == nil { fallBack(id) }
            }
        }
        warnUnnamed()
    }

    /// A value no lookup named: LinkedIn's published industry table where it has it, else no name.
    private func fallBack(_ value: String) {
        if let entry = IndustryCodesV2.byURN[value] {
            known[value] = Name(name: entry.name, parent: entry.parent, source: .industryCodesV2)
        } else {
            known[value] = Name()
            unnamed.append(value)
        }
    }

    private func warnUnnamed() {
        guard !unnamed.isEmpty else { return }
        let sample = unnamed.sorted().prefix(5).joined(separator: ", ")
        sink.log(
            .warn,
            "LinkedIn named no facet value for \(unnamed.count) value(s) (\(sample)\(unnamed.count > 5 ? ", …" : "")); "
                + "their rows keep the URN or code and a null name.")
        unnamed = []
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
                    let element = body["results"]?[id],
                    let name = FacetLookup.name(in: element, locale: locale)
                else { continue }
                known[value] = Name(name: name, parent: FacetLookup.parent(in: element))
            }
        } catch {
            let failure = LinkedInAPIError.wrapping(error, stream: "facet names")
            if failure.status == 403 { refused.insert(path) }
            let fallback = values.contains { IndustryCodesV2.byURN[$0] != nil }
            sink.log(
                .warn,
                "Facet names from \(path) are unavailable: \(failure.connectorError.message)"
                    + (fallback
                        ? " Industries are named from LinkedIn's published table (\(IndustryCodesV2.version), "
                            + "English) instead; facet_values.nameSource says \(Source.industryCodesV2.rawValue)."
                        : ""))
        }
    }

    private func listAll(_ path: String) async {
        listed.insert(path)
        let type = FacetLookup.byURNType.first { if case .all(path) = $0.value { return true } else { return false } }?
            .key
        do {
            for (urn, name) in try await list(path, type: type) { known[urn] = name }
        } catch {
            sink.log(
                .warn,
                "Facet names from \(path) are unavailable: "
                    + LinkedInAPIError.wrapping(error, stream: "facet names").connectorError.message)
        }
    }

    /// Every value of a GET_ALL lookup, by URN, in the configured locale.
    private func list(_ path: String, type: String?) async throws -> [String: Name] {
        let context = RequestContext(stream: "facet names")
        var found: [String: Name] = [:]
        let (client, locale, localeParameter) = (self.client, self.locale, self.localeParameter)
        try await StartCountPaging.run(pageSize: 100, context: context, endpoint: "/" + path) { start in
            let body = try await client.get(
                path,
                query: [("locale", localeParameter)] + StartCountPaging.parameters(start: start, pageSize: 100),
                context: context)
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
