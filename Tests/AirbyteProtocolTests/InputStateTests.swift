import Testing
@testable import AirbyteProtocol

@Suite struct InputStateTests {
    @Test func readsStreamStateMessagesAsPyAirbyteWritesThem() throws {
        let state = try InputState(
            json: JSON.parse(
                #"""
                [{"type":"STREAM","stream":{"stream_descriptor":{"name":"a","namespace":null},"stream_state":{"x":1}},
                  "global":null,"data":null,"sourceStats":null}]
                """#))
        #expect(state.state(for: "a") == ["x": 1])
    }

    @Test func readsLegacyDictGlobalAndWrappedMessages() throws {
        #expect(try InputState(json: JSON.parse(#"{"a":{"x":1}}"#)).state(for: "a") == ["x": 1])
        #expect(
            try InputState(json: JSON.parse(#"[{"type":"LEGACY","data":{"b":{"y":2}}}]"#)).state(for: "b") == ["y": 2])
        let global = try InputState(
            json: JSON.parse(
                #"""
                [{"type":"GLOBAL","global":{"shared_state":{},"stream_states":[{"stream_descriptor":{"name":"c"},"stream_state":{"z":3}}]}}]
                """#))
        #expect(global.state(for: "c") == ["z": 3])
        let wrapped = try InputState(
            json: JSON.parse(
                #"[{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"d"},"stream_state":{}}}}]"#
            ))
        #expect(wrapped.state(for: "d") == [:])
    }

    @Test func emptyAndNullMeanNoState() throws {
        #expect(try InputState(json: .array([])).streams.isEmpty)
        #expect(try InputState(json: .null).streams.isEmpty)
    }

    @Test(arguments: [#""text""#, "42", #"[1]"#, #"[{"type":"STREAM","stream":{"stream_state":{}}}]"#, #"[{"foo":1}]"#])
    func garbageIsAConfigErrorThatSaysWhy(_ text: String) throws {
        let error = #expect(throws: ConnectorError.self) { try InputState(json: JSON.parse(text)) }
        #expect(error?.failureType == .configError)
        #expect(error?.message.lowercased().contains("state") == true)
    }
}
