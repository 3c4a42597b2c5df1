#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a source as the Airbyte protocol expects a process to behave: parse arguments, load and validate files,
/// dispatch, print messages on stdout, map every failure to a TRACE (or a usage error on stderr), and choose the
/// exit code: 0 success, 1 failure reported by TRACE, 2 usage error; stopped by a signal, it dies of that signal.
public struct Entrypoint: Sendable {
    /// A config is a few KB; anything above this is the wrong file, refused before parsing.
    public static let maxConfigBytes = 1 << 20

    private let source: AirbyteSource
    private let masker: SecretMasker
    private let writer: OutputWriter

    public init(source: AirbyteSource, outputDescriptor: Int32 = 1) {
        self.source = source
        self.masker = SecretMasker(redactingAfter: source.redactedIdentifierPrefixes)
        self.writer = OutputWriter(descriptor: outputDescriptor, masker: masker)
    }

    /// Runs one command; `arguments` excludes the program name. Returns the process exit code.
    public func run(_ arguments: [String]) async -> Int32 {
        let command: Command
        do {
            command = try Command.parse(arguments)
        } catch let error as UsageError {
            writeToStandardError("error: \(error.message)\n\n\(Command.usage)", masker: masker)
            return 2
        } catch {
            return 2
        }
        defer { writer.flush() }
        do {
            try await execute(command)
            return 0
        } catch let error as UsageError {
            writer.flush()
            writeToStandardError("error: \(error.message)", masker: masker)
            return 2
        } catch let error as ConnectorError {
            writer.emit(.error(error, emittedAt: source.clock.millis))
            return 1
        } catch is ReadFailed {
            return 1
        } catch {
            let failure = ConnectorError.system(
                "The connector failed unexpectedly; please report this with the log.",
                internal: String(describing: error))
            writer.emit(.error(failure, emittedAt: source.clock.millis))
            return 1
        }
    }

    /// On SIGTERM or SIGINT, flushes the complete lines written so far, then dies of the same signal: the parent
    /// sees "terminated by SIGTERM", which orchestrators such as PyAirbyte treat as a deliberate stop, not a crash.
    ///
    /// The handler only writes the signal number to a pipe (all a signal handler may safely do); a dedicated thread
    /// reads it, flushes, restores the default action and raises the signal again. This works whichever thread the
    /// kernel picks, and also when the parent started us with SIGINT ignored (as shells do for background jobs).
    public func handleTerminationSignals() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        terminationPipe = ends[1]
        let writer = self.writer
        let readEnd = ends[0]
        detachThread {
            var number: UInt8 = 0
            while read(readEnd, &number, 1) != 1 {
                if errno != EINTR { return }
            }
            writer.flush()
            signal(Int32(number), SIG_DFL)
            raise(Int32(number))
        }
        for number in [SIGTERM, SIGINT] {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(terminationPipe, &byte, 1)
            }
        }
    }

    private struct ReadFailed: Error {}

    private func execute(_ command: Command) async throws {
        switch command {
        case .help:
            writer.writeLine(Command.usage)
        case .version:
            writer.writeLine(source.version)
        case .spec:
            writer.emit(.spec(source.specification))
        case .check(let path):
            // A bad config is an answer to `check`, not a crash of it (as the Airbyte CDK does): whether the spec's
            // schema or the source's own parsing finds it (a start_date like 2026-13-01 fits the pattern).
            let result: CheckResult
            do {
                result = try await source.check(config: try loadConfig(path), sink: writer)
            } catch let error as ConnectorError where error.failureType == .configError {
                result = .failed(error.message)
            }
            writer.emit(.connectionStatus(succeeded: result.succeeded, message: result.message))
        case .discover(let path):
            let config = try loadConfig(path)
            writer.emit(.catalog(try await source.discover(config: config, sink: writer)))
        case let .read(configPath, catalogPath, statePath):
            let config = try loadConfig(configPath)
            let catalog = try ConfiguredCatalog(json: loadJSON(catalogPath, role: "catalog"))
            let state = try statePath.map { try InputState(json: loadJSON($0, role: "state")) } ?? InputState()
            let failures = try await source.read(config: config, catalog: catalog, state: state, sink: writer)
            if !failures.isEmpty { throw ReadFailed() }
        }
    }

    /// Reads, parses and validates the config against the spec, registering its secrets before anything is printed.
    private func loadConfig(_ path: String) throws -> JSON {
        let config = try loadJSON(path, role: "config", limit: Self.maxConfigBytes)
        guard case .object = config else {
            throw ConnectorError.config("The config must be a JSON object; got \(config.typeName).")
        }
        for secret in source.secretValues(in: config) { masker.register(secret) }
        let schema = source.specification["connectionSpecification"] ?? .null
        let violations = SchemaValidator(schema: schema).violations(of: config)
        if !violations.isEmpty {
            let listed = violations.prefix(3).map(\.description).joined(separator: "; ")
            let more = violations.count > 3 ? " (and \(violations.count - 3) more)" : ""
            throw ConnectorError.config("Invalid config: \(listed)\(more).")
        }
        return config
    }

    private func loadJSON(_ path: String, role: String, limit: Int = 256 << 20) throws -> JSON {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read the \(role) file '\(path)' (missing or not readable)")
        }
        guard data.count <= limit else {
            throw ConnectorError.config(
                "The \(role) file '\(path)' is \(data.count / 1024) KiB, more than the \(limit / 1024) KiB a \(role) "
                    + "can be; is it the right file?")
        }
        guard !data.isEmpty else {
            throw ConnectorError.config("The \(role) file '\(path)' is empty; it must hold a JSON document.")
        }
        do {
            return try JSON.parse([UInt8](data))
        } catch let error as JSONParseError {
            throw ConnectorError.config("The \(role) file '\(path)' is not valid JSON: \(error).")
        }
    }
}

/// Where the signal handler reports a termination signal; set once, before the handler is installed.
nonisolated(unsafe) private var terminationPipe: Int32 = -1
