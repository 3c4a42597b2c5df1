import AirbyteProtocol

/// What a `read` printed, regrouped per stream: the view a person wants, built only from the protocol lines (as any
/// Airbyte runner would see them).
struct ReadSummary {
    struct Stream {
        let name: String
        var records: [JSONObject] = []
        /// The last STREAM_STATUS (`COMPLETE`, `INCOMPLETE`, …).
        var status: String?
        /// The last STATE message's `state` object, as `--state` takes it back.
        var stateMessage: JSON?
        /// `source_defined_primary_key` and `default_cursor_field` from the CATALOG, when one was given.
        var keyPaths: [[String]] = []
        var cursorField: [String] = []

        var streamState: JSON? { stateMessage?["stream"]?["stream_state"] }
    }

    struct Failure: Equatable {
        let stream: String?
        let failureType: String
        let message: String
    }

    /// In the order of the catalog when one was given, else as they first appeared.
    private(set) var streams: [Stream] = []
    private(set) var warnings: [String] = []
    private(set) var errors: [Failure] = []

    /// `catalog` is the CATALOG message of `discover` (for primary keys and cursors), `lines` the output of `read`.
    init(lines: [JSON], catalog: JSON? = nil) {
        for entry in catalog?["catalog"]?["streams"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else { continue }
            var stream = Stream(name: name)
            stream.keyPaths = (entry["source_defined_primary_key"]?.arrayValue ?? []).map(Self.strings)
            stream.cursorField = Self.strings(entry["default_cursor_field"])
            streams.append(stream)
        }
        var seen = Set<String>()
        for line in lines {
            absorb(line, seen: &seen)
        }
        // Streams of the catalog that the read was not asked for are not part of its story.
        streams.removeAll { !seen.contains($0.name) }
    }

    var recordCount: Int { streams.reduce(0) { $0 + $1.records.count } }

    /// The final STATE of every stream that has one, as a `--state` file: a JSON array of state messages.
    var stateFile: JSON { .array(streams.compactMap(\.stateMessage)) }

    // MARK: - Reading messages

    private mutating func absorb(_ line: JSON, seen: inout Set<String>) {
        func update(_ name: String, _ change: (inout Stream) -> Void) {
            seen.insert(name)
            if let index = streams.firstIndex(where: { $0.name == name }) {
                change(&streams[index])
            } else {
                var stream = Stream(name: name)
                change(&stream)
                streams.append(stream)
            }
        }
        switch line["type"]?.stringValue {
        case "RECORD":
            guard let name = line["record"]?["stream"]?.stringValue, let data = line["record"]?["data"]?.objectValue
            else { return }
            update(name) { $0.records.append(data) }
        case "STATE":
            guard let name = line["state"]?["stream"]?["stream_descriptor"]?["name"]?.stringValue,
                let state = line["state"]?.objectValue
            else { return }
            var message = JSONObject()
            for key in ["type", "stream"] { message[key] = state[key] }
            update(name) { $0.stateMessage = .object(message) }
        case "TRACE":
            let trace = line["trace"]
            if let status = trace?["stream_status"],
                let name = status["stream_descriptor"]?["name"]?.stringValue
            {
                update(name) { $0.status = status["status"]?.stringValue }
            } else if let error = trace?["error"] {
                errors.append(
                    Failure(
                        stream: error["stream_descriptor"]?["name"]?.stringValue,
                        failureType: error["failure_type"]?.stringValue ?? "system_error",
                        message: error["message"]?.stringValue ?? ""))
            }
        case "LOG":
            let level = line["log"]?["level"]?.stringValue ?? ""
            if ["WARN", "ERROR", "FATAL"].contains(level), let message = line["log"]?["message"]?.stringValue {
                warnings.append(message)
            }
        default:
            return
        }
    }

    private static func strings(_ json: JSON?) -> [String] {
        (json?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
