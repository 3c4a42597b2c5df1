import AirbyteProtocol

/// The one memoizing wrapper of a read: a value several streams ask for (an organization's posts, a lifetime
/// answer two streams share) is read once and handed to each asker. A value is held only until its last expected
/// ask (`asks`), so a read of many organizations never keeps every organization's answer to the end.
///
/// Values read "since" a time hold everything at or after it: a later ask for a later time is served from them, an
/// ask for an earlier time (or for all) reads again. While other asks are to come, everything is read once (a
/// child needs every post even when the stream itself only wants those since its cursor).
final class SharedReads<Value: Sendable>: Sendable {
    private struct Entry {
        let task: Task<Value, Error>
        var remaining: Int
        let since: Int64?
    }

    private let entries = Locked<[String: Entry]>([:])

    init() {}

    /// The value under `key`, read by `load` (given the time to read since) unless a held read covers `since`.
    /// - Parameter asks: how many times the read asks for this key in all; 1 holds nothing.
    func value(
        _ key: String, asks: Int, since: Int64? = nil, load: @escaping @Sendable (_ since: Int64?) async throws -> Value
    ) async throws -> Value {
        let task = entries.withLock { entries -> Task<Value, Error> in
            if var entry = entries[key], Self.covers(entry.since, since) {
                entry.remaining -= 1
                entries[key] = entry.remaining > 0 ? entry : nil
                return entry.task
            }
            let remaining = (entries[key]?.remaining ?? asks) - 1
            let loadSince = remaining > 0 ? nil : since
            let task = Task { try await load(loadSince) }
            entries[key] = remaining > 0 ? Entry(task: task, remaining: remaining, since: loadSince) : nil
            return task
        }
        return try await task.value
    }

    private static func covers(_ held: Int64?, _ wanted: Int64?) -> Bool {
        guard let held else { return true }
        guard let wanted else { return false }
        return held <= wanted
    }
}
