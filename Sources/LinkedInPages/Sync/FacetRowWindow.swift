import AirbyteProtocol

/// Facet rows whose values are not named yet, held across the partitions (organizations) of a run so that their
/// values are looked up together, in full batches, instead of a partial batch per page.
///
/// A stream that holds rows tells the window when each of its partitions ends, successful or not; the window then
/// hands back every held row whose values have been named since, and at the stream's last partition looks up what
/// is still pending and hands back everything. Held rows are bounded: past `maxHeldRows` the pending values are
/// looked up at once (a partial batch) and the rows released. So the lookups of a run are ⌈distinct values / 50⌉ per
/// lookup type, plus at most one partial batch per facet stream, whatever the number or order of organizations.
extension FacetNameCache {
    /// The most rows held at once, all streams together (a few MiB at most).
    static let maxHeldRows = 5_000

    /// Whether a stream of `router` holds unnamed rows across partitions in this run.
    nonisolated func holdsRows(_ router: PartitionRouter) -> Bool {
        guard partitionsPerStream != nil, case .eachOrganization = router else { return false }
        return true
    }

    /// Names known now for `values` (nothing is looked up).
    func knownNames(for values: [String]) -> [String: Name] {
        var found: [String: Name] = [:]
        for value in values { if let name = known[value] { found[value] = name } }
        return found
    }

    /// Keeps `rows` (their values not named yet) until they are; returns rows to emit now (when the bound is hit).
    func hold(_ rows: [JSONObject], stream: String, names: FacetNames) async -> [JSONObject] {
        guard !rows.isEmpty else { return [] }
        held[stream, default: []] += rows
        heldCount += rows.count
        guard heldCount > Self.maxHeldRows else { return [] }
        await flush()
        return release(stream, names: names, all: true)
    }

    /// One partition of `stream` ended: the held rows that can be named now, or all of them after its last partition.
    func partitionEnded(stream: String, names: FacetNames) async -> [JSONObject] {
        finished[stream, default: 0] += 1
        let last = finished[stream, default: 0] >= (partitionsPerStream?[stream] ?? 0)
        if last, !(held[stream]?.isEmpty ?? true) { await flush() }
        return release(stream, names: names, all: last)
    }

    private func release(_ stream: String, names: FacetNames, all: Bool) -> [JSONObject] {
        guard var rows = held[stream], !rows.isEmpty else { return [] }
        var ready: [JSONObject] = []
        var waiting: [JSONObject] = []
        for index in rows.indices {
            if all || known[rows[index][names.valueField]?.stringValue ?? ""] != nil {
                names.set(on: &rows[index], from: known)
                ready.append(rows[index])
            } else {
                waiting.append(rows[index])
            }
        }
        held[stream] = waiting.isEmpty ? nil : waiting
        heldCount -= ready.count
        return ready
    }
}
