/// Where a connector's messages go. The LinkedIn layer talks to this protocol only; it never sees stdout.
///
/// Contract: each `emit` call's messages are written contiguously, in order, never interleaved with another call's.
/// A STATE's `recordCount` is stamped by the sink: the records of that stream it wrote since that stream's previous
/// STATE, so callers pass 0.
public protocol MessageSink: Sendable {
    func emit(_ messages: [AirbyteMessage])

    /// Masks `value` in everything written from now on (a token obtained at run time, say).
    func registerSecret(_ value: String)
}

extension MessageSink {
    public func emit(_ message: AirbyteMessage) { emit([message]) }

    public func log(_ level: LogLevel, _ text: String) { emit(.log(level, text)) }
}

/// Counts records per stream between STATEs; shared by every sink so the count means the same everywhere.
struct RecordCounter {
    private var counts: [String: Int] = [:]

    /// Returns the message to write: STATEs stamped with their count, which then restarts.
    mutating func stamp(_ message: AirbyteMessage) -> AirbyteMessage {
        switch message {
        case let .record(stream, _, _):
            counts[stream, default: 0] += 1
            return message
        case let .state(stream, state, _):
            let count = counts[stream] ?? 0
            counts[stream] = 0
            return .state(stream: stream, state: state, recordCount: count)
        default:
            return message
        }
    }
}

/// Keeps every message in memory; for tests and for callers that post-process output.
public final class MemorySink: MessageSink {
    private let storage = Locked<(messages: [AirbyteMessage], counter: RecordCounter)>(([], RecordCounter()))
    /// Secrets registered at run time, so tests can check that a token was registered before it could leak.
    public let masker = SecretMasker()

    public init() {}

    public func registerSecret(_ value: String) { masker.register(value) }

    public func emit(_ messages: [AirbyteMessage]) {
        storage.withLock { storage in
            for message in messages { storage.messages.append(storage.counter.stamp(message)) }
        }
    }

    public var messages: [AirbyteMessage] { storage.current.messages }
}
