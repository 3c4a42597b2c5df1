import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `LinkedIn-Version` every request sends, and what happens when LinkedIn answers 426 for it.
///
/// A pinned version (`api_version` set in the config) is never replaced: the 426 becomes a config error. The
/// built-in default is replaced by the newest monthly version LinkedIn accepts, probed from the current month
/// backwards at most `maxProbes` times. Concurrent requests that hit the 426 share one search; once it has found a
/// version every later request sends it. One search per run: if the version found is rejected too, that is final.
final class APIVersionSelector: Sendable {
    /// How many monthly versions are tried (LinkedIn supports each for about a year).
    static let maxProbes = 12

    /// Sends one cheap request with the given version and returns its HTTP status.
    typealias Probe = @Sendable (_ version: String) async throws -> Int

    let pinned: Bool
    private let now: @Sendable () -> Date
    private let sink: MessageSink
    private let state: Locked<(current: String, search: Task<String, Error>?)>

    init(initial: String, pinned: Bool, now: @escaping @Sendable () -> Date, sink: MessageSink) {
        self.pinned = pinned
        self.now = now
        self.sink = sink
        state = Locked((initial, nil))
    }

    var current: String { state.current.current }

    /// After LinkedIn answered 426 to `rejected`: the version to send instead, or nil when there is none to try
    /// (pinned, or the search already happened and its answer was rejected as well).
    ///
    /// - Throws: the config error that says no recent version was accepted; errors of the probe requests.
    func replacement(for rejected: String, probe: @escaping Probe) async throws -> String? {
        if pinned { return nil }
        let search: Task<String, Error> = state.withLock { state in
            if state.current != rejected { return Task { [current = state.current] in current } }
            if let running = state.search { return running }
            let task = Task { try await self.search(rejecting: rejected, probe: probe) }
            state.search = task
            return task
        }
        let found = try await search.value
        return found == rejected ? nil : found
    }

    /// `YYYYMM` of the current month and the months before it, newest first.
    static func candidates(now: Date, count: Int) -> [String] {
        let (year, month, _) = UTCCalendar.civil(fromDays: UTCCalendar.millis(now) / UTCCalendar.dayMillis)
        let index = Int(year) * 12 + Int(month) - 1
        return (0..<count).map { back in
            let value = index - back
            return zeroPadded(value / 12, width: 4) + zeroPadded(value % 12 + 1, width: 2)
        }
    }

    /// 2xx, and 401/403 (the version is fine, the token or its rights are not), mean LinkedIn accepts the version;
    /// 426 and 400 (sunset, or not released yet) that it does not; 429 and 5xx end the search with their error.
    static func accepts(status: Int) -> Bool { (200..<300).contains(status) || status == 401 || status == 403 }

    private func search(rejecting rejected: String, probe: Probe) async throws -> String {
        let candidates = Self.candidates(now: now(), count: Self.maxProbes).filter { $0 != rejected }
        for version in candidates {
            let status = try await probe(version)
            // A rate limit or a server error (left after the sender's retries) says nothing about the version:
            // stop with it rather than conclude the version is dead and settle on an older one.
            if RetryingSender.isRetryable(status: status) {
                throw LinkedInAPIError.from(
                    status: status, body: [], context: RequestContext(stream: "API version \(version)"),
                    endpoint: "/organizationAcls", apiVersion: version, now: now())
            }
            guard Self.accepts(status: status) else { continue }
            state.withLock { $0.current = version }
            sink.log(
                .warn,
                "LinkedIn no longer accepts API version \(rejected) (HTTP 426); this run continues with "
                    + "\(version), the newest version it accepts. Upgrade the connector, or set api_version to pin a version."
            )
            return version
        }
        throw LinkedInAPIError(
            connectorError: .config(
                "LinkedIn no longer serves API version \(rejected) (426 NONEXISTENT_VERSION), and none of the "
                    + "\(candidates.count) monthly versions from \(candidates.first ?? "") back to "
                    + "\(candidates.last ?? "") was accepted either. Set api_version (YYYYMM) to a version LinkedIn "
                    + "lists as active (learn.microsoft.com/linkedin/marketing/versioning), or upgrade the connector.",
                internal: "HTTP 426 for \(rejected); version probe found no accepted version"),
            scope: .run, status: 426)
    }
}
