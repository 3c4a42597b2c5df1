import AirbyteProtocol
import Foundation

/// The overview mode: `discover` for the streams' keys, `read` captured, then the overview on stdout and the final
/// state saved for a follow-up `--state` run.
struct DemoRun {
    let options: DemoOptions
    let read: ReplayedRead
    /// Where the final state goes, inside the checkout's (ignored) build folder.
    var statePath = ".build/linkedin-pages-demo/state.json"

    /// Returns the exit code the real binary's `read` would have had.
    func printOverview() async throws -> Int32 {
        var catalog: JSON?
        if let config = options.configPath {
            catalog = try await read.capture(["discover", "--config", config]).lines.first {
                $0["type"]?.stringValue == "CATALOG"
            }
        }
        let (lines, exitCode) = try await read.capture(options.readArguments)
        if exitCode == 2 { return exitCode }  // a usage error, already on stderr
        let summary = ReadSummary(lines: lines, catalog: catalog)
        let saved = save(summary.stateFile) ? statePath : nil
        let overview = Overview(
            summary: summary, fixtures: displayPath(options.fixtures), recordedAt: read.now,
            requests: read.replay.requests.count, statePath: saved)
        print(overview.lines().joined(separator: "\n"))
        return exitCode
    }

    private func save(_ state: JSON) -> Bool {
        let file = DemoOptions.repositoryRoot.appendingPathComponent(statePath)
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        return FileManager.default.createFile(atPath: file.path, contents: Data((state.serialized + "\n").utf8))
    }

    /// A path inside the checkout, relative to it.
    private func displayPath(_ path: String) -> String {
        let root = DemoOptions.repositoryRoot.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}
