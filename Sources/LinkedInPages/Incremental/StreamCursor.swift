import AirbyteProtocol

/// How an incremental stream slices a partition and what its cursor means. Every cursor value is epoch
/// milliseconds, kept per partition; a cursor never moves backwards.
public enum StreamCursor: Sendable {
    /// Statistics read in whole-day time windows; the cursor is the end of the last window read.
    case timeWindow(field: String)
    /// A listing sorted by last modification, newest first: paging stops at the cursor minus the lookback, and the
    /// cursor becomes the newest modification seen.
    case modifiedSince(field: String)
    /// Children read only when their parent's engagement changed: `signal` is compared with the value saved for the
    /// partition, and only records changed since the partition's cursor (minus the lookback) are emitted.
    case changeDetection(ChangeSignal)

    /// The record field `discover` declares as the cursor, and the field its state entries carry.
    public var field: String {
        switch self {
        case .timeWindow(let field), .modifiedSince(let field): return field
        case .changeDetection(let signal): return signal.field
        }
    }
}

/// What tells a child partition (one post) whether it has anything new, declared in the registry.
public struct ChangeSignal: Sendable {
    /// The stream whose records carry the signal of each parent (e.g. per-post counts), read once per run.
    public let stream: String
    /// The field of a signal record naming its parent (matched with the child partition's parent key).
    public let parentField: String
    /// The signal record's fields that, taken together, change when the children change (counts).
    public let values: [String]
    /// The child record's time field: the cursor.
    public let field: String
    /// Whether the child listing is sorted newest first, so paging may stop at the cursor.
    public let newestFirst: Bool

    public init(stream: String, parentField: String, values: [String], field: String, newestFirst: Bool) {
        self.stream = stream
        self.parentField = parentField
        self.values = values
        self.field = field
        self.newestFirst = newestFirst
    }

    /// The signal's value for one parent: its counts joined, or nil when the signal stream has no record for it.
    func value(in record: JSONObject?) -> String? {
        guard let record else { return nil }
        return values.map { record[$0]?.serialized ?? "null" }.joined(separator: ",")
    }

    /// Whether a signal says the parent has no children at all (every count 0).
    func isEmpty(_ signal: String) -> Bool {
        signal.split(separator: ",").allSatisfy { $0 == "0" }
    }

    /// The state entry field that keeps the signal seen at the last read.
    static let stateField = "engagement"
}

/// One request's worth (or one listing's worth) of a partition.
public struct Slice: Sendable {
    /// The days asked for, for time-bound requests.
    public var window: TimeSlice?
    /// Records whose `field` is older than `millis` are not emitted; with `stopPaging`, no later page is asked for.
    public var since: (field: String, millis: Int64, stopPaging: Bool)?

    public init(window: TimeSlice? = nil, since: (field: String, millis: Int64, stopPaging: Bool)? = nil) {
        self.window = window
        self.since = since
    }

    /// Whether a record falls before the slice's start.
    func isBeforeStart(_ record: JSONObject) -> Bool {
        guard let since else { return false }
        return (record[since.field]?.int64Value ?? Int64.max) < since.millis
    }
}
