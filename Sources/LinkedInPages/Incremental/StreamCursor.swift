import AirbyteProtocol

/// How an incremental stream slices a partition and what its cursor means. Every cursor value is epoch
/// milliseconds, kept per partition; a cursor never moves backwards.
enum StreamCursor: Sendable {
    /// Statistics read in whole-day time windows; the cursor is the end of the last window read. `daily`: by day
    /// whatever `time_granularity_type` says (the requests ask for daily figures themselves); `historyDays`: how
    /// many days back LinkedIn keeps the data (video views: six months), older days are not asked for; `oneRange`:
    /// the endpoint takes any range in one (paged) request, so the days are asked in one window, not a window per
    /// month (the Video Analytics API documents `timeRange` as one range with no maximum).
    case timeWindow(field: String, daily: Bool = false, historyDays: Int? = nil, oneRange: Bool = false)
    /// A listing sorted by last modification, newest first: paging stops at the cursor minus the lookback, and the
    /// cursor becomes the newest modification seen.
    case modifiedSince(field: String)
    /// Children read only when their parent's engagement changed: `signal` is compared with the value saved for the
    /// partition, and only records changed since the partition's cursor (minus the lookback) are emitted.
    case changeDetection(ChangeSignal)
    /// A feed LinkedIn keeps for a few days only, read in one time range from the cursor to now (notifications).
    case retained(RetentionWindow)

    /// The record field `discover` declares as the cursor, and the field its state entries carry.
    var field: String {
        switch self {
        case .timeWindow(let field, _, _, _), .modifiedSince(let field): return field
        case .changeDetection(let signal): return signal.field
        case .retained(let window): return window.field
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
    /// The signal record's count of all children and of the direct ones (comments with replies, and top-level
    /// comments): when they are equal the children have no nested records, and nobody asks whether they have.
    let nestedWhenDiffer: (all: String, direct: String)?

    init(
        stream: String, parentField: String, values: [String], field: String, sortedBy: String?,
        nestedWhenDiffer: (all: String, direct: String)? = nil
    ) {
        self.stream = stream
        self.parentField = parentField
        self.values = values
        self.field = field
        self.sortedBy = sortedBy
        self.nestedWhenDiffer = nestedWhenDiffer
    }

    /// One parent's signal, from its signal record: the counts, and its direct and nested children where the
    /// record counts them.
    func parent(in record: JSONObject) -> ParentSignal {
        var signal = ParentSignal(value: value(in: record))
        if let (all, direct) = nestedWhenDiffer, let total = record[all]?.int64Value,
            let top = record[direct]?.int64Value
        {
            signal.direct = top
            signal.nested = total - top
        }
        return signal
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

/// A child partition's parent as its change signal sees it: the counts compared with the last sync's, and its
/// direct and nested children (comments and their replies) where its signal record counts them.
struct ParentSignal: Sendable {
    var value: String?
    var direct: Int64? = nil
    var nested: Int64? = nil

    /// Whether its children have nested records (nil: the signal cannot tell).
    var hasNested: Bool? { nested.map { $0 > 0 } }
}

/// One request's worth (or one listing's worth) of a partition. Equal slices ask LinkedIn the same, which is what
/// lets partitions with equal slices share a request (see `Batching`).
/// The parent part of a `Slice`, immutable and compared by value (a slice is copied, never this).
final class ParentPart: Sendable, Hashable {
    struct Value: Sendable, Hashable {
        var nested: NestedPlan?
        var children: ChildKeys?
        var expectedChildren: Int64?
    }

    let value: Value

    init(_ value: Value) { self.value = value }

    static func == (lhs: ParentPart, rhs: ParentPart) -> Bool { lhs.value == rhs.value }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

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
    /// What a child partition's slice knows of its parent (comment listings only), kept out of line: a sync plans
    /// tens of thousands of slices (13 a page and time-bound stream), which would each carry it inline.
    private var parent: ParentPart?

    /// For a stream with nested listings (replies), what the parent's counts and the last read say about them.
    var nested: NestedPlan? {
        get { parent?.value.nested }
        set { updateParent { $0.nested = newValue } }
    }
    /// The parent's direct children as the sync knows them (from the state), for a stream that keeps them: a whole
    /// listing of the parent that misses one emits its deletion (see `ChildKeys`).
    var children: ChildKeys? {
        get { parent?.value.children }
        set { updateParent { $0.children = newValue } }
    }
    /// How many direct children the parent's counts say it has now: a listing holding fewer is not trusted to say
    /// which are gone (LinkedIn may cut a listing short).
    var expectedChildren: Int64? {
        get { parent?.value.expectedChildren }
        set { updateParent { $0.expectedChildren = newValue } }
    }

    private mutating func updateParent(_ change: (inout ParentPart.Value) -> Void) {
        var value = parent?.value ?? ParentPart.Value()
        change(&value)
        parent = value == ParentPart.Value() ? nil : ParentPart(value)
    }

    /// Whether the slice's listing goes to its end (nothing stops paging at the cursor).
    var listsWhole: Bool { since?.stopPagingOn == nil }

    init(window: TimeSlice? = nil, since: Since? = nil, nested: NestedPlan? = nil) {
        self.window = window
        self.since = since
        if let nested { self.nested = nested }
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
