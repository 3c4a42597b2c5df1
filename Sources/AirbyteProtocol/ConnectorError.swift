/// An error meant for the user: what happened and what to do (`message`), details for support (`internalMessage`),
/// and how the platform should treat it. Every failure the connector reports passes through this type, so its text
/// is what the masking filter guards.
public struct ConnectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What happened and what to do, for the user.
    public var message: String
    /// Details for support: status codes, endpoints.
    public var internalMessage: String
    public var failureType: FailureType
    /// The stream the failure belongs to, when it belongs to one.
    public var stream: String?

    public init(_ message: String, internal internalMessage: String? = nil, type: FailureType, stream: String? = nil) {
        self.message = message
        self.internalMessage = internalMessage ?? message
        self.failureType = type
        self.stream = stream
    }

    public static func config(_ message: String, internal: String? = nil) -> ConnectorError {
        ConnectorError(message, internal: `internal`, type: .configError)
    }

    public static func system(_ message: String, internal: String? = nil) -> ConnectorError {
        ConnectorError(message, internal: `internal`, type: .systemError)
    }

    public static func transient(_ message: String, internal: String? = nil) -> ConnectorError {
        ConnectorError(message, internal: `internal`, type: .transientError)
    }

    public var description: String { message }
}

/// A mistake in how the program was invoked (unknown command, missing flag, unreadable file): printed on stderr
/// with the usage text, exit code 2, as command-line tools do.
public struct UsageError: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
