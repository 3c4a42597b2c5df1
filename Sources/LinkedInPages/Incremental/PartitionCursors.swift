import AirbyteProtocol

/// The state of one stream: a cursor per organization.
///
/// Written as `{"states":[{"partition":{"org_id":"123"},"cursor":{"timeRangeEnd":1700000000000}}],
/// "timeRangeEnd":1700000000000}`: the per-partition list is the shape of Airbyte's per-partition cursors, and the
/// top-level value (the oldest cursor) lets Airbyte's own single-organization connector continue from it.
///
/// Read from that shape, or from Airbyte's `{"timeRangeEnd": ms}` (which belongs to the config's `org_id`).
/// A partition with no cursor starts from `start_date`; partitions no longer configured are dropped.
public struct PartitionCursors: Sendable, Equatable {
    public let cursorField: String
    /// organization id → cursor (epoch ms).
    public private(set) var cursors: [String: Int64] = [:]
    /// Each partition's state entry, built once per change: a checkpoint of one organization among hundreds then
    /// costs one new entry, not a rebuild of all of them.
    private var entries: [String: JSON] = [:]
    /// Organization ids in numeric order, kept sorted as ids arrive.
    private var order: [String] = []

    public init(cursorField: String, cursors: [String: Int64] = [:]) {
        self.cursorField = cursorField
        for (id, cursor) in cursors { set(id, cursor) }
    }

    public static func == (lhs: PartitionCursors, rhs: PartitionCursors) -> Bool {
        lhs.cursorField == rhs.cursorField && lhs.cursors == rhs.cursors
    }

    /// - Parameters:
    ///   - legacyOwner: the organization an Airbyte-written single cursor belongs to (`org_id`).
    /// - Throws: `ConnectorError` (config) naming the stream and the bad value.
    public init(
        stream: String, cursorField: String, state: JSON?, organizations: [Organization], legacyOwner: Organization?
    ) throws {
        self.cursorField = cursorField
        guard let state, state != .null else { return }
        guard case .object(let object) = state else {
            throw Self.invalid(stream, "must be an object, got \(state.typeName)")
        }
        let wanted = Set(organizations.map(\.id))
        if let entries = object["states"] {
            guard let list = entries.arrayValue else { throw Self.invalid(stream, "\"states\" must be an array") }
            for (index, entry) in list.enumerated() {
                guard let partition = entry["partition"],
                    let rawID = partition["org_id"]?.stringValue ?? partition["organization"]?.stringValue
                        ?? partition["org_id"]?.int64Value.map(String.init),
                    let organization = Organization(rawID)
                else {
                    throw Self.invalid(stream, "states[\(index)].partition must name an org_id")
                }
                guard let value = entry["cursor"]?[cursorField] else { continue }
                let cursor = try Self.parseCursor(
                    value, stream: stream, field: "states[\(index)].cursor.\(cursorField)")
                if wanted.contains(organization.id) { set(organization.id, cursor) }
            }
        } else if let value = object[cursorField] {
            let cursor = try Self.parseCursor(value, stream: stream, field: cursorField)
            let owner = legacyOwner ?? (organizations.count == 1 ? organizations.first : nil)
            if let owner, wanted.contains(owner.id) { set(owner.id, cursor) }
        }
    }

    public func cursor(for organization: Organization) -> Int64? { cursors[organization.id] }

    /// Moves a partition's cursor forward; never backwards (a lookback re-read must not rewind the state).
    public mutating func advance(_ organization: Organization, to cursor: Int64) {
        set(organization.id, max(cursors[organization.id] ?? cursor, cursor))
    }

    private mutating func set(_ id: String, _ cursor: Int64) {
        if cursors[id] == nil {
            let position = order.firstIndex { ($0.count, $0) > (id.count, id) } ?? order.count
            order.insert(id, at: position)
        }
        cursors[id] = cursor
        entries[id] = [
            "partition": ["org_id": .string(id)], "cursor": .object(JSONObject([(cursorField, JSON.int(cursor))])),
        ]
    }

    public var json: JSON {
        var object: JSONObject = ["states": .array(order.compactMap { entries[$0] })]
        if let oldest = cursors.values.min() { object[cursorField] = .int(oldest) }
        return .object(object)
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
