import AirbyteProtocol
import Foundation
import LinkedInPages
import LinkedInReplay

/// The connector as the real binary runs it (the same `Entrypoint`: argument parsing, config validation, masking,
/// exit codes), but answered by recorded responses at the moment they were recorded.
struct ReplayedRead {
    let replay: ReplayTransport
    /// The clock of the read: the recording date, so the recorded time windows are the ones requested.
    let now: Date

    init(fixtures: String) throws {
        replay = try ReplayTransport(directory: URL(fileURLWithPath: fixtures))
        guard let recordedAt = replay.recordedAt else {
            throw DemoError("\(fixtures)/routes.json has no recorded_at date")
        }
        now = recordedAt
    }

    /// Runs `arguments` (a `read` command line) with the protocol lines written to `descriptor`; returns the exit
    /// code the real binary would have.
    func run(_ arguments: [String], outputDescriptor descriptor: Int32 = 1) async -> Int32 {
        let now = self.now
        let source = LinkedInPagesSource(
            transport: replay, clock: { now }, sleep: { _ in },
            progress: .fromEnvironment(ProcessInfo.processInfo.environment))
        let entrypoint = Entrypoint(source: source, outputDescriptor: descriptor)
        if descriptor == 1 { entrypoint.handleTerminationSignals() }
        return await entrypoint.run(arguments)
    }

    /// Runs `arguments` and returns the protocol lines it printed, parsed, with the exit code.
    func capture(_ arguments: [String]) async throws -> (lines: [JSON], exitCode: Int32) {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("linkedin-pages-demo-\(UUID().uuidString).jsonl")
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw DemoError("cannot write \(file.path)") }
        defer { try? FileManager.default.removeItem(at: file) }
        let exitCode = await run(arguments, outputDescriptor: descriptor)
        close(descriptor)
        let bytes = [UInt8]((try? Data(contentsOf: file)) ?? Data())
        let lines = try bytes.split(separator: UInt8(ascii: "\n")).map { try JSON.parse(Array($0)) }
        return (lines, exitCode)
    }
}
