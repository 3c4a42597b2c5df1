import AirbyteProtocol

/// One permission family as `check` probes it: a `Permission` the registry's streams declare, the streams that
/// declare it, and the stream whose own first request tests it. Nothing here names an endpoint: a stream added to
/// the registry is checked with its own request, with no probe code of its own.
struct PermissionFamily: Sendable {
    let permission: Permission
    /// The streams that declare the permission, in registry order.
    let streams: [String]
    /// The stream whose request is sent (nil for a facet-lookup probe).
    let probe: StreamDefinition?

    var name: String { permission.family }

    /// Whether its probe reads page data (not the member's, nor a lookup's).
    var isAboutPages: Bool {
        guard let probe, permission.degrades == nil else { return false }
        if case .token = probe.router { return false }
        return true
    }

    /// Every family of `registry`, in the order their first stream appears (parents before their children).
    static func all(_ registry: [StreamDefinition] = StreamRegistry.all) -> [PermissionFamily] {
        var order: [String] = []
        var permissions: [String: Permission] = [:]
        for stream in registry {
            for permission in stream.permissions where permissions[permission.family] == nil {
                permissions[permission.family] = permission
                order.append(permission.family)
            }
        }
        return order.compactMap { family in
            guard let permission = permissions[family] else { return nil }
            let declaring = registry.filter { $0.permissions.contains { $0.family == family } }
            return PermissionFamily(
                permission: permission, streams: declaring.map(\.name), probe: representative(of: permission, declaring)
            )
        }
    }

    /// The stream whose request tests `family`: one that declares it first (its own request needs it), reads with a
    /// request of its own, and needs no time window, when there is one (a lifetime request is the cheapest).
    private static func representative(of permission: Permission, _ declaring: [StreamDefinition])
        -> StreamDefinition?
    {
        guard case .streamRequest = permission.probe else { return nil }
        let own = declaring.filter { stream in
            if case .parents = stream.records { return false }
            return stream.permissions.first?.family == permission.family
        }
        return own.first { !$0.request.needsWindow } ?? own.first
    }

    /// The targets of the probe for a sample of pages, given the records earlier probes returned.
    /// `compared` are the pages of others the config names by id (`compare_organizations`).
    /// - Parameter now: the run's time (epoch ms), for parent filters relative to it.
    func targets(sample: [Organization], compared: [Organization], seen: ProbeRecords, now: Int64)
        -> (targets: [ProbeTarget], absent: String?)
    {
        guard let probe else { return ([.member], nil) }
        switch probe.router {
        case .token: return ([.member], nil)
        case .organizationBatches:
            // One batch per page kind: LinkedIn looks company and showcase pages up at different endpoints.
            let kinds = [Organization.Kind.company, .showcase].map { kind in sample.filter { $0.kind == kind } }
            return sample.isEmpty
                ? ([], "no page to check") : (kinds.filter { !$0.isEmpty }.map { .organizations($0) }, nil)
        case .comparedOrganizations:
            return compared.isEmpty
                ? ([], "no page to compare is given by id in compare_organizations")
                : ([.organizations(compared)], nil)
        case .eachOrganization:
            // A page LinkedIn does not serve the stream for (a showcase page's posts) is not probed: it is skipped.
            let served = sample.filter {
                RequestBuilder.notServed(probe, for: $0.kind, streams: StreamRegistry.named) == nil
            }
            if sample.isEmpty { return ([], "no page to check") }
            return served.isEmpty
                ? ([], "LinkedIn does not serve it for showcase pages") : (served.map { .organization($0) }, nil)
        case .children(let parent):
            let listed = parent.streams.flatMap { seen.records(of: $0) }
            guard
                let first = listed.first(where: { parent.filter?.accepts($0.record, now: now) ?? true }),
                let key = first.record[parent.key]?.stringValue
            else {
                let what = parent.streams.joined(separator: " or ")
                return (
                    [],
                    listed.isEmpty
                        ? "no \(what) record could be listed on the checked pages"
                        : "the latest \(what) records of the checked pages include none it reads"
                )
            }
            return ([.parent(first.record, key: key, of: first.organization)], nil)
        }
    }

    /// The request for one target: the probe stream's path and query for that partition, its first listing, and
    /// `start=0&count=1` where it pages; or the facet lookup's batch request for its one value.
    func request(_ target: ProbeTarget, locale: String) -> (path: String, query: [(String, RestLiValue)])? {
        if case .facetLookup(let value) = permission.probe {
            guard case .batch(let path, let localized)? = FacetLookup.lookup(for: value),
                let id = value.split(separator: ":").last.flatMap({ Int64($0) })
            else { return nil }
            return (path, [("ids", .list([.int(id)]))] + (localized ? [("locale", Self.locale(locale))] : []))
        }
        guard let probe else { return nil }
        let partition = target.partition
        var query = RequestBuilder.query(probe.request, partition: partition, slice: nil, granularity: "DAY")
        query += probe.listings.first ?? []
        if case .startCount = probe.paging { query += StartCountPaging.parameters(start: 0, pageSize: 1) }
        return (RequestBuilder.path(probe.request, partition: partition), query)
    }

    static func locale(_ locale: String) -> RestLiValue {
        let parts = locale.split(separator: "_")
        return .object([
            ("language", .string(String(parts.first ?? "en"))), ("country", .string(String(parts.last ?? "US"))),
        ])
    }
}

/// What a probe request is sent for.
enum ProbeTarget: Sendable {
    case member
    case organizations([Organization])
    case organization(Organization)
    /// A parent record (a post), its key and the page it belongs to.
    case parent(JSONObject, key: String, of: Organization)

    var organization: Organization? {
        switch self {
        case .organization(let organization), .parent(_, _, let organization): return organization
        case .member, .organizations: return nil
        }
    }

    var partition: Partition {
        switch self {
        case .member: return .token
        case .organizations(let organizations): return Partition(organizations: organizations)
        case .organization(let organization): return Partition(organizations: [organization])
        case .parent(let record, let key, let organization):
            return Partition(organizations: [organization], parents: [record], parentKeys: [key])
        }
    }
}

/// The records the probes returned, by stream: the parents of child streams' probes (a post for its comments).
struct ProbeRecords: Sendable {
    private var byStream: [String: [(record: JSONObject, organization: Organization)]] = [:]

    mutating func note(_ records: [JSONObject], of stream: String, organization: Organization?) {
        guard let organization else { return }
        byStream[stream, default: []] += records.map { ($0, organization) }
    }

    func records(of stream: String) -> [(record: JSONObject, organization: Organization)] {
        byStream[stream] ?? []
    }
}

extension RequestTemplate {
    /// Whether the request asks for a time window (it cannot be sent without a slice).
    var needsWindow: Bool {
        query.contains {
            switch $0 {
            case .timeIntervals, .timeRange: return true
            default: return false
            }
        }
    }
}
