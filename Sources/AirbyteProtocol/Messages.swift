#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How the platform should treat a failure: fix the config, retry later, or report a bug.
public enum FailureType: String, Sendable {
    case configError = "config_error"
    case systemError = "system_error"
    case transientError = "transient_error"
}

public enum LogLevel: String, Sendable {
    case fatal = "FATAL", error = "ERROR", warn = "WARN", info = "INFO", debug = "DEBUG", trace = "TRACE"
}

public enum StreamStatus: String, Sendable {
    case started = "STARTED", running = "RUNNING", complete = "COMPLETE", incomplete = "INCOMPLETE"
}

/// One line of connector output. Field names are exactly the Airbyte protocol's (`connectionStatus` is camelCase,
/// `emitted_at` and `stream_descriptor` are snake_case); `json` is the only place they are spelled.
public enum AirbyteMessage: Sendable, Equatable {
    case record(stream: String, data: JSONObject, emittedAt: Int64)
    /// A STREAM state; `recordCount` is the number of records of `stream` since its previous state.
    case state(stream: String, state: JSON, recordCount: Int)
    case log(LogLevel, String)
    case spec(JSON)
    case connectionStatus(succeeded: Bool, message: String?)
    case catalog([AirbyteStream])
    case error(ConnectorError, emittedAt: Int64)
    case streamStatus(stream: String, status: StreamStatus, reasons: [JSON], emittedAt: Int64)
    /// Asks the platform to persist an updated config (e.g. a rotated refresh token).
    case control(config: JSON, emittedAt: Int64)

    /// The protocol JSON object for this message.
    public var json: JSON {
        switch self {
        case let .record(stream, data, emittedAt):
            return [
                "type": "RECORD",
                "record": ["stream": .string(stream), "data": .object(data), "emitted_at": .int(emittedAt)],
            ]
        case let .state(stream, state, recordCount):
            return [
                "type": "STATE",
                "state": [
                    "type": "STREAM",
                    "stream": ["stream_descriptor": ["name": .string(stream)], "stream_state": state],
                    "sourceStats": ["recordCount": .double(Double(recordCount))],
                ],
            ]
        case let .log(level, message):
            return ["type": "LOG", "log": ["level": .string(level.rawValue), "message": .string(message)]]
        case let .spec(specification):
            return ["type": "SPEC", "spec": specification]
        case let .connectionStatus(succeeded, message):
            var status: JSONObject = ["status": succeeded ? "SUCCEEDED" : "FAILED"]
            if let message { status["message"] = .string(message) }
            return ["type": "CONNECTION_STATUS", "connectionStatus": .object(status)]
        case let .catalog(streams):
            return ["type": "CATALOG", "catalog": ["streams": .array(streams.map(\.json))]]
        case let .error(error, emittedAt):
            var payload: JSONObject = [
                "message": .string(error.message),
                "internal_message": .string(error.internalMessage),
                "failure_type": .string(error.failureType.rawValue),
            ]
            if let stream = error.stream { payload["stream_descriptor"] = ["name": .string(stream)] }
            return [
                "type": "TRACE", "trace": ["type": "ERROR", "emitted_at": .int(emittedAt), "error": .object(payload)],
            ]
        case let .streamStatus(stream, status, reasons, emittedAt):
            var payload: JSONObject = [
                "stream_descriptor": ["name": .string(stream)], "status": .string(status.rawValue),
            ]
            if !reasons.isEmpty { payload["reasons"] = .array(reasons) }
            return [
                "type": "TRACE",
                "trace": ["type": "STREAM_STATUS", "emitted_at": .int(emittedAt), "stream_status": .object(payload)],
            ]
        case let .control(config, emittedAt):
            return [
                "type": "CONTROL",
                "control": [
                    "type": "CONNECTOR_CONFIG", "emitted_at": .int(emittedAt), "connectorConfig": ["config": config],
                ],
            ]
        }
    }
}

extension AirbyteMessage {
    /// Appends the message as one line of compact JSON (without the newline). RECORD, by far the most frequent
    /// message, is written directly rather than through `json`, which would build an envelope per record.
    public func appendLine(to buffer: inout [UInt8]) { writeLine(to: &buffer) }

    func writeLine<Output: ByteOutput>(to output: inout Output) {
        guard case let .record(stream, data, emittedAt) = self else {
            json.write(to: &output)
            return
        }
        output.append(#"{"type":"RECORD","record":{"stream":"#)
        JSON.writeString(stream, to: &output)
        output.append(#","data":"#)
        data.write(to: &output)
        output.append(#","emitted_at":"#)
        JSON.writeInteger(emittedAt, to: &output)
        output.append("}}")
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSON)...) { self.init(elements) }
}
