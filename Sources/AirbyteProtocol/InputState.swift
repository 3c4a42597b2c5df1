/// The state a `read` starts from, per stream, whatever shape the platform stored it in.
///
/// Accepted: a JSON array of STREAM, GLOBAL or LEGACY state messages (what Airbyte and PyAirbyte pass), a LEGACY
/// object keyed by stream name (what older connectors wrote), and an empty array or object. A `null` stream_state
/// means the stream was reset and starts over.
public struct InputState: Sendable, Equatable {
    /// stream name → stream_state, as stored.
    public private(set) var streams: [String: JSON] = [:]

    public init(streams: [String: JSON] = [:]) { self.streams = streams }

    public init(json: JSON) throws {
        switch json {
        case .null:
            return
        case .object(let legacy):
            // A LEGACY dict keyed by stream name, or a single state message written without the list.
            if legacy["type"] != nil || legacy["stream"] != nil || legacy["global"] != nil {
                try absorb(message: json, index: 0)
            } else {
                for (name, value) in legacy { streams[name] = value }
            }
        case .array(let messages):
            for (index, message) in messages.enumerated() { try absorb(message: message, index: index) }
        default:
            throw ConnectorError.config(
                "The state must be a JSON array of state messages (or a legacy JSON object); got \(json.typeName).")
        }
    }

    /// The stored stream_state of `stream`: nil when there is none, `.null` when the stream was reset.
    public func state(for stream: String) -> JSON? {
        streams[stream]
    }

    private mutating func absorb(message: JSON, index: Int) throws {
        guard case .object(let object) = message else {
            throw ConnectorError.config("State entry \(index) must be an object; got \(message.typeName).")
        }
        // Some writers wrap the state in a full AirbyteMessage.
        if object["type"]?.stringValue == "STATE", let inner = object["state"] {
            return try absorb(message: inner, index: index)
        }
        if let stream = object["stream"], stream != .null {
            guard let name = stream["stream_descriptor"]?["name"]?.stringValue else {
                throw ConnectorError.config("State entry \(index) has no stream.stream_descriptor.name.")
            }
            streams[name] = stream["stream_state"] ?? .null
        } else if let global = object["global"], global != .null {
            for (offset, streamState) in (global["stream_states"]?.arrayValue ?? []).enumerated() {
                guard let name = streamState["stream_descriptor"]?["name"]?.stringValue else {
                    throw ConnectorError.config(
                        "State entry \(index) has a global.stream_states[\(offset)] without stream_descriptor.name.")
                }
                streams[name] = streamState["stream_state"] ?? .null
            }
        } else if let data = object["data"]?.objectValue {
            for (name, value) in data { streams[name] = value }
        } else {
            throw ConnectorError.config("State entry \(index) has none of \"stream\", \"global\" or \"data\".")
        }
    }
}
