import Testing
@testable import AirbyteProtocol

@Suite struct CatalogTests {
    @Test func parsesStreamsAndModesInOrder() throws {
        let catalog = try ConfiguredCatalog(
            json: JSON.parse(
                #"""
                {"streams":[{"stream":{"name":"b"},"sync_mode":"incremental","destination_sync_mode":"append"},
                            {"stream":{"name":"a"},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}
                """#))
        #expect(
            catalog.streams == [.init(name: "b", syncMode: .incremental), .init(name: "a", syncMode: .fullRefresh)])
    }

    @Test(arguments: [
        (#"{"streams":[{"stream":{"name":"a"},"sync_mode":"INVALID"}]}"#, "INVALID"),
        (#"{"streams":[{"sync_mode":"full_refresh"}]}"#, "stream.name"),
        (#"{"streams":[{"stream":{"name":"a"}}]}"#, "sync_mode"),
        (#"[]"#, "streams"),
        (
            #"{"streams":[{"stream":{"name":"a"},"sync_mode":"full_refresh"},{"stream":{"name":"a"},"sync_mode":"full_refresh"}]}"#,
            "twice"
        ),
    ])
    func badCatalogNamesTheProblem(_ text: String, _ mentioned: String) throws {
        let error = #expect(throws: ConnectorError.self) { try ConfiguredCatalog(json: JSON.parse(text)) }
        #expect(error?.failureType == .configError)
        #expect(error?.message.contains(mentioned) == true)
    }
}
