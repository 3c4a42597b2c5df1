import AirbyteProtocol

/// One stream, declared as data: where its records come from, how they are cut into partitions and slices, how
/// they are shaped, and what `discover` says about them. The sync engine reads these values and knows nothing of
/// any particular stream.
public struct StreamDefinition: Sendable {
    public let name: String
    /// One request template per partition (and per slice, for time-bound streams).
    public let request: RequestTemplate
    /// How partitions are formed.
    public let partitioning: Partitioning
    /// Where the records sit in a response.
    public let records: RecordSelector
    public let paging: Paging
    /// nil for snapshots read in full each time; set for incremental streams.
    public let cursor: StreamCursor?
    /// Applied in order to every record.
    public let transforms: [RecordTransform]
    /// Fields filled by a further request per record, after the transforms.
    public let enrichments: [Enrichment]
    public let primaryKey: [[String]]
    public let schema: JSON

    public init(
        name: String, request: RequestTemplate, partitioning: Partitioning = .eachOrganization,
        records: RecordSelector = .elements, paging: Paging = .none, cursor: StreamCursor? = nil,
        transforms: [RecordTransform] = [], enrichments: [Enrichment] = [], primaryKey: [[String]], schema: JSON
    ) {
        self.name = name
        self.request = request
        self.partitioning = partitioning
        self.records = records
        self.paging = paging
        self.cursor = cursor
        self.transforms = transforms
        self.enrichments = enrichments
        self.primaryKey = primaryKey
        self.schema = schema
    }

    public var isIncremental: Bool { cursor != nil }

    /// The same stream with more fixed query parameters (e.g. a second listing of sponsored posts).
    func adding(query extra: [(String, RestLiValue)]) -> StreamDefinition {
        StreamDefinition(
            name: name,
            request: RequestTemplate(
                path: request.path, query: request.query + extra.map { .literal($0.0, $0.1) },
                variantsOn400: request.variantsOn400),
            partitioning: partitioning, records: records, paging: paging, cursor: cursor, transforms: transforms,
            enrichments: enrichments, primaryKey: primaryKey, schema: schema)
    }

    /// Whether its records can identify members (and so fall under `member_data`).
    public var handlesMemberData: Bool {
        transforms.contains { if case .memberIdentifiers = $0 { return true } else { return false } }
    }

    /// What `discover` prints for this stream.
    public var airbyteStream: AirbyteStream {
        AirbyteStream(
            name: name, jsonSchema: schema,
            supportedSyncModes: isIncremental ? [.fullRefresh, .incremental] : [.fullRefresh],
            defaultCursorField: cursor.map { [$0.field] } ?? [], primaryKey: primaryKey)
    }
}

/// A path and query with placeholders filled per partition and slice.
public struct RequestTemplate: Sendable {
    public enum PathPart: Sendable {
        case literal(String)
        /// The organization's URN as an encoded path key (`urn%3Ali%3Aorganization%3A1`).
        case organizationURN
        /// The post's URN as an encoded path key (`urn%3Ali%3Ashare%3A1`).
        case postURN
        /// The post as the complex key `(entity:urn%3Ali%3Ashare%3A1)` (the Reactions API).
        case postEntityKey
    }

    public enum Parameter: Sendable {
        case literal(String, RestLiValue)
        /// `name=<organization URN>`.
        case organizationURN(String)
        /// `name=List(<id>,<id>,...)` over the partition's organizations (batch endpoints).
        case organizationIDs(String)
        /// `timeIntervals=(timeRange:(start:S,end:E),timeGranularityType:G)` for the current slice.
        case timeIntervals
        /// The partition's posts as `shares=List(...)` and `ugcPosts=List(...)`, by URN type.
        case postURNs(shares: String, ugcPosts: String)
    }

    public let path: [PathPart]
    public let query: [Parameter]
    /// Literal parameters to try instead, in order, when LinkedIn answers 400 (an enum spelled differently across
    /// API versions); the first variant LinkedIn accepts wins.
    public let variantsOn400: [[(String, RestLiValue)]]

    public init(_ path: PathPart..., query: [Parameter] = [], variantsOn400: [[(String, RestLiValue)]] = []) {
        self.init(path: path, query: query, variantsOn400: variantsOn400)
    }

    public init(path: [PathPart], query: [Parameter], variantsOn400: [[(String, RestLiValue)]] = []) {
        self.path = path
        self.query = query
        self.variantsOn400 = variantsOn400
    }
}

/// How a stream's work is split into independent units, each with its own cursor and its own failure.
public enum Partitioning: Sendable {
    /// One partition per organization.
    case eachOrganization
    /// All organizations in one batch request (at most `batchSize` per request); per-id errors stay per id.
    case organizationBatches(batchSize: Int)
    /// One partition for the token itself (e.g. the roles it holds).
    case token
    /// One partition per organization, whose requests go per batch of the organization's posts (children of the
    /// `posts` listing; `batchSize` 1 means one request per post).
    case postsOfOrganization(batchSize: Int)
    /// The config's `compare_organizations` (pages the token need not administer), resolved to ids, in batches.
    case comparedOrganizationBatches(batchSize: Int)
}

/// A field filled from a second request per record, e.g. a compared page's follower count.
public struct Enrichment: Sendable {
    /// The field to set on the record.
    public let field: String
    /// The record field holding the organization id the second request is about.
    public let organizationFrom: String
    public let request: RequestTemplate
    /// The field of the second response to copy.
    public let value: String

    public init(field: String, organizationFrom: String, request: RequestTemplate, value: String) {
        self.field = field
        self.organizationFrom = organizationFrom
        self.request = request
        self.value = value
    }
}

public enum RecordSelector: Sendable {
    /// `elements[]`, the usual finder response.
    case elements
    /// The whole body is one record.
    case root
    /// A batch GET: `results{id: record}`, with failures in `statuses` / `errors`. With `missingIsError` false, an
    /// id LinkedIn does not know is a warning, not a failure (pages of others, which may disappear).
    case batchResults(missingIsError: Bool)
}

public enum Paging: Sendable {
    case none
    /// `start`/`count` paging; stops on a short page, never trusting `paging.total` alone.
    case startCount(pageSize: Int)
}

/// How an incremental stream knows where it stopped. Every cursor is epoch milliseconds, kept per organization.
public enum StreamCursor: Sendable {
    /// Statistics read in whole-day time windows; the cursor is the end of the last window read.
    case timeWindow(field: String)
    /// A listing sorted by last modification, newest first: paging stops at the cursor minus the lookback, and
    /// the cursor becomes the newest modification seen.
    case modifiedSince(field: String)
    /// Children of posts: only posts modified since the cursor (minus the lookback) are visited, and the cursor
    /// becomes the newest of them.
    case parentModifiedSince(field: String)

    /// The record field `discover` declares as the cursor.
    public var field: String {
        switch self {
        case .timeWindow(let field), .modifiedSince(let field), .parentModifiedSince(let field): return field
        }
    }
}
