import AirbyteProtocol

/// The state of one stream: a cursor entry per partition key.
///
/// Written in the shape of Airbyte's per-partition cursors:
/// `{"states":[{"partition":{"org_id":"123"},"cursor":{"timeRangeEnd":1700000000000}}],"timeRangeEnd":1700000000000}`.
/// The top-level value (the oldest cursor) lets Airbyte's own single-organization connector continue from it. A
/// child stream's keys add the parent (`{"org_id":"123","post":"urn:li:share:1"}`).
///
/// Bounded: beyond `maxPartitions` entries the child entries with the oldest cursors are folded into their
/// organization's entry, which serves every post of that organization without an entry of its own. A global cursor
/// (`"state": {field: ms}`, Airbyte's form above 10,000 partitions) is read and kept when a state has one.
///
/// Read from that shape, or from Airbyte's `{"timeRangeEnd": ms}` (which belongs to the config's `org_id`).
/// A partition with no cursor starts from `start_date`; partitions of organizations no longer configured are dropped.
struct PartitionCursors: Sendable, Equatable {
    static let maxPartitions = 10_000

    let cursorField: String
    private var entries: [PartitionKey: JSONObject] = [:]
    /// Each entry as written, built once per change: a checkpoint of one partition among thousands then costs one
    /// new entry, not a rebuild of all of them.
    private var rendered: [PartitionKey: JSON] = [:]
    /// Keys in a stable order, kept sorted as keys arrive.
    private var order: [PartitionKey] = []
    /// The cursor of partitions without an entry (folded away), if any.
    private(set) var global: Int64?
    private let limit: Int

    init(cursorField: String, limit: Int = maxPartitions) {
        self.cursorField = cursorField
        self.limit = limit
    }

    static func == (lhs: PartitionCursors, rhs: PartitionCursors) -> Bool {
        lhs.cursorField == rhs.cursorField && lhs.entries == rhs.entries && lhs.global == rhs.global
    }

    /// - Parameters:
    ///   - legacyOwner: the organization an Airbyte-written single cursor belongs to (`org_id`).
    /// - Throws: `ConnectorError` (config) naming the stream and the bad value.
    init(
        stream: String, cursorField: String, state: JSON?, organizations: [Organization], legacyOwner: Organization?,
        limit: Int = maxPartitions
    ) throws {
        self.init(cursorField: cursorField, limit: limit)
        guard let state, state != .null else { return }
        guard case .object(let object) = state else {
            throw Self.invalid(stream, "must be an object, got \(state.typeName)")
        }
        let wanted = Set(organizations)
        func keep(_ key: PartitionKey) -> Bool { key.organization.map { wanted.contains($0) } ?? true }
        if let list = object["states"] {
            guard let list = list.arrayValue else { throw Self.invalid(stream, "\"states\" must be an array") }
            for (index, entry) in list.enumerated() {
                guard let partition = entry["partition"], let key = PartitionKey(json: partition) else {
                    throw Self.invalid(stream, "states[\(index)].partition must be an object naming its org_id")
                }
                guard let cursor = entry["cursor"]?.objectValue else { continue }
                var parsed = cursor
                if let value = cursor[cursorField] {
                    parsed[cursorField] = .int(
                        try Self.parseCursor(value, stream: stream, field: "states[\(index)].cursor.\(cursorField)"))
                }
                if keep(key) { set(key, parsed) }
            }
            if let value = object["state"]?[cursorField] {
                global = try Self.parseCursor(value, stream: stream, field: "state.\(cursorField)")
            }
        } else if let value = object[cursorField] {
            let cursor = try Self.parseCursor(value, stream: stream, field: cursorField)
            let owner = legacyOwner ?? (organizations.count == 1 ? organizations.first : nil)
            if let owner, wanted.contains(owner) {
                set(PartitionKey(organization: owner), JSONObject([(cursorField, JSON.int(cursor))]))
            }
        }
    }

    /// The partition's saved entry. A partition without one (a new post) takes its organization's entry, if the
    /// state has one (a cursor kept per organization, by Airbyte or by an older version), else the global cursor.
    func entry(for key: PartitionKey) -> JSONObject? {
        if let entry = entries[key] { return entry }
        var fields = key.fields
        while !fields.isEmpty {
            fields.removeLast()
            guard !fields.isEmpty, var owner = entries[PartitionKey(fields.map { ($0.name, $0.value) })] else {
                continue
            }
            // A folded child keeps what it had besides its cursor (its counts) in its owner's `folded` map.
            let child = Self.childName(of: key, under: fields.count)
            let folded = owner[Self.foldedField]?[child]?.objectValue
            owner[Self.foldedField] = nil
            for (name, value) in folded ?? JSONObject() { owner[name] = value }
            return owner
        }
        return global.map { JSONObject([(cursorField, JSON.int($0))]) }
    }

    /// The owner entry's map of folded children: child → its fields other than the cursor.
    static let foldedField = "folded"

    /// Drops a child's copy in its owner's `folded` map once the child has an entry of its own again (which then
    /// says all there is to know about it).
    private mutating func unfold(_ key: PartitionKey) {
        let owner = PartitionKey(Array(key.fields.prefix(1)).map { ($0.name, $0.value) })
        guard var entry = entries[owner], var folded = entry[Self.foldedField]?.objectValue else { return }
        let child = Self.childName(of: key, under: 1)
        guard folded[child] != nil else { return }
        folded[child] = nil
        entry[Self.foldedField] = folded.isEmpty ? JSON?.none : .object(folded)
        set(owner, entry)
    }

    /// The child's part of a key (`urn:li:share:1` in `org_id 1, post urn:li:share:1`).
    static func childName(of key: PartitionKey, under ownerFields: Int) -> String {
        key.fields.dropFirst(ownerFields).map(\.value).joined(separator: "|")
    }

    /// The saved cursor time of one organization's partition.
    func cursor(for organization: Organization) -> Int64? {
        entry(for: PartitionKey(organization: organization))?[cursorField]?.int64Value
    }

    /// Moves an organization's cursor forward.
    mutating func advance(_ organization: Organization, to cursor: Int64) {
        update(PartitionKey(organization: organization), with: JSONObject([(cursorField, JSON.int(cursor))]))
    }

    /// Merges `update` into the partition's entry: its fields replace the saved ones (a null removes one), except
    /// that the cursor field never moves backwards (a lookback re-read must not rewind the state).
    mutating func update(_ key: PartitionKey, with update: JSONObject) {
        if entries[key] == nil, key.fields.count > 1 { unfold(key) }
        var merged = entries[key] ?? JSONObject()
        for (name, value) in update {
            if name == cursorField, let old = merged[name]?.int64Value, let new = value.int64Value, new < old {
                continue
            }
            // `JSON?.none`, not `nil`: JSON is nil-literal-expressible, and a bare `nil` here would be a JSON null.
            merged[name] = value == .null ? JSON?.none : value
        }
        set(key, merged)
        if entries.count > limit { foldOldest() }
    }

    var count: Int { entries.count }

    var json: JSON {
        var object: JSONObject = ["states": .array(order.compactMap { rendered[$0] })]
        if let global { object["state"] = .object(JSONObject([(cursorField, JSON.int(global))])) }
        let oldest = entries.values.compactMap { $0[cursorField]?.int64Value }.min()
        if let oldest = [oldest, global].compactMap({ $0 }).min() { object[cursorField] = .int(oldest) }
        return .object(object)
    }

    private mutating func set(_ key: PartitionKey, _ entry: JSONObject) {
        if entries[key] == nil {
            var low = 0
            var high = order.count
            while low < high {
                let middle = (low + high) / 2
                if order[middle] < key { low = middle + 1 } else { high = middle }
            }
            order.insert(key, at: low)
        }
        entries[key] = entry
        rendered[key] = ["partition": key.json, "cursor": .object(entry)]
    }

    /// Folds the tenth of the child entries (organization + post) with the oldest cursors into their organization's
    /// entry, whose cursor becomes the oldest of them: a folded post then reads from there, so nothing is lost (what
    /// it had emitted after that point may come again, dedupable by primary key), and other organizations are not
    /// affected. What else a folded post had (its counts, and its reply threads' counts) stays in the organization's
    /// `folded` map, a few dozen bytes a post plus about 20 a thread, so an unchanged post is still not read again.
    private mutating func foldOldest() {
        let children = entries.filter { $0.key.fields.count > 1 }
        let byAge = children.sorted {
            ($0.value[cursorField]?.int64Value ?? .min) < ($1.value[cursorField]?.int64Value ?? .min)
        }
        let dropped = byAge.prefix(max(1, limit / 10))
        var oldest: [PartitionKey: Int64] = [:]
        var kept: [PartitionKey: [(String, JSON)]] = [:]
        for (key, entry) in dropped {
            let owner = PartitionKey(Array(key.fields.prefix(1)).map { ($0.name, $0.value) })
            if let time = entry[cursorField]?.int64Value { oldest[owner] = min(oldest[owner] ?? time, time) }
            // The ids of a folded post's comments are not kept: it takes a new baseline when listed whole again.
            let rest = JSONObject(entry.filter { $0.0 != cursorField && $0.0 != ChildKeys.stateField })
            if !rest.isEmpty { kept[owner, default: []].append((Self.childName(of: key, under: 1), .object(rest))) }
        }
        let keys = Set(dropped.map(\.key))
        for key in keys {
            entries[key] = nil
            rendered[key] = nil
        }
        order.removeAll { keys.contains($0) }
        for owner in Set(oldest.keys).union(kept.keys) {
            var entry = entries[owner] ?? JSONObject()
            if let time = oldest[owner] {
                // Not `update`: the organization's cursor may have to move back to cover a folded post.
                entry[cursorField] = .int(min(entry[cursorField]?.int64Value ?? time, time))
            }
            if let children = kept[owner] {
                var folded = entry[Self.foldedField]?.objectValue ?? JSONObject()
                for (child, fields) in children { folded[child] = fields }
                entry[Self.foldedField] = .object(folded)
            }
            set(owner, entry)
        }
    }

    /// Epoch milliseconds as a number, a numeric string, or an ISO-8601 date.
    static func parseCursor(_ value: JSON, stream: String, field: String) throws -> Int64 {
        if let number = value.int64Value { return number }
        if let text = value.stringValue {
            if let number = Int64(text) { return number }
            if let date = ISO8601Parsing.date(text) { return UTCCalendar.millis(date) }
        }
        throw invalid(stream, "\(field) is \(value.serialized.prefix(60)); expected epoch milliseconds")
    }

    static func invalid(_ stream: String, _ problem: String) -> ConnectorError {
        ConnectorError(
            "Invalid state for stream '\(stream)': \(problem). Fix or reset the stream's state.", type: .configError,
            stream: stream)
    }
}
