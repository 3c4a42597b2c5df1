import Testing
@testable import AirbyteProtocol

/// Field names are the protocol's contract with the platform; one typo and records or state are lost.
@Suite struct MessageEncodingTests {
    @Test func recordUsesProtocolFieldNames() {
        let message = AirbyteMessage.record(stream: "s", data: ["a": 1], emittedAt: 1_700_000_000_000)
        #expect(
            message.json.serialized
                == #"{"type":"RECORD","record":{"stream":"s","data":{"a":1},"emitted_at":1700000000000}}"#)
    }

    @Test func stateIsStreamTypedWithSourceStats() {
        let json = AirbyteMessage.state(stream: "s", state: ["timeRangeEnd": 5], recordCount: 3).json
        #expect(json["state"]?["type"] == "STREAM")
        #expect(json["state"]?["stream"]?["stream_descriptor"]?["name"] == "s")
        #expect(json["state"]?["stream"]?["stream_state"]?["timeRangeEnd"] == 5)
        #expect(json["state"]?["sourceStats"]?["recordCount"] == .double(3))
    }

    @Test func traceErrorCarriesFailureTypeAndStream() {
        let error = ConnectorError("m", internal: "i", type: .transientError, stream: "s")
        let json = AirbyteMessage.error(error, emittedAt: 7).json
        #expect(json["type"] == "TRACE")
        #expect(json["trace"]?["type"] == "ERROR")
        #expect(json["trace"]?["emitted_at"] == 7)
        #expect(json["trace"]?["error"]?["message"] == "m")
        #expect(json["trace"]?["error"]?["internal_message"] == "i")
        #expect(json["trace"]?["error"]?["failure_type"] == "transient_error")
        #expect(json["trace"]?["error"]?["stream_descriptor"]?["name"] == "s")
    }

    @Test func streamStatusAndReasons() {
        let reason: JSON = ["type": "RATE_LIMITED", "rate_limited": ["quota_reset": 9]]
        let json = AirbyteMessage.streamStatus(stream: "s", status: .incomplete, reasons: [reason], emittedAt: 1).json
        #expect(json["trace"]?["type"] == "STREAM_STATUS")
        #expect(json["trace"]?["stream_status"]?["stream_descriptor"]?["name"] == "s")
        #expect(json["trace"]?["stream_status"]?["status"] == "INCOMPLETE")
        #expect(json["trace"]?["stream_status"]?["reasons"] == [reason])
    }

    @Test func otherMessagesUseTheirPayloadKeys() {
        #expect(
            AirbyteMessage.log(.warn, "w").json.serialized == #"{"type":"LOG","log":{"level":"WARN","message":"w"}}"#)
        #expect(
            AirbyteMessage.connectionStatus(succeeded: false, message: "no").json.serialized
                == #"{"type":"CONNECTION_STATUS","connectionStatus":{"status":"FAILED","message":"no"}}"#)
        let control = AirbyteMessage.control(config: ["k": "v"], emittedAt: 2).json
        #expect(control["control"]?["type"] == "CONNECTOR_CONFIG")
        #expect(control["control"]?["connectorConfig"]?["config"]?["k"] == "v")
        let stream = AirbyteStream(
            name: "n", jsonSchema: ["type": "object"], supportedSyncModes: [.fullRefresh, .incremental],
            defaultCursorField: ["c"], primaryKey: [["a"], ["b"]])
        let catalog = AirbyteMessage.catalog([stream]).json
        let declared = catalog["catalog"]?["streams"]?.arrayValue?.first
        #expect(declared?["supported_sync_modes"] == ["full_refresh", "incremental"])
        #expect(declared?["source_defined_cursor"] == true)
        #expect(declared?["default_cursor_field"] == ["c"])
        #expect(declared?["source_defined_primary_key"] == [["a"], ["b"]])
    }

    @Test func sinkStampsRecordCountsPerStreamSincePreviousState() {
        let sink = MemorySink()
        sink.emit([
            .record(stream: "a", data: [:], emittedAt: 0), .record(stream: "b", data: [:], emittedAt: 0),
            .record(stream: "a", data: [:], emittedAt: 0), .state(stream: "a", state: [:], recordCount: 0),
            .state(stream: "a", state: [:], recordCount: 0), .state(stream: "b", state: [:], recordCount: 0),
        ])
        let counts = sink.messages.compactMap { message -> Int? in
            if case let .state(_, _, count) = message { return count }
            return nil
        }
        #expect(counts == [2, 0, 1])
    }
}
