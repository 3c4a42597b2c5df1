import AirbyteProtocol

/// How a stream's work is split into partitions: independent units with their own cursor and their own failure.
/// A router only yields partitions; it knows no cursor (see `StreamCursor` for the slices of each partition).
enum PartitionRouter: Sendable {
    /// One partition per organization.
    case eachOrganization
    /// All organizations, `size` per request (batch endpoints); per-id errors stay per id.
    case organizationBatches(size: Int)
    /// One partition for the token itself (e.g. the roles it holds).
    case token
    /// The config's `compare_organizations` (pages the token need not administer), resolved to ids, in batches.
    case comparedOrganizations(batchSize: Int)
    /// Children of another stream's records, organization by organization (e.g. the comments of each post).
    case children(ParentStream)
}

/// A child stream's parent: which stream, which of its records, how many per request, and what the child keeps of
/// each parent. Parents may themselves be children (replies of comments of posts).
struct ParentStream: Sendable {
    /// The parent streams' names in the registry (usually one; several are read one after another).
    let streams: [String]
    /// The parent field that identifies a parent record (a post's `id`, a URN).
    let key: String
    /// The name of the partition field that carries the parent key in state (`post`).
    let partitionField: String
    /// Only parents this accepts become partitions (e.g. video posts only).
    let filter: RecordFilter?
    /// Parent records per partition (per request). 1 gives each parent its own partition and cursor.
    let batchSize: Int
    /// Parents whose keys differ in this way never share a batch (LinkedIn documents one URN type per list).
    let separateBy: KeyGrouping
    /// Parent fields copied onto every child record: (parent field, child field).
    let copies: [(from: String, to: String)]
    /// A config list that, when set, limits the parents to the keys it names.
    let namedInConfig: ConfigList?
    /// Children repeat across organizations (a geo followed on two pages): the primary key alone identifies one,
    /// and each is emitted once per run.
    let uniqueAcrossOrganizations: Bool

    enum ConfigList: Sendable {
        /// `post_urns`.
        case postURNs
    }

    init(
        _ streams: String..., key: String = "id", partitionField: String, namedInConfig: ConfigList? = nil,
        filter: RecordFilter? = nil, batchSize: Int = 1, separateBy: KeyGrouping = .none,
        copies: [(from: String, to: String)] = [], uniqueAcrossOrganizations: Bool = false
    ) {
        self.namedInConfig = namedInConfig
        self.uniqueAcrossOrganizations = uniqueAcrossOrganizations
        self.streams = streams
        self.key = key
        self.partitionField = partitionField
        self.filter = filter
        self.batchSize = max(1, batchSize)
        self.separateBy = separateBy
        self.copies = copies
    }
}

/// A way of telling parent keys apart so that a batch holds one kind only.
enum KeyGrouping: Sendable {
    case none
    /// By URN type: `urn:li:share:1` and `urn:li:ugcPost:2` go in different batches.
    case urnType

    func group(of key: String) -> String {
        switch self {
        case .none: return ""
        case .urnType:
            let parts = key.split(separator: ":", maxSplits: 3)
            return parts.count >= 3 ? String(parts[2]) : ""
        }
    }
}

/// A test on a record, declared in the registry (e.g. "a post whose media is a video").
enum RecordFilter: Sendable {
    /// The string at `path` starts with `prefix`.
    case hasPrefix(path: [String], prefix: String)
    /// The first time (epoch ms) found at `paths` is at most `days` days before now; a record with none passes
    /// (LinkedIn decides then).
    case within(days: Int, of: [[String]])
    /// Every filter holds.
    case all([RecordFilter])

    /// - Parameter now: the run's time (epoch ms), for filters relative to it.
    func accepts(_ record: JSONObject, now: Int64) -> Bool {
        switch self {
        case let .hasPrefix(path, prefix):
            return JSON.object(record).value(at: path)?.stringValue?.hasPrefix(prefix) == true
        case let .within(days, paths):
            guard let time = paths.lazy.compactMap({ JSON.object(record).value(at: $0)?.int64Value }).first else {
                return true
            }
            return time >= now - Int64(days) * 86_400_000
        case .all(let filters):
            return filters.allSatisfy { $0.accepts(record, now: now) }
        }
    }
}

extension JSON {
    /// The value at a path of object keys, nil where a step is missing or not an object.
    func value(at path: [String]) -> JSON? {
        var current: JSON? = self
        for key in path { current = current?[key] }
        return current
    }
}
