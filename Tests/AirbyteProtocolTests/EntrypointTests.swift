import ConnectorTestSupport
import Foundation
import Testing
@testable import AirbyteProtocol

/// A source whose behaviour each test chooses, to exercise the runtime alone.
struct StubSource: AirbyteSource {
    var checkResult: CheckResult = .succeeded()
    var checkError: ConnectorError? = nil
    var readError: ConnectorError? = nil
    var version: String { "9.9.9" }
    var specification: JSON {
        [
            "connectionSpecification": [
                "type": "object", "required": ["token"],
                "properties": ["token": ["type": "string", "airbyte_secret": true], "days": ["type": "integer"]],
            ]
        ]
    }
    func check(config: JSON, sink: MessageSink) async throws -> CheckResult {
        if let checkError { throw checkError }
        return checkResult
    }
    func discover(config: JSON, sink: MessageSink) async throws -> [AirbyteStream] { [] }
    func read(config: JSON, catalog: ConfiguredCatalog, state: InputState, sink: MessageSink) async throws
        -> [ConnectorError]
    {
        if let readError { throw readError }
        sink.emit(.log(.info, "token is \(config["token"]?.stringValue ?? "")"))
        return []
    }
}

@Suite struct EntrypointTests {
    func run(_ arguments: [String], source: StubSource = StubSource()) async throws -> (Int32, [JSON]) {
        let output = try CapturedOutput()
        let code = await Entrypoint(source: source, outputDescriptor: output.descriptor).run(arguments)
        let lines = try output.text().split(separator: "\n").map { try JSON.parse(String($0)) }
        return (code, lines)
    }

    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("f-\(UUID().uuidString).json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func specPrintsOneSpecMessage() async throws {
        let (code, lines) = try await run(["spec"])
        #expect(code == 0)
        #expect(lines.count == 1)
        #expect(lines[0]["type"] == "SPEC")
    }

    @Test func invalidConfigIsATraceConfigErrorNamingTheField() async throws {
        let (code, lines) = try await run(["discover", "--config", try file(#"{"token":"abcd-secret","days":"x"}"#)])
        #expect(code == 1)
        #expect(lines.last?["trace"]?["error"]?["failure_type"] == "config_error")
        #expect(lines.last?["trace"]?["error"]?["message"]?.stringValue?.contains("days") == true)
    }

    @Test func checkWithInvalidConfigAnswersFailedNotACrash() async throws {
        let (code, lines) = try await run(["check", "--config", try file("{}")])
        #expect(code == 0)
        #expect(lines.last?["connectionStatus"]?["status"] == "FAILED")
        #expect(lines.last?["connectionStatus"]?["message"]?.stringValue?.contains("token is required") == true)
    }

    @Test func aConfigErrorFoundByTheSourceInCheckIsAFailedStatusToo() async throws {
        let source = StubSource(checkError: .config("Invalid config: start_date '2026-13-01T00:00:00Z' is not a date."))
        let (code, lines) = try await run(["check", "--config", try file(#"{"token":"abcd"}"#)], source: source)
        #expect(code == 0)
        #expect(lines.map { $0["type"] } == ["CONNECTION_STATUS"])
        #expect(lines.last?["connectionStatus"]?["status"] == "FAILED")
        #expect(lines.last?["connectionStatus"]?["message"]?.stringValue?.contains("start_date") == true)
    }

    @Test func aCheckThatCrashesIsATraceWithExitOne() async throws {
        let source = StubSource(checkError: .system("boom"))
        let (code, lines) = try await run(["check", "--config", try file(#"{"token":"abcd"}"#)], source: source)
        #expect(code == 1)
        #expect(lines.last?["trace"]?["error"]?["failure_type"] == "system_error")
    }

    @Test func aSucceededCheckCarriesItsMessage() async throws {
        let source = StubSource(checkResult: .succeeded("posts will not sync"))
        let (code, lines) = try await run(["check", "--config", try file(#"{"token":"abcd"}"#)], source: source)
        #expect(code == 0)
        #expect(lines.last?["connectionStatus"] == ["status": "SUCCEEDED", "message": "posts will not sync"])
    }

    @Test func notJSONAndEmptyFilesAreConfigErrors() async throws {
        for content in ["", "{not json", "[1,2]"] {
            let (code, lines) = try await run(["discover", "--config", try file(content)])
            #expect(code == 1)
            #expect(lines.last?["trace"]?["error"]?["failure_type"] == "config_error")
        }
    }

    @Test func badCatalogAndStateAreNamed() async throws {
        let config = try file(#"{"token":"abcd"}"#)
        let (_, catalogLines) = try await run(["read", "--config", config, "--catalog", try file(#"{"streams":7}"#)])
        #expect(catalogLines.last?["trace"]?["error"]?["message"]?.stringValue?.contains("catalog") == true)
        let (code, stateLines) = try await run([
            "read", "--config", config, "--catalog", try file(#"{"streams":[]}"#), "--state", try file("42"),
        ])
        #expect(code == 1)
        #expect(stateLines.last?["trace"]?["error"]?["message"]?.stringValue?.contains("state") == true)
    }

    @Test func configSecretsAreMaskedInEverythingTheSourcePrints() async throws {
        let config = try file(#"{"token":"very-secret-token"}"#)
        var source = StubSource()
        let (_, lines) = try await run(
            ["read", "--config", config, "--catalog", try file(#"{"streams":[]}"#)], source: source)
        #expect(lines.map(\.serialized).joined().contains("very-secret-token") == false)
        #expect(lines.first?["log"]?["message"] == "token is ****")
        source.readError = .system("boom with very-secret-token", internal: "internal very-secret-token")
        let (code, failed) = try await run(
            ["read", "--config", config, "--catalog", try file(#"{"streams":[]}"#)], source: source)
        #expect(code == 1)
        #expect(failed.last?["trace"]?["error"]?["message"] == "boom with ****")
        #expect(failed.last?["trace"]?["error"]?["internal_message"] == "internal ****")
    }

    @Test func usageErrorsExitTwoWithoutStdout() async throws {
        for arguments in [
            [], ["bogus"], ["check"], ["check", "--config"], ["read", "--config", "x"],
            ["check", "--config", "/nonexistent/config.json"], ["spec", "--config", "x"],
        ] {
            let (code, lines) = try await run(arguments)
            #expect(code == 2, "\(arguments)")
            #expect(lines.isEmpty)
        }
    }

    @Test func versionAndHelpPrintPlainTextOnStdoutAndExitZero() async throws {
        for (arguments, expected) in [
            (["--version"], "9.9.9\n"), (["--debug", "--version"], "9.9.9\n"), (["--help"], Command.usage + "\n"),
        ] {
            let output = try CapturedOutput()
            let code = await Entrypoint(source: StubSource(), outputDescriptor: output.descriptor).run(arguments)
            #expect(code == 0, "\(arguments)")
            #expect(try output.text() == expected, "\(arguments)")
        }
        let (code, lines) = try await run(["spec", "--version"])  // a flag of its own, not an option of a command
        #expect(code == 2)
        #expect(lines.isEmpty)
    }

    @Test func commandParsing() throws {
        #expect(
            try Command.parse(["read", "--state", "s", "--config", "c", "--catalog", "k", "--debug"])
                == .read(config: "c", catalog: "k", state: "s"))
        #expect(try Command.parse(["--help"]) == .help)
        #expect(try Command.parse(["--version"]) == .version)
        #expect(try Command.parse(["check", "-h"]) == .help)
        #expect(throws: UsageError.self) { try Command.parse(["check", "--config", "a", "--config", "b"]) }
    }
}
