/// A parsed invocation, with the Airbyte CDK's verbs and flags.
public enum Command: Sendable, Equatable {
    case spec
    case check(config: String)
    case discover(config: String)
    case read(config: String, catalog: String, state: String?)
    case help
    case version

    public static let usage = """
        Usage: source-linkedin-pages <command> [options]

        Commands:
          spec                                                  print the connection specification
          check    --config CONFIG                              test the credentials and organizations
          discover --config CONFIG                              print the catalog of streams
          read     --config CONFIG --catalog CATALOG [--state STATE]   read records

        Options:
          -h, --help     show this help
          --version      print the connector version
          --debug        accepted for compatibility with the Airbyte CDK (no effect)
        """

    /// Parses arguments (without the program name). Unknown verbs, unknown or repeated flags and missing values are
    /// `UsageError`s.
    public static func parse(_ arguments: [String]) throws -> Command {
        let arguments = arguments.filter { $0 != "--debug" }
        guard let verb = arguments.first else { throw UsageError("missing command") }
        if ["-h", "--help", "help"].contains(verb) { return .help }
        if verb == "--version" { return .version }
        var flags: [String: String] = [:]
        var index = 1
        while index < arguments.count {
            let flag = arguments[index]
            if flag == "-h" || flag == "--help" { return .help }
            guard ["--config", "--catalog", "--state"].contains(flag) else {
                throw UsageError("unknown option '\(flag)' for '\(verb)'")
            }
            guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else {
                throw UsageError("option \(flag) needs a file path")
            }
            guard flags[flag] == nil else { throw UsageError("option \(flag) given twice") }
            flags[flag] = arguments[index + 1]
            index += 2
        }
        func require(_ flag: String) throws -> String {
            guard let value = flags[flag] else { throw UsageError("'\(verb)' needs \(flag) FILE") }
            return value
        }
        func allow(_ allowed: Set<String>) throws {
            if let extra = flags.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw UsageError("option \(extra) does not apply to '\(verb)'")
            }
        }
        switch verb {
        case "spec":
            try allow([])
            return .spec
        case "check":
            try allow(["--config"])
            return .check(config: try require("--config"))
        case "discover":
            try allow(["--config"])
            return .discover(config: try require("--config"))
        case "read":
            return .read(config: try require("--config"), catalog: try require("--catalog"), state: flags["--state"])
        default:
            throw UsageError("unknown command '\(verb)'")
        }
    }
}
