/// How often a read logs its progress: one line per running stream that moved, every `interval` seconds. A long
/// read (hundreds of organizations, rate-limit waits) otherwise looks stuck in Airbyte's sync log for many minutes.
public struct ProgressPolicy: Sendable {
    /// Seconds between two progress reports; 0 (or less) turns progress lines off. The summary at the end is
    /// always written.
    public let interval: Double
    /// Seconds on a monotonic clock, for durations.
    let elapsed: @Sendable () -> Double

    public init(interval: Double, elapsed: @escaping @Sendable () -> Double = CheckpointPolicy.monotonicSeconds) {
        self.interval = interval
        self.elapsed = elapsed
    }

    /// The default: every 30 seconds, or every `SOURCE_LINKEDIN_PAGES_PROGRESS_SECONDS` (fractions allowed).
    public static func fromEnvironment(_ environment: [String: String]) -> ProgressPolicy {
        ProgressPolicy(interval: environment["SOURCE_LINKEDIN_PAGES_PROGRESS_SECONDS"].flatMap(Double.init) ?? 30)
    }
}
