import Foundation
import ConnectorTestSupport
import Testing
@testable import AirbyteProtocol

@Suite struct MaskingAndWriterTests {
    @Test func masksEveryOccurrenceLongestFirst() {
        let masker = SecretMasker(secrets: ["token-abc", "token-abc-def", "no"])
        #expect(masker.mask("a token-abc-def b token-abc c no") == "a **** b **** c no")
    }

    @Test func writerMasksSecretsPlantedAnywhereInALine() throws {
        let output = try CapturedOutput()
        let masker = SecretMasker(secrets: ["s3cr3t-token"])
        let writer = OutputWriter(descriptor: output.descriptor, masker: masker)
        writer.emit(
            .error(
                ConnectorError("failed with s3cr3t-token", internal: "Bearer s3cr3t-token", type: .systemError),
                emittedAt: 1))
        writer.registerSecret("late-runtime-token")
        writer.emit(.log(.info, "got late-runtime-token"))
        writer.flush()
        let text = try output.text()
        #expect(!text.contains("s3cr3t-token"))
        #expect(!text.contains("late-runtime-token"))
        #expect(text.contains("****"))
        #expect(text.split(separator: "\n").allSatisfy { (try? JSON.parse(String($0))) != nil })
    }

    @Test func controlCarriesTheRealConfigSoThePlatformCanStoreIt() throws {
        let output = try CapturedOutput()
        let writer = OutputWriter(
            descriptor: output.descriptor, masker: SecretMasker(secrets: ["old-refresh-token", "client-secret"]))
        writer.registerSecret("new-refresh-token")
        writer.emit(
            .control(
                config: ["credentials": ["refresh_token": "new-refresh-token", "client_secret": "client-secret"]],
                emittedAt: 1))
        writer.emit(.log(.info, "rotated to new-refresh-token"))
        writer.flush()
        let lines = try output.text().split(separator: "\n")
        #expect(lines[0].contains("new-refresh-token") && lines[0].contains("client-secret"))
        #expect(lines[1] == #"{"type":"LOG","log":{"level":"INFO","message":"rotated to ****"}}"#)
    }

    @Test func stateFlushesImmediatelyRecordsWaitForTheBuffer() throws {
        let output = try CapturedOutput()
        let writer = OutputWriter(descriptor: output.descriptor, masker: SecretMasker())
        writer.emit(.record(stream: "s", data: ["a": 1], emittedAt: 1))
        #expect(try output.text().isEmpty)
        writer.emit(.state(stream: "s", state: [:], recordCount: 0))
        let lines = try output.text().split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains(#""recordCount":1.0"#))
    }
}
