import AirbyteProtocol

extension LinkedInAPIError {
    /// Any error that ended a job, as the one failure value the read reports: LinkedIn's own errors as they are, a
    /// connector error (bad config or state found late) as one that stops the run, anything else as a system error
    /// of the stream's organization with the details kept for the log.
    static func wrapping(_ error: Error, stream: String) -> LinkedInAPIError {
        switch error {
        case let error as LinkedInAPIError:
            return error
        case let error as ConnectorError:
            return LinkedInAPIError(connectorError: error, scope: .run, status: nil)
        default:
            return LinkedInAPIError(
                connectorError: .system(
                    "Reading stream '\(stream)' failed unexpectedly; please report this with the log.",
                    internal: "\(error)"),
                scope: .organization, status: nil)
        }
    }
}
