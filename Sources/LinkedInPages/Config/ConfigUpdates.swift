import AirbyteProtocol

/// The config as the platform will store it once it has applied this run's CONTROL messages.
///
/// Every change (a rotated refresh token, a generated member hash salt) is applied to the latest config and sent as
/// one CONTROL carrying the whole result, so a later update never undoes an earlier one: the platform replaces the
/// stored config with the one a CONTROL carries. Shared by every copy of the `PagesConfig` it was made for.
final class ConfigUpdates: Sendable {
    private let latest: Locked<JSON>
    private let clock: EpochClock

    init(_ config: JSON, clock: EpochClock) {
        latest = Locked(config)
        self.clock = clock
    }

    /// The config with every update of this run applied.
    var current: JSON { latest.current }

    /// Applies `change` and emits the CONTROL message that asks the platform to store the result.
    func apply(sink: MessageSink, _ change: (JSON) -> JSON) {
        latest.withLock { config in
            config = change(config)
            // Under the lock, so CONTROL messages leave in the order their configs were built.
            sink.emit(.control(config: config, emittedAt: clock.millis))
        }
    }
}

extension JSON {
    /// This object with `key` set at the top level (or inside `parent` when given and present); other values are
    /// returned unchanged.
    func setting(_ key: String, to value: JSON, inside parent: String? = nil) -> JSON {
        guard case .object(var root) = self else { return self }
        guard let parent else {
            root[key] = value
            return .object(root)
        }
        guard case .object(var child)? = root[parent] else { return self }
        child[key] = value
        root[parent] = .object(child)
        return .object(root)
    }
}
