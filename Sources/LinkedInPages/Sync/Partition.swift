import AirbyteProtocol

/// A unit of a stream's work with its own failure: one organization, the token, one parent record of one
/// organization (a post whose comments are read), or a batch of organizations or parents read by one request.
/// Every member keeps its own state entry (`members`), so a batch is only a way of asking, never a way of saving.
struct Partition: Sendable {
    let organizations: [Organization]
    /// The parent records this partition is about, for children of another stream; empty otherwise.
    let parents: [JSONObject]
    /// The parents' keys (a post's URN), in the order of `parents`.
    let parentKeys: [String]
    /// What each member's cursor is saved under: one key per organization of an organization batch, one per
    /// parent of a batch of parents, the partition's own key otherwise.
    let members: [PartitionKey]

    init(
        organizations: [Organization], parents: [JSONObject] = [], parentKeys: [String] = [], key: PartitionKey? = nil
    ) {
        self.init(
            organizations: organizations, parents: parents, parentKeys: parentKeys,
            members: [key ?? PartitionKey(organization: organizations.count == 1 ? organizations[0] : nil)])
    }

    init(organizations: [Organization], parents: [JSONObject], parentKeys: [String], members: [PartitionKey]) {
        self.organizations = organizations
        self.parents = parents
        self.parentKeys = parentKeys
        self.members = members
    }

    static let token = Partition(organizations: [])

    /// The first member's key: a single partition's key, and how a batch is named in the log (see `label`).
    var key: PartitionKey { members[0] }

    /// How log lines name the partition.
    var label: String {
        members.count == 1 ? key.description : "\(key) and \(members.count - 1) more in its batch"
    }

    /// The organization of a single-organization partition.
    var organization: Organization? { organizations.count == 1 ? organizations[0] : nil }

    /// One partition reading all of `partitions`, members in order (organizations without repeats).
    static func batch(_ partitions: [Partition]) -> Partition {
        var organizations: [Organization] = []
        for organization in partitions.flatMap(\.organizations) where !organizations.contains(organization) {
            organizations.append(organization)
        }
        return Partition(
            organizations: organizations, parents: partitions.flatMap(\.parents),
            parentKeys: partitions.flatMap(\.parentKeys), members: partitions.flatMap(\.members))
    }
}

/// The fields a partition's state entry is saved under, in Airbyte's per-partition shape:
/// `{"org_id": "2414183"}` or `{"org_id": "2414183", "post": "urn:li:share:1"}`; a showcase page's `org_id` is its
/// URN (`{"org_id": "urn:li:organizationBrand:8800001"}`).
struct PartitionKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    struct Field: Sendable, Hashable {
        let name: String
        let value: String
    }

    let fields: [Field]

    /// Fields in a canonical order, `org_id` first and the others by name, so a key reads back the same however the
    /// platform stored the state's objects (Postgres `jsonb` reorders keys).
    init(_ fields: [(String, String)]) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }.sorted { left, right in
            (left.name == "org_id" ? 0 : 1, left.name) < (right.name == "org_id" ? 0 : 1, right.name)
        }
    }

    init(organization: Organization?) {
        self.init(organization.map { [("org_id", $0.stateKey)] } ?? [])
    }

    /// The same key with one more field (a child's parent key).
    func adding(_ name: String, _ value: String) -> PartitionKey {
        PartitionKey(fields.map { ($0.name, $0.value) } + [(name, value)])
    }

    subscript(name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The organization the key names, if any.
    var organization: Organization? { self["org_id"].flatMap(Organization.init) }

    var json: JSON { .object(JSONObject(fields.map { ($0.name, JSON.string($0.value)) })) }

    /// Reads `{"org_id": "1", ...}` (values as strings or integers; `organization` accepted for `org_id`).
    init?(json: JSON) {
        guard let object = json.objectValue else { return nil }  // `{}`: the token's (or a batch's) partition
        var fields: [(String, String)] = []
        for (name, value) in object {
            guard let text = value.stringValue ?? value.int64Value.map(String.init) else { return nil }
            if name == "org_id" || name == "organization" {
                guard let organization = Organization(text) else { return nil }
                fields.append(("org_id", organization.stateKey))
            } else {
                fields.append((name, text))
            }
        }
        self.init(fields)
    }

    var description: String { fields.map { "\($0.name) \($0.value)" }.joined(separator: ", ") }

    /// Company pages in numeric order, then showcase pages (keyed by URN), then the other fields as text: a stable
    /// order for state entries.
    static func < (lhs: PartitionKey, rhs: PartitionKey) -> Bool {
        lhs.fields.map(\.sortText).lexicographicallyPrecedes(rhs.fields.map(\.sortText))
    }
}

extension PartitionKey.Field {
    /// A company page's digits padded to sort numerically; a showcase page's URN sorts after every number.
    fileprivate var sortText: String {
        guard name == "org_id", value.count <= 20, value.allSatisfy(\.isASCIIDigitCharacter) else { return value }
        return String(repeating: "0", count: 20 - value.count) + value
    }
}
