/// A stream as `discover` declares it.
public struct AirbyteStream: Sendable, Equatable {
    public enum SyncMode: String, Sendable, CaseIterable {
        case fullRefresh = "full_refresh"
        case incremental
    }

    public let name: String
    public let jsonSchema: JSON
    public let supportedSyncModes: [SyncMode]
    public let sourceDefinedCursor: Bool
    public let defaultCursorField: [String]
    public let primaryKey: [[String]]

    public init(
        name: String, jsonSchema: JSON, supportedSyncModes: [SyncMode], defaultCursorField: [String] = [],
        primaryKey: [[String]]
    ) {
        self.name = name
        self.jsonSchema = jsonSchema
        self.supportedSyncModes = supportedSyncModes
        self.sourceDefinedCursor = !defaultCursorField.isEmpty
        self.defaultCursorField = defaultCursorField
        self.primaryKey = primaryKey
    }

    /// The AirbyteStream object of the CATALOG message.
    public var json: JSON {
        var object: JSONObject = [
            "name": .string(name),
            "json_schema": jsonSchema,
            "supported_sync_modes": .array(supportedSyncModes.map { .string($0.rawValue) }),
            "source_defined_cursor": .bool(sourceDefinedCursor),
            "is_resumable": .bool(supportedSyncModes.contains(.incremental)),
        ]
        if !defaultCursorField.isEmpty {
            object["default_cursor_field"] = .array(defaultCursorField.map { .string($0) })
        }
        if !primaryKey.isEmpty {
            object["source_defined_primary_key"] = .array(primaryKey.map { .array($0.map { .string($0) }) })
        }
        return .object(object)
    }
}

/// The streams a `read` was asked for, in the order the catalog lists them.
public struct ConfiguredCatalog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let syncMode: AirbyteStream.SyncMode

        public init(name: String, syncMode: AirbyteStream.SyncMode) {
            self.name = name
            self.syncMode = syncMode
        }
    }

    public let streams: [Entry]

    public init(streams: [Entry]) { self.streams = streams }

    /// Parses a configured catalog file. Every problem names the entry and the field, so the user can fix the file.
    public init(json: JSON) throws {
        guard let entries = json["streams"]?.arrayValue else {
            throw ConnectorError.config("The catalog must be a JSON object with a \"streams\" array.")
        }
        var parsed: [Entry] = []
        for (index, entry) in entries.enumerated() {
            guard let name = entry["stream"]?["name"]?.stringValue, !name.isEmpty else {
                throw ConnectorError.config("Catalog entry \(index) has no stream.name.")
            }
            guard let modeText = entry["sync_mode"]?.stringValue else {
                throw ConnectorError.config("Catalog entry \(index) (stream '\(name)') has no sync_mode.")
            }
            guard let mode = AirbyteStream.SyncMode(rawValue: modeText) else {
                throw ConnectorError.config(
                    "Catalog entry \(index) (stream '\(name)') has sync_mode '\(modeText)'; "
                        + "expected full_refresh or incremental.")
            }
            if parsed.contains(where: { $0.name == name }) {
                throw ConnectorError.config("The catalog lists stream '\(name)' twice.")
            }
            parsed.append(Entry(name: name, syncMode: mode))
        }
        streams = parsed
    }
}
