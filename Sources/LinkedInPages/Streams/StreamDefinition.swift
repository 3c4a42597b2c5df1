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
    /// nil for lifetime snapshots; set for streams read in time windows.
    public let timeWindow: TimeWindowCursor?
    /// Applied in order to every record.
    public let transforms: [RecordTransform]
    public let primaryKey: [[String]]
    public let schema: JSON

    public init(
        name: String, request: RequestTemplate, partitioning: Partitioning = .eachOrganization,
        records: RecordSelector = .elements, paging: Paging = .none, timeWindow: TimeWindowCursor? = nil,
        transforms: [RecordTransform] = [], primaryKey: [[String]], schema: JSON
    ) {
        self.name = name
        self.request = request
        self.partitioning = partitioning
        self.records = records
        self.paging = paging
        self.timeWindow = timeWindow
        self.transforms = transforms
        self.primaryKey = primaryKey
        self.schema = schema
    }

    public var isIncremental: Bool { timeWindow != nil }

    /// What `discover` prints for this stream.
    public var airbyteStream: AirbyteStream {
        AirbyteStream(
            name: name, jsonSchema: schema,
            supportedSyncModes: isIncremental ? [.fullRefresh, .incremental] : [.fullRefresh],
            defaultCursorField: timeWindow.map { [$0.cursorField] } ?? [], primaryKey: primaryKey)
    }
}

/// A path and query with placeholders filled per partition and slice.
public struct RequestTemplate: Sendable {
    public enum PathPart: Sendable {
        case literal(String)
        /// The organization's URN as an encoded path key (`urn%3Ali%3Aorganization%3A1`).
        case organizationURN
    }

    public enum Parameter: Sendable {
        case literal(String, RestLiValue)
        /// `name=<organization URN>`.
        case organizationURN(String)
        /// `name=List(<id>,<id>,...)` over the partition's organizations (batch endpoints).
        case organizationIDs(String)
        /// `timeIntervals=(timeRange:(start:S,end:E),timeGranularityType:G)` for the current slice.
        case timeIntervals
    }

    public let path: [PathPart]
    public let query: [Parameter]

    public init(_ path: PathPart..., query: [Parameter] = []) {
        self.path = path
        self.query = query
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
}

public enum RecordSelector: Sendable {
    /// `elements[]`, the usual finder response.
    case elements
    /// The whole body is one record.
    case root
    /// A batch GET: `results{id: record}`, with failures in `statuses` / `errors`.
    case batchResults
}

public enum Paging: Sendable {
    case none
    /// `start`/`count` paging; stops on a short page, never trusting `paging.total` alone.
    case startCount(pageSize: Int)
}

/// A stream read in time windows, with its cursor field (epoch ms) and the granularity sent to LinkedIn.
public struct TimeWindowCursor: Sendable {
    public let cursorField: String

    public init(cursorField: String) { self.cursorField = cursorField }
}
