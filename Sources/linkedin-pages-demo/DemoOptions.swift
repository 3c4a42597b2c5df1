import Foundation

/// What the demo was asked to do: its own flags, and the arguments it hands to the connector's `read`.
struct DemoOptions: Equatable {
    /// Print the Airbyte protocol lines exactly as `source-linkedin-pages read` would, instead of the overview.
    var raw = false
    var help = false
    /// The recorded responses (a folder with `routes.json`).
    var fixtures: String
    /// Everything else, passed through to `read` (`--state FILE`, or another `--config` / `--catalog`).
    var readArguments: [String] = []

    static let usage = """
        usage: linkedin-pages-demo [--raw] [--fixtures DIR] [--config FILE] [--catalog FILE] [--state FILE]

        Runs the connector's `read` in process on recorded LinkedIn responses, at the date they were recorded:
        no credentials, no network. Prints an overview of what was read; --raw prints the Airbyte protocol lines
        instead. Defaults: the repository's Tests/Fixtures/linkedin, integration_tests/sample_config.json and
        integration_tests/configured_catalog.json.
        """

    /// The checkout this demo was built from, so that it finds its files from any working directory.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The config `read` gets (for `discover`, which tells the primary keys and cursors).
    var configPath: String? {
        readArguments.firstIndex(of: "--config").flatMap { $0 + 1 < readArguments.count ? readArguments[$0 + 1] : nil }
    }

    static func parse(_ arguments: [String], root: URL = repositoryRoot) throws -> DemoOptions {
        var options = DemoOptions(fixtures: root.appendingPathComponent("Tests/Fixtures/linkedin").path)
        var rest = arguments[...]
        var passed: [String] = []
        while let argument = rest.popFirst() {
            switch argument {
            case "--raw": options.raw = true
            case "-h", "--help": options.help = true
            case "--fixtures":
                guard let folder = rest.popFirst() else { throw DemoError("--fixtures needs a folder") }
                options.fixtures = folder
            default: passed.append(argument)
            }
        }
        let defaults = [
            ("--config", "integration_tests/sample_config.json"),
            ("--catalog", "integration_tests/configured_catalog.json"),
        ]
        var read = ["read"]
        for (flag, path) in defaults where !passed.contains(flag) {
            read += [flag, root.appendingPathComponent(path).path]
        }
        options.readArguments = read + passed
        return options
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
