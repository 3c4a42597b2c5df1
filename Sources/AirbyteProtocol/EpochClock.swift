#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one source of "now" for a run: every `emitted_at`, every date a connector plans with, every expiry it
/// computes. Wall time in production; a pinned instant for reproducible runs and tests. Injected, never read from
/// `Date()` directly, so a run's output can be reproduced byte for byte.
public struct EpochClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The machine's wall clock.
    public static let system = EpochClock { Date() }

    /// Always `instant`.
    public static func pinned(_ instant: Date) -> EpochClock { EpochClock { instant } }

    public var now: Date { read() }

    /// Milliseconds since the epoch, as `emitted_at` wants.
    public var millis: Int64 { Int64((read().timeIntervalSince1970 * 1000).rounded()) }
}
