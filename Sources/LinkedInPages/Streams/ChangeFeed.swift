import AirbyteProtocol

/// Declared on a child stream (a post's comments): another stream's records (the page's notifications) tell which
/// parents changed in a way their counts do not show (an edited comment) and which children are gone (a deleted
/// comment). Used in incremental syncs only:
///
/// - a parent named by a change since the last sync is read again, whatever its counts say, and all of its children
///   are emitted (an edit may keep the comment's time);
/// - a deletion becomes a record of the child's key with `_ab_cdc_deleted_at` set to LinkedIn's time of the deletion
///   (and the cursor field too, so a destination that deduplicates by key and cursor keeps it), the convention of
///   Airbyte's CDC sources that destinations turn into a delete in deduplicated mode.
///
/// What the feed does not cover (older than LinkedIn keeps it, or a parent it names by an activity URN only) is left
/// to the counts: a parent whose count went down is read again, but a child missing from it is not noticed.
struct ChangeFeed: Sendable {
    /// The registry stream whose records are the changes (`page_notifications`).
    let stream: String
    /// The feed record's field naming the parent (the post's URN), matched with the child partition's parent key.
    let parentField: String
    /// The feed record's field naming what happened.
    let actionField: String
    /// Actions that make a parent worth reading again.
    let changes: Set<String>
    /// Actions that mean a child is gone.
    let deletions: Set<String>
    /// Where a feed record names the child: the first present path holds a URN whose last component is the child's
    /// key (`urn:li:comment:(urn:li:activity:1,42)` → `42`).
    let childPaths: [[String]]
    /// The feed record's time field (epoch ms).
    let timeField: String
    /// The child stream's fields a deletion record carries: its parent's key and the child's key.
    let parentKeyField: String
    let childKeyField: String

    /// The column a deletion record sets, declared in the child stream's schema.
    static let deletedAtField = "_ab_cdc_deleted_at"
    /// Its schema: nullable, an ISO-8601 instant, as Airbyte's CDC sources declare it.
    static let deletedAtSchema: JSON = [
        "type": ["null", "string"], "format": "date-time",
        "description": .string(
            "Set on a record that says this row was deleted on LinkedIn, at LinkedIn's time of the deletion (UTC); "
                + "null on every other record. Destinations in deduplicated mode delete the row."),
    ]

    init(
        stream: String, parentField: String, actionField: String, changes: Set<String>, deletions: Set<String>,
        childPaths: [[String]], timeField: String, parentKeyField: String, childKeyField: String
    ) {
        self.stream = stream
        self.parentField = parentField
        self.actionField = actionField
        self.changes = changes
        self.deletions = deletions
        self.childPaths = childPaths
        self.timeField = timeField
        self.parentKeyField = parentKeyField
        self.childKeyField = childKeyField
    }

    /// What the feed says about each parent of one organization.
    struct Changes: Sendable {
        struct Parent: Sendable {
            /// The time of the newest change.
            var newest: Int64 = 0
            /// Deleted children: key → time of the deletion.
            var deleted: [String: Int64] = [:]
        }

        var parents: [String: Parent] = [:]
        /// Changes whose parent the feed names in a form no partition has (an activity URN).
        var unmatched = 0
        /// The oldest moment the feed covers (LinkedIn keeps it for a number of days); nil when unknown.
        var reach: Int64?
    }

    /// Sorts the feed's records of one organization by parent.
    func changes(in records: [JSONObject]) -> Changes {
        var result = Changes()
        for record in records {
            guard let action = record[actionField]?.stringValue, changes.contains(action) else { continue }
            guard let parent = record[parentField]?.stringValue, Self.isPost(parent) else {
                result.unmatched += 1
                continue
            }
            let time = record[timeField]?.int64Value ?? 0
            var entry = result.parents[parent] ?? Changes.Parent()
            entry.newest = max(entry.newest, time)
            if deletions.contains(action), let child = childKey(of: record) {
                entry.deleted[child] = max(entry.deleted[child] ?? 0, time)
            }
            result.parents[parent] = entry
        }
        return result
    }

    /// The child's key named by a feed record, from the first of `childPaths` present.
    func childKey(of record: JSONObject) -> String? {
        let object = JSON.object(record)
        guard let urn = childPaths.lazy.compactMap({ object.value(at: $0)?.stringValue }).first else { return nil }
        // `urn:li:comment:(urn:li:activity:1,42)`, also seen as `urn:li:comment:(activity:1,42)`.
        let last = String(urn.split(separator: ",").last ?? "").filter { $0 != ")" && $0 != " " }
        return last.isEmpty || !last.allSatisfy(\.isNumber) ? nil : last
    }

    /// The record that says a child is gone: its keys, its page, and the time of the deletion as the cursor and as
    /// `_ab_cdc_deleted_at`.
    func deletion(parent: String, child: String, organization: Organization?, time: Int64, cursorField: String)
        -> JSONObject
    {
        var record = JSONObject()
        record[parentKeyField] = .string(parent)
        record[childKeyField] = .string(child)
        if let organization { record["organization"] = .string(organization.urn) }
        record[cursorField] = .int(time)
        record[Self.deletedAtField] = .string(UTCCalendar.timestamp(time))
        return record
    }

    /// Whether LinkedIn's Posts API would name a post so (the form the child partitions are keyed by).
    private static func isPost(_ urn: String) -> Bool {
        urn.hasPrefix("urn:li:share:") || urn.hasPrefix("urn:li:ugcPost:")
    }
}

extension ChangeFeed.Changes {
    /// What the feed changes about reading one parent (a post).
    struct Decision {
        /// The parent's change signal, with the newest change appended when the feed names the parent, so a change
        /// the counts do not show still makes it differ from the one saved at the last read (and states written
        /// before the feed existed stay valid for parents it does not name).
        var signal: String?
        /// Read every child again, not only those changed since the cursor: an edit may keep the child's time.
        var readWhole = false
        /// Deletions not yet emitted (none on a parent never read before: the destination has nothing to delete).
        var deletions: [JSONObject] = []
    }

    /// - Parameters:
    ///   - signal: the parent's current change signal (its counts), nil when unknown.
    ///   - saved: the parent's state entry from the last sync, whose signal carries the newest change it saw (its
    ///     cursor, when written before the feed existed).
    ///   - counts: how many values a signal has before the feed's part.
    func decide(
        _ feed: ChangeFeed, parent: String, signal: String?, saved: JSONObject?, counts: Int,
        organization: Organization?, cursorField: String
    ) -> Decision {
        guard let entry = parents[parent] else { return Decision(signal: signal) }
        let savedSignal = saved?[ChangeSignal.stateField]?.stringValue?.split(separator: ",") ?? []
        // The newest change the last read saw; a state written before the feed existed says only how far the
        // children were read (its cursor), and a change before that was read then.
        let seen =
            savedSignal.count > counts
            ? savedSignal.last.flatMap { Int64($0) } : saved?[cursorField]?.int64Value
        var decision = Decision(signal: signal.map { $0 + "," + String(entry.newest) })
        decision.readWhole = entry.newest > (seen ?? .min)
        guard saved != nil else { return decision }
        for (child, time) in entry.deleted.sorted(by: { $0.key < $1.key }) where time > (seen ?? .min) {
            decision.deletions.append(
                feed.deletion(
                    parent: parent, child: child, organization: organization, time: time, cursorField: cursorField))
        }
        return decision
    }
}

extension JSON {
    /// A record schema with the `_ab_cdc_deleted_at` column of streams that emit deletions.
    var addingDeletedAt: JSON {
        guard case .object(var root) = self, case .object(var properties)? = root["properties"] else { return self }
        properties[ChangeFeed.deletedAtField] = ChangeFeed.deletedAtSchema
        root["properties"] = .object(properties)
        return .object(root)
    }
}
