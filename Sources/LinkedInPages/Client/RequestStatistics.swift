import AirbyteProtocol

/// Every HTTP request the client sent and every wait before a retry, counted where requests leave (the
/// `RetryingSender`), so the figures are exact: retries, token refreshes and API-version probes included.
///
/// Requests are counted per LinkedIn endpoint (the path with its keys replaced by `{id}`: what LinkedIn's daily
/// per-endpoint quotas count) and per requester (`RequestContext.stream`: a stream, or `authentication`, …).
/// Safe to use from many tasks at once; counts only ever grow.
final class RequestStatistics: Sendable {
    /// Waits before retries of one kind.
    struct Waits: Sendable, Equatable {
        var count = 0
        var seconds = 0.0
    }

    /// What one requester (or all of them) cost.
    struct Usage: Sendable, Equatable {
        var requests = 0
        /// Waits after a 5xx, a timeout or a connection error.
        var retries = Waits()
        /// Waits after a 429.
        var rateLimits = Waits()

        var waitingSeconds: Double { retries.seconds + rateLimits.seconds }
    }

    private struct Tallies {
        var byEndpoint: [String: Int] = [:]
        var byRequester: [String: Usage] = [:]
        var total = Usage()
    }

    private let tallies = Locked(Tallies())

    init() {}

    /// One HTTP request is about to be sent to `endpoint` (a path relative to the API base, or the token URL's path).
    func sent(endpoint: String, context: RequestContext) {
        let name = Self.endpointName(endpoint)
        tallies.withLock { tallies in
            tallies.byEndpoint[name, default: 0] += 1
            tallies.byRequester[context.stream, default: Usage()].requests += 1
            tallies.total.requests += 1
        }
    }

    /// The sender waits `seconds` before retrying a request of `context`.
    func waited(_ seconds: Double, rateLimited: Bool, context: RequestContext) {
        func add(_ usage: inout Usage) {
            if rateLimited {
                usage.rateLimits.count += 1
                usage.rateLimits.seconds += seconds
            } else {
                usage.retries.count += 1
                usage.retries.seconds += seconds
            }
        }
        tallies.withLock { tallies in
            add(&tallies.byRequester[context.stream, default: Usage()])
            add(&tallies.total)
        }
    }

    /// Everything sent so far.
    var total: Usage { tallies.current.total }

    /// What `requester` (a stream name, `authentication`, …) cost so far; zero when it sent nothing.
    func usage(of requester: String) -> Usage {
        tallies.withLock { $0.byRequester[requester] } ?? Usage()
    }

    /// Every requester that sent something, with its usage.
    var byRequester: [String: Usage] { tallies.current.byRequester }

    /// Calls per endpoint, most called first (ties by name).
    var callsByEndpoint: [(endpoint: String, calls: Int)] {
        tallies.current.byEndpoint.map { (endpoint: $0.key, calls: $0.value) }
            .sorted { ($1.calls, $0.endpoint) < ($0.calls, $1.endpoint) }
    }

    /// `socialActions/urn%3Ali%3Ashare%3A1/comments` → `socialActions/{id}/comments`: the path without its query,
    /// each segment that is a key (digits, an encoded URN, a Rest.li tuple) replaced by `{id}`.
    static func endpointName(_ path: String) -> String {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return withoutQuery.split(separator: "/").map { segment in
            let isKey =
                segment.allSatisfy(\.isASCIIDigitCharacter) || segment.contains { "%():,".contains($0) }
                || segment.hasPrefix("urn")
            return isKey ? "{id}" : String(segment)
        }.joined(separator: "/")
    }
}
