import AirbyteProtocol
import Foundation

/// The LinkedIn Pages source: spec, check, discover and read over LinkedIn's Community Management API.
///
/// Production wiring comes from the environment (base URLs, or a replay folder for the demo); tests inject a
/// transport, a clock and a no-op sleep.
public struct LinkedInPagesSource: AirbyteSource {
    /// The connector's version, compiled into every build (debug, release, the image): `--version` prints it and
    /// `userAgent` carries it. It must equal `dockerImageTag` in metadata.yaml and the image's `io.airbyte.version`
    /// label (PackagingTests checks both).
    public static let connectorVersion = "0.1.0"

    /// Sent with every request, so LinkedIn (and anyone reading its logs) can tell this connector and its version
    /// apart. Without it FoundationNetworking sends `<process name> (unknown version) curl/<version>`.
    public static let userAgent = "source-linkedin-pages/\(connectorVersion)"

    private let transport: HTTPTransport?
    private let endpoints: Endpoints
    private let clock: @Sendable () -> Date
    private let retry: RetryPolicy
    private let sleep: (@Sendable (Double) async -> Void)?

    public init(
        transport: HTTPTransport? = nil, endpoints: Endpoints = .fromEnvironment(),
        clock: @escaping @Sendable () -> Date = Date.init, retry: RetryPolicy = RetryPolicy(),
        sleep: (@Sendable (Double) async -> Void)? = nil
    ) {
        self.transport = transport
        self.endpoints = endpoints
        self.clock = clock
        self.retry = retry
        self.sleep = sleep
    }

    /// The source as the executable runs it: `LINKEDIN_REPLAY_DIR` replays recorded responses at their recording
    /// date (no network, no credentials needed); `SOURCE_LINKEDIN_PAGES_NOW` pins the clock for reproducible runs.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> LinkedInPagesSource
    {
        var pinned = environment["SOURCE_LINKEDIN_PAGES_NOW"].flatMap(ISO8601Parsing.date)
        var transport: HTTPTransport?
        if let folder = environment["LINKEDIN_REPLAY_DIR"], !folder.isEmpty {
            let replay = try ReplayTransport(directory: URL(fileURLWithPath: folder))
            pinned = pinned ?? replay.recordedAt
            transport = replay
        }
        let now = pinned
        return LinkedInPagesSource(
            transport: transport, endpoints: .fromEnvironment(environment), clock: { now ?? Date() })
    }

    public var version: String { Self.connectorVersion }

    public var specification: JSON { Specification.json }

    public func check(config json: JSON, sink: MessageSink) async throws -> String? {
        let config = try PagesConfig(json: json)
        let client = makeClient(config, sink: sink)
        do {
            let organizations = try await OrganizationResolver(client: client, sink: sink).resolve(config)
            let lookup = StreamRegistry.organizationLookup
            var problems: [String] = []
            for partition in Partition.partitions(for: lookup.partitioning, organizations: organizations) {
                let reader = PartitionReader(
                    client: client, granularity: "DAY", snapshotDate: "", memberData: .keep, snapshots: nil, sink: sink)
                let outcome = try await reader.read(lookup, partition: partition, slice: nil) { _ in }
                problems += outcome.failures.map { $0.1.connectorError.message }
            }
            return problems.isEmpty ? nil : problems.joined(separator: " ")
        } catch let error as LinkedInAPIError {
            return error.connectorError.message
        } catch let error as ConnectorError where error.failureType == .configError {
            return error.message
        }
    }

    public func discover(config json: JSON, sink: MessageSink) async throws -> [AirbyteStream] {
        _ = try PagesConfig(json: json)
        return StreamRegistry.all.map(\.airbyteStream)
    }

    public func read(config json: JSON, catalog: ConfiguredCatalog, state: InputState, sink: MessageSink) async throws
        -> [ConnectorError]
    {
        let config = try PagesConfig(json: json)
        let client = makeClient(config, sink: sink)
        sink.log(
            .info,
            "Reading LinkedIn API version \(config.apiVersion) with up to \(config.maxConcurrency) requests at once.")
        if let warning = config.apiVersionWarning(now: clock()) { sink.log(.warn, warning) }
        let engine = SyncEngine(client: client, config: config, sink: sink, now: clock())
        let failures: [ConnectorError]
        do {
            failures = try await engine.read(catalog: catalog, state: state)
        } catch let error as LinkedInAPIError {
            throw error.connectorError  // e.g. the token was rejected while finding the organizations
        }
        sink.log(.info, "Read finished after \(client.requestsSent) request(s) to LinkedIn.")
        return failures
    }

    private func makeClient(_ config: PagesConfig, sink: MessageSink) -> LinkedInClient {
        LinkedInClient(
            settings: .init(endpoints: endpoints, apiVersion: config.apiVersion, retry: retry),
            credentials: config.credentials, transport: transport ?? URLSessionTransport(), sink: sink, sleep: sleep,
            onRefreshTokenRotated: { token in
                sink.emit(.control(config: config.withRefreshToken(token), emittedAt: currentEpochMillis()))
            })
    }
}
