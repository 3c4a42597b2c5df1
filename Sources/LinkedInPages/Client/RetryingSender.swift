import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Sends a request, retrying 429, 5xx, timeouts and connection errors by the `RetryPolicy`, and logging every wait.
/// Returns the final response, whatever its status; the caller maps a final failure to an error.
struct RetryingSender: Sendable {
    typealias Sleeper = @Sendable (Double) async -> Void

    let transport: HTTPTransport
    let policy: RetryPolicy
    let sink: MessageSink
    let sleep: Sleeper
    /// Where every request sent and every wait is counted: this is the one place requests leave.
    let statistics: RequestStatistics

    static let realSleep: Sleeper = { seconds in
        try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }

    static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// - Throws: `LinkedInAPIError` when the transport still fails after the last attempt.
    func send(_ request: HTTPRequest, context: RequestContext, endpoint: String) async throws -> HTTPResponse {
        var attempt = 1
        while true {
            statistics.sent(endpoint: endpoint, context: context)
            let outcome: Result<HTTPResponse, TransportError>
            do {
                outcome = .success(try await transport.send(request))
            } catch let error as TransportError {
                outcome = .failure(error)
            } catch is CancellationError {
                throw CancellationError()  // the read is stopping: not a connection problem to retry
            } catch {
                outcome = .failure(.connectionFailed(String(describing: error)))
            }
            let reason: String
            var retryAfter: Double?
            switch outcome {
            case .success(let response) where !Self.isRetryable(status: response.status):
                return response
            case .success(let response):
                reason = "HTTP \(response.status)"
                retryAfter = RetryPolicy.retryAfterSeconds(response.headers["retry-after"])
                guard let wait = policy.delay(afterAttempt: attempt, retryAfter: retryAfter) else { return response }
                log(reason: reason, wait: wait, attempt: attempt, context: context)
                statistics.waited(wait, rateLimited: response.status == 429, context: context)
                await sleep(wait)
            case .failure(let error):
                if case .unavailable = error {  // nothing a retry could change
                    throw LinkedInAPIError.transport(error, context: context, endpoint: endpoint)
                }
                reason = error == .timedOut ? "timeout" : "connection error"
                guard let wait = policy.delay(afterAttempt: attempt, retryAfter: nil) else {
                    throw LinkedInAPIError.transport(error, context: context, endpoint: endpoint)
                }
                log(reason: reason, wait: wait, attempt: attempt, context: context)
                statistics.waited(wait, rateLimited: false, context: context)
                await sleep(wait)
            }
            if Task.isCancelled { throw CancellationError() }
            attempt += 1
        }
    }

    private func log(reason: String, wait: Double, attempt: Int, context: RequestContext) {
        sink.log(
            .warn,
            "Request for \(context.label) failed (\(reason)); retry \(attempt) of \(policy.maxAttempts - 1) in "
                + "\((wait * 10).rounded() / 10) s.")
    }
}
