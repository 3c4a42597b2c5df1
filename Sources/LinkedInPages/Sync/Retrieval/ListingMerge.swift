import AirbyteProtocol

/// How a partition's records leave its read when they are more than one listing's pages in order: without
/// duplicates where pages or listings can overlap, several listings merged newest first by the cursor field, or the
/// listings' elements pivoted into one record per key. Otherwise records pass straight through, page by page.
struct ListingMerge {
    private let stream: StreamDefinition
    /// Several listings make one list: held to the end, then sorted by the cursor field.
    private let holding: Bool
    private let deduplicating: Bool
    private var seen = Set<String>()
    private var held: [JSONObject] = []
    /// The pivot's elements, before they become records.
    private var elements: [PartitionReader.Extracted] = []

    init(_ stream: StreamDefinition) {
        self.stream = stream
        holding = stream.listings.count > 1
        // Pages and listings can overlap; one response holds no duplicates worth the cost of looking.
        var deduplicating = holding
        if case .startCount = stream.paging { deduplicating = true }
        self.deduplicating = deduplicating
    }

    /// Whether records go out as they come, each once: rows can then be emitted in chunks, never held whole.
    var passesThrough: Bool { !holding && !deduplicating }

    /// Whether the stream pivots its elements (`pivot` takes them, `finish` makes the records).
    var pivots: Bool { stream.pivot != nil }

    mutating func pivot(_ extracted: [PartitionReader.Extracted], listing: [(String, RestLiValue)]) {
        guard let pivot = stream.pivot else { return }
        elements += pivot.tagged(extracted, listing: listing)
    }

    /// A page's records: emitted now, or held for `finish`; each once where pages can overlap.
    mutating func add(_ records: [JSONObject], emit: ([JSONObject]) -> Void) {
        var records = records
        if deduplicating { records = records.filter { seen.insert(stream.primaryKeyText($0)).inserted } }
        if holding { held += records } else if !records.isEmpty { emit(records) }
    }

    /// Emits what was held: the pivoted records (shaped by `chain`), or the listings merged newest first.
    mutating func finish(_ chain: TransformChain, emit: ([JSONObject]) -> Void) {
        if let pivot = stream.pivot, !elements.isEmpty {
            held = chain.shape(pivot.combine(elements)).records
        } else if holding, let field = stream.cursor?.field {
            held.sort { ($0[field]?.int64Value ?? 0) > ($1[field]?.int64Value ?? 0) }
        }
        if !held.isEmpty { emit(held) }
        held = []
        elements = []
    }
}
