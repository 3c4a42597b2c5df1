import Foundation
import LinkedInPages

/// A second sync from the state a first one ended with: the state file it reads, and how the cursors of the two
/// reads' final states compare.
enum FinalState {
    /// The input state in the protocol's list form, `[{"type":"STREAM","stream":{"stream_descriptor":…,
    /// "stream_state":…}}]`, from the last STATE line of each stream (as `ChildProcess` kept them).
    static func inputState(_ lastStates: [String: [UInt8]]) -> [[String: Any]] {
        lastStates.keys.sorted().compactMap { name in
            guard let stream = message(lastStates[name]!)?["stream"] else { return nil }
            return ["type": "STREAM", "stream": stream]
        }
    }

    /// The cursors in each stream's final state, by partition: an entry of `states` is keyed by its partition
    /// (`{"org_id":"1"}`), a folded global cursor (`"state": {…}`) by `state`, and the top-level cursor fields
    /// (Airbyte's single cursor, the oldest of all) by `*`.
    static func cursors(_ lastStates: [String: [UInt8]]) -> [String: [String: [String: Any]]] {
        var result: [String: [String: [String: Any]]] = [:]
        for (name, line) in lastStates {
            guard let stream = message(line)?["stream"] as? [String: Any],
                let state = stream["stream_state"] as? [String: Any]
            else { continue }
            var partitions: [String: [String: Any]] = [:]
            for (key, value) in state {
                if key == "states", let entries = value as? [[String: Any]] {
                    for entry in entries {
                        guard let partition = entry["partition"], let cursor = entry["cursor"] as? [String: Any]
                        else { continue }
                        partitions[canonical(partition)] = cursor
                    }
                } else if let nested = value as? [String: Any] {
                    partitions[key] = nested
                } else {
                    partitions["*", default: [:]][key] = value
                }
            }
            result[name] = partitions
        }
        return result
    }

    /// Where `second`'s final state is behind `first`'s for `streams`: a stream or partition it lost, or a cursor
    /// value smaller than before. Empty when every cursor stayed or moved forward.
    static func regressions(first: [String: [UInt8]], second: [String: [UInt8]], streams: [String]) -> [String] {
        let before = cursors(first)
        let after = cursors(second)
        var problems: [String] = []
        for stream in streams {
            guard let old = before[stream] else { continue }
            guard let new = after[stream] else {
                problems.append("\(stream): no STATE in the second read")
                continue
            }
            for (partition, cursor) in old {
                guard let newCursor = new[partition] else {
                    problems.append("\(stream) \(partition): partition gone")
                    continue
                }
                for (field, value) in cursor where !notBehind(newCursor[field], value) {
                    problems.append("\(stream) \(partition).\(field): \(value) → \(newCursor[field] ?? "nothing")")
                }
            }
        }
        return problems.sorted()
    }

    /// Partitions with a cursor in each stream's final state.
    static func partitionCount(_ lastStates: [String: [UInt8]], streams: [String]) -> Int {
        let all = cursors(lastStates)
        return streams.reduce(0) { $0 + (all[$1]?.count ?? 0) }
    }

    /// The endpoint path (`/rest/organizationalEntityFollowerStatistics`) a stream's requests go to.
    static func endpoint(of stream: String) -> String? {
        LinkedInPagesSource.endpoint(of: stream).map { "/rest/" + $0 }
    }

    private static func message(_ line: [UInt8]) -> [String: Any]? {
        let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
        return object?["state"] as? [String: Any]
    }

    private static func canonical(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func notBehind(_ new: Any?, _ old: Any) -> Bool {
        switch (new, old) {
        case (let new as NSNumber, let old as NSNumber): return new.doubleValue >= old.doubleValue
        case (let new as String, let old as String): return new >= old
        case (nil, _), (_, is NSNumber), (_, is String): return false  // gone, or no longer of the cursor's type
        default: return true  // not a cursor value (e.g. an object): nothing to compare
        }
    }
}
