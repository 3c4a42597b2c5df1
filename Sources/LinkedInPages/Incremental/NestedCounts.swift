import AirbyteProtocol

/// How many nested records (replies) each record of a partition (each comment of a post) had when the partition was
/// last read, for the records that had any: what lets the next read list only the threads whose count moved, instead
/// of every thread of a post whose count moved.
///
/// Kept in the partition's state entry under `nested`, with the keys' common prefix written once
/// (`{"prefix":"urn:li:comment:(urn:li:activity:1,","counts":{"42)":2},"direct":120}`): a comment URN repeats its post's
/// activity URN, so a post's threads cost a few bytes each, not seventy.
struct NestedCounts: Sendable, Hashable {
    /// Record key → its nested records; only keys with at least one.
    private(set) var counts: [String: Int64]
    /// How many direct records (top-level comments) the partition's listing held when the counts were taken: what
    /// tells the next read whether only nested records moved. Kept with the counts, not taken from the parent's
    /// saved signal, which a read without counts (a degraded signal) leaves older than them.
    private(set) var direct: Int64?
    /// When the counts were taken (the run's time, epoch ms): they are trusted only while the change feed reaches
    /// back that far (see `ChangeFeedPlanning`).
    var takenAt: Int64?

    /// The state entry field that keeps them.
    static let stateField = "nested"

    init(_ counts: [String: Int64], direct: Int64?) {
        self.counts = counts.filter { $0.value > 0 }
        self.direct = direct
    }

    /// Keys with nested records, in a stable order (the order their probes are sent in).
    var keys: [String] { counts.keys.sorted() }

    /// From a state entry's `nested` value; nil when absent or not in this form (the reader then lists every thread
    /// with records, as a sync without this state did).
    init?(json: JSON?) {
        guard let object = json?.objectValue, let prefix = object["prefix"]?.stringValue,
            let list = object["counts"]?.objectValue
        else { return nil }
        var counts: [String: Int64] = [:]
        for (suffix, value) in list {
            guard let count = value.int64Value else { return nil }
            counts[prefix + suffix] = count
        }
        self.init(counts, direct: object["direct"]?.int64Value)
        takenAt = object["at"]?.int64Value
    }

    var json: JSON {
        let keys = keys
        let prefix = Self.commonPrefix(keys)
        let list = keys.map { (String($0.dropFirst(prefix.count)), JSON.int(counts[$0] ?? 0)) }
        var object: JSONObject = ["prefix": .string(prefix), "counts": .object(JSONObject(list))]
        if let direct { object["direct"] = .int(direct) }
        if let takenAt { object["at"] = .int(takenAt) }
        return .object(object)
    }

    /// The longest prefix every key shares (by characters, so a prefix never splits one).
    private static func commonPrefix(_ keys: [String]) -> String {
        guard var prefix = keys.first.map(Array.init) else { return "" }
        for key in keys.dropFirst() {
            let characters = Array(key)
            var length = 0
            while length < min(prefix.count, characters.count), prefix[length] == characters[length] { length += 1 }
            prefix.removeLast(prefix.count - length)
        }
        return String(prefix)
    }
}

/// What a change-detection cursor tells the reader about a partition's nested listings (the replies of a post's
/// comments), from the parent's counts and the state of the last read.
struct NestedPlan: Sendable, Hashable {
    /// Whether the parent's counts say its records have nested ones (nil: they cannot tell, and the probe asks).
    var expected: Bool?
    /// Each thread's count at the last read (nil: unknown, every thread with records is listed).
    var known: NestedCounts?
    /// The parent's current count of nested records, when its counts say.
    var total: Int64?
    /// The parent's direct records (top-level comments) are as many as the last read listed: only nested ones moved,
    /// so the threads in `known` are asked first, and if they hold all `total` the partition's own listing is not
    /// read again.
    var directUnchanged = false
}

extension NestedPlan {
    /// The plan for one parent, or nil for a signal that does not count nested records.
    /// - Parameters:
    ///   - saved: the parent's state entry from the last sync (with its threads' counts).
    ///   - signal: the parent's counts now.
    ///   - incremental: false for full refresh: nothing saved is trusted.
    init?(_ detection: ChangeSignal, saved: JSONObject?, signal: ParentSignal?, incremental: Bool) {
        guard detection.nestedWhenDiffer != nil else { return nil }
        expected = signal?.hasNested
        total = signal?.nested
        guard incremental, let known = NestedCounts(json: saved?[NestedCounts.stateField]) else { return }
        self.known = known
        if let direct = signal?.direct, let listed = known.direct { directUnchanged = direct == listed }
    }
}
