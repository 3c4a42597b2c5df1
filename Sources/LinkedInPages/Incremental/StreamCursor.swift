import AirbyteProtocol

/// How an incremental stream slices a partition and what its cursor means. Every cursor value is epoch
/// milliseconds, kept per partition; a cursor never moves backwards.
enum StreamCursor: Sendable {
    /// Statistics read in whole-day time windows; the cursor is the end of the last window read.
    case timeWindow(field: String)
    /// A listing sorted by last modification, newest first: paging stops at the cursor minus the lookback, and the
    /// cursor becomes the newest modification seen.
    case modifiedSince(field: String)
    /// Children read only when their parent's engagement changed: `signal` is compared with the value saved for the
    /// partition, and only records changed since the partition's cursor (minus the lookback) are emitted.
    case changeDetection(ChangeSignal)

    /// The record field `discover` declares as the cursor, and the field its state entries carry.
    var field: String {
        switch self {
        case .timeWindow(let field), .modifiedSince(let field): return field
        case .changeDetection(let signal): return signal.field
        }
    }
}

/// What tells a child partition (one post) whether it has anything new, declared in the registry.
struct ChangeSignal: Sendable {
    /// The stream whose records carry the signal of each parent (e.g. per-post counts), read once per run.
    let stream: String
    /// The field of a signal record naming its parent (matched with the child partition's parent key).
    let parentField: String
    /// The signal record's fields that, taken together, change when the children change (counts).
    let values: [String]
    /// The child record's time field: the cursor.
    let field: String
    /// The record field the child listing is sorted by, newest first, so paging may stop at the cursor (nil: not
    /// sorted). Paging does not stop when a count went down: a reaction that changed type sits where it was created.
    let sortedBy: String?

    init(stream: String, parentField: String, values: [String], field: String, sortedBy: String?) {
        self.stream = stream
        self.parentField = parentField
        self.values = values
        self.field = field
        self.sortedBy = sortedBy
    }

    /// The signal's value for one parent: its counts joined, or nil when the signal stream has no record for it.
    func value(in record: JSONObject?) -> String? {
        guard let record else { return nil }
        return values.map { record[$0]?.serialized ?? "null" }.joined(separator: ",")
    }

    /// Whether any count of `signal` is lower than in `saved` (something was deleted, or changed type).
    func wentDown(from saved: String, to signal: String) -> Bool {
        let old = saved.split(separator: ",").map { Int64($0) ?? 0 }
        let new = signal.split(separator: ",").map { Int64($0) ?? 0 }
        return zip(old, new).contains { $0 > $1 }
    }

    /// Whether a signal says the parent has no children at all (every count 0).
    func isEmpty(_ signal: String) -> Bool {
        signal.split(separator: ",").allSatisfy { $0 == "0" }
    }

    /// The state entry field that keeps the signal seen at the last read.
    static let stateField = "engagement"
}

/// One request's worth (or one listing's worth) of a partition. Equal slices ask LinkedIn the same, which is what
/// lets partitions with equal slices share a request (see `Batching`).
struct Slice: Sendable, Hashable {
    /// Records whose `field` is older than `millis` are not emitted; a record whose `stopPagingOn` field is older
    /// ends the listing (no later page is asked for).
    struct Since: Sendable, Hashable {
        var field: String
        var millis: Int64
        var stopPagingOn: String?
    }

    /// The days asked for, for time-bound requests.
    var window: TimeSlice?
    var since: Since?

    init(window: TimeSlice? = nil, since: Since? = nil) {
        self.window = window
        self.since = since
    }

    /// Whether a record falls before the slice's start.
    func isBeforeStart(_ record: JSONObject) -> Bool {
        guard let since else { return false }
        return (record[since.field]?.int64Value ?? Int64.max) < since.millis
    }

    /// Whether a record ends a listing sorted newest first.
    func endsListing(_ record: JSONObject) -> Bool {
        guard let since, let field = since.stopPagingOn else { return false }
        return (record[field]?.int64Value ?? Int64.max) < since.millis
    }
}
