/// What a source connector implements; the `Entrypoint` does the rest (arguments, files, validation, output).
///
/// Implementations write through the `MessageSink` they are given and never print. Errors they throw should be
/// `ConnectorError`s; anything else is reported as a `system_error`.
public protocol AirbyteSource: Sendable {
    /// Printed by `--version`.
    var version: String { get }

    /// What stamps the messages the runtime writes itself (a TRACE for a failure), so they agree with the source's.
    var clock: EpochClock { get }

    /// Prefixes of identifiers that must never reach LOG or TRACE lines (a service's user ids): the runtime replaces
    /// what follows each (letters, digits, `_`, `-`) in those lines, whatever code path wrote them.
    var redactedIdentifierPrefixes: [String] { get }

    /// The ConnectorSpecification (`connectionSpecification`, `documentationUrl`, `advanced_auth`, ...).
    var specification: JSON { get }

    /// Tests the config against the service: succeeded when a sync can do something useful, with a message saying
    /// what works and what does not. A `config_error` thrown here is answered as FAILED too (exit 0), like a config
    /// that fails the spec; any other error is a crash of `check` (TRACE, exit 1).
    func check(config: JSON, sink: MessageSink) async throws -> CheckResult

    func discover(config: JSON, sink: MessageSink) async throws -> [AirbyteStream]

    /// Reads the catalog's streams. Returns the errors that made some streams incomplete (already reported as
    /// TRACE messages); an empty list means success.
    func read(config: JSON, catalog: ConfiguredCatalog, state: InputState, sink: MessageSink) async throws
        -> [ConnectorError]
}

/// The answer to `check`, written as the CONNECTION_STATUS message.
public struct CheckResult: Sendable, Equatable {
    public var succeeded: Bool
    /// For the user: why it failed, or what works and what will not sync.
    public var message: String?

    public static func succeeded(_ message: String? = nil) -> CheckResult {
        CheckResult(succeeded: true, message: message)
    }

    public static func failed(_ message: String) -> CheckResult { CheckResult(succeeded: false, message: message) }
}

extension AirbyteSource {
    public var clock: EpochClock { .system }

    public var redactedIdentifierPrefixes: [String] { [] }

    /// Every value of the config whose field the spec marks `airbyte_secret`, in any `oneOf` branch.
    public func secretValues(in config: JSON) -> [String] {
        var values: [String] = []
        Self.collectSecrets(config, schema: specification["connectionSpecification"] ?? .null, into: &values)
        return values
    }

    private static func collectSecrets(_ value: JSON, schema: JSON, into values: inout [String]) {
        if schema["airbyte_secret"]?.boolValue == true {
            switch value {
            case .string(let text): values.append(text)
            case .null: break
            default: values.append(value.serialized)
            }
            return
        }
        for option in schema["oneOf"]?.arrayValue ?? [] { collectSecrets(value, schema: option, into: &values) }
        if let items = schema["items"], let elements = value.arrayValue {
            for element in elements { collectSecrets(element, schema: items, into: &values) }
        }
        guard let properties = schema["properties"]?.objectValue, let object = value.objectValue else { return }
        for (key, child) in object {
            if let childSchema = properties[key] { collectSecrets(child, schema: childSchema, into: &values) }
        }
    }
}
