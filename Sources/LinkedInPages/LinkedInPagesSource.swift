import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The LinkedIn Pages source: spec, check, discover and read over LinkedIn's Community Management API.
///
/// Production wiring comes from the environment (base URLs, a pinned clock); tests and the demo inject a
/// transport, a clock and a no-op sleep.
public struct LinkedInPagesSource: AirbyteSource {
    /// The connector's version, compiled into every build (debug, release, the image): `--version` prints it and
    /// `userAgent` carries it. It must equal `dockerImageTag` in metadata.yaml and the image's `io.airbyte.version`
    /// label (PackagingTests checks both).
    public static let connectorVersion = "0.3.0"

    /// Sent with every request, so LinkedIn (and anyone reading its logs) can tell this connector and its version
    /// apart. Without it libcurl sends no `User-Agent` at all (FoundationNetworking, before, sent `<process name>
    /// (unknown version) curl/<version>`).
    public static let userAgent = "source-linkedin-pages/\(connectorVersion)"

    private let transport: HTTPTransport?
    private let endpoints: Endpoints
    /// The run's one clock: planning, `emitted_at`, token expiry, quota resets.
    public let clock: EpochClock
    private let retry: RetryPolicy
    private let sleep: (@Sendable (Double) async -> Void)?
    private let checkpoints: CheckpointPolicy
    private let progress: ProgressPolicy

    /// - Parameters:
    ///   - checkpoints: when STATE is written (tests pass an interval of 0 to see every checkpoint).
    ///   - progress: how often a read logs its progress (tests pass a short interval, or 0 for none).
    public init(
        transport: HTTPTransport? = nil, endpoints: Endpoints = .fromEnvironment(),
        clock: @escaping @Sendable () -> Date = Date.init, retry: RetryPolicy = RetryPolicy(),
        sleep: (@Sendable (Double) async -> Void)? = nil, checkpoints: CheckpointPolicy = CheckpointPolicy(interval: 5),
        progress: ProgressPolicy = ProgressPolicy(interval: 30)
    ) {
        self.checkpoints = checkpoints
        self.progress = progress
        self.transport = transport
        self.endpoints = endpoints
        self.clock = EpochClock(clock)
        self.retry = retry
        self.sleep = sleep
    }

    /// The source as the executable runs it: the network, with base URLs from `Endpoints.fromEnvironment`;
    /// `SOURCE_LINKEDIN_PAGES_NOW` (ISO 8601) pins the clock for reproducible runs.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> LinkedInPagesSource
    {
        let pinned = environment["SOURCE_LINKEDIN_PAGES_NOW"].flatMap(ISO8601Parsing.date)
        return LinkedInPagesSource(
            endpoints: .fromEnvironment(environment), clock: { pinned ?? Date() },
            checkpoints: .fromEnvironment(environment), progress: .fromEnvironment(environment))
    }

    public var version: String { Self.connectorVersion }

    /// Member URNs never reach LOG or TRACE lines, whatever wrote them and whatever `member_data` says.
    public var redactedIdentifierPrefixes: [String] { MemberURNs.prefixes }

    /// Every stream's name, in the registry's order (for tools that build catalogs: the benchmark, the demo).
    public static var streamNames: [String] { StreamRegistry.all.map(\.name) }

    /// The first path segment of a stream's requests (`organizationalEntityFollowerStatistics`), as LinkedIn's
    /// per-endpoint quotas and the read summary name it; nil for a stream without requests of its own.
    public static func endpoint(of stream: String) -> String? {
        StreamRegistry.named(stream)?.request.path.lazy.compactMap { part -> String? in
            if case .literal(let text) = part { return text } else { return nil }
        }.first
    }

    public var specification: JSON { Specification.json }

    /// One cheap request per permission family for a sample of the pages; see `ConnectionCheck`.
    public func check(config json: JSON, sink: MessageSink) async throws -> CheckResult {
        let config = try PagesConfig(json: json, clock: clock)
        do {
            try config.dateRange.validate(now: clock.now)
            return try await ConnectionCheck(client: makeClient(config, sink: sink), sink: sink).run(config)
        } catch let error as ConnectorError where error.failureType == .configError {
            return .failed(error.message)  // e.g. the refresh token was refused
        }
    }

    public func discover(config json: JSON, sink: MessageSink) async throws -> [AirbyteStream] {
        _ = try PagesConfig(json: json)
        return StreamRegistry.all.map(\.airbyteStream)
    }

    public func read(config json: JSON, catalog: ConfiguredCatalog, state: InputState, sink: MessageSink) async throws
        -> [ConnectorError]
    {
        let config = try PagesConfig(json: json, clock: clock)
        try config.dateRange.validate(now: clock.now)
        let client = makeClient(config, sink: sink)
        sink.log(
            .info,
            "Reading LinkedIn API version \(config.apiVersion) with up to \(config.maxConcurrency) requests at once.")
        if let warning = config.apiVersionWarning(now: clock.now) { sink.log(.warn, warning) }
        let engine = SyncEngine(
            client: client, config: config, sink: sink, clock: clock, checkpoints: checkpoints, progress: progress)
        let failures: [ConnectorError]
        do {
            failures = try await engine.read(catalog: catalog, state: state)
        } catch let error as LinkedInAPIError {
            throw error.connectorError  // e.g. the token was rejected while finding the organizations
        }
        return failures
    }

    private func makeClient(_ config: PagesConfig, sink: MessageSink) -> LinkedInClient {
        LinkedInClient(
            settings: .init(
                endpoints: endpoints, apiVersion: config.apiVersion, retry: retry,
                apiVersionIsPinned: config.apiVersionIsPinned, now: { [clock] in clock.now }),
            credentials: config.credentials, transport: transport ?? CurlTransport(), sink: sink, sleep: sleep,
            onRefreshTokenRotated: { token in
                config.updates.apply(sink: sink) { PagesConfig.settingRefreshToken(token, in: $0) }
            })
    }
}
