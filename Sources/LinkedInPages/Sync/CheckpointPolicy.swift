#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Dispatch

/// When a stream's STATE is written: when its state changed and `interval` seconds passed since its last STATE,
/// and always when the stream ends. A STATE per slice would, at 1,000 organizations, write the whole state
/// thousands of times (the platform stores every one); this writes it a few times a minute at most.
public struct CheckpointPolicy: Sendable {
    /// Seconds between two STATEs of one stream; 0 writes one after every change.
    public let interval: Double
    /// Seconds on a monotonic clock.
    let elapsed: @Sendable () -> Double

    public init(interval: Double, elapsed: @escaping @Sendable () -> Double = CheckpointPolicy.monotonicSeconds) {
        self.interval = interval
        self.elapsed = elapsed
    }

    /// The default: a few seconds, or `SOURCE_LINKEDIN_PAGES_CHECKPOINT_SECONDS`.
    public static func fromEnvironment(_ environment: [String: String]) -> CheckpointPolicy {
        CheckpointPolicy(interval: environment["SOURCE_LINKEDIN_PAGES_CHECKPOINT_SECONDS"].flatMap(Double.init) ?? 5)
    }

    @Sendable public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
