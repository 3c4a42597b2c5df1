import AirbyteProtocol

/// Turns a stream's `PartitionRouter` into partitions: the organizations (or the token) before any record is read,
/// and a child's parents, organization by organization, from the shared parent records. It yields one partition per
/// organization or parent; `batching` says how many of them one request reads. It knows no cursor.
struct Routing: Sendable {
    /// The organizations the run covers, and the pages compared with them.
    let organizations: [Organization]
    let compared: [Organization]
    /// `post_urns`: when set, the only posts children are read for.
    let postURNs: Set<String>
    /// The streams parents are named among.
    let streams: [StreamDefinition]
    /// The run's time (epoch ms), for parent filters relative to it (posts of the last 365 days).
    let now: Int64

    /// The partitions a router yields before any record is read: one per organization (children are expanded per
    /// organization when their job runs), or the token's.
    func base(_ router: PartitionRouter) -> [Partition] {
        switch router {
        case .eachOrganization, .children, .organizationBatches:
            return organizations.map { Partition(organizations: [$0]) }
        case .comparedOrganizations: return compared.map { Partition(organizations: [$0]) }
        case .token: return [.token]
        }
    }

    /// A child stream's partitions for one organization: one per parent record the filter accepts.
    func children(_ parent: ParentStream, of base: Partition, shared: ParentRecords) async throws -> [Partition] {
        guard let organization = base.organization else { return [] }
        let only: Set<String> = parent.namedInConfig == .postURNs ? postURNs : []
        var records: [JSONObject] = []
        for name in parent.streams {
            guard let definition = streams.first(where: { $0.name == name }) else { continue }
            records += try await shared.records(of: definition, organization: organization, since: nil)
        }
        return records.compactMap { record in
            guard parent.filter?.accepts(record, now: now) ?? true, let key = record[parent.key]?.stringValue,
                only.isEmpty || only.contains(key)
            else { return nil }
            return Partition(
                organizations: [organization], parents: [record], parentKeys: [key],
                key: base.key.adding(parent.partitionField, key))
        }
    }
}

extension PartitionRouter {
    /// How many of the router's partitions one request reads.
    var batching: Batching {
        switch self {
        case .organizationBatches(let size), .comparedOrganizations(let size): return Batching(size: size)
        case .children(let parent): return Batching(size: parent.batchSize, separateBy: parent.separateBy)
        case .eachOrganization, .token: return Batching(size: 1)
        }
    }
}
