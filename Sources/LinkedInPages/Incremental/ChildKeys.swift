import AirbyteProtocol

/// The keys of a parent's direct children (a post's top-level comments) as the sync knows them, kept in the parent's
/// state entry, so that when the change feed cannot say what was deleted (older than LinkedIn keeps it, not readable,
/// a post it names by activity only), a whole listing of the parent that misses a known child tells it is gone.
///
/// Kept as LinkedIn's numeric ids, sorted, written as base-36 differences ("3w5e11264sgsg,2s,1a"). LinkedIn's ids
/// carry a millisecond time in their top bits, so comments a minute to a day apart differ by 8 to 10 base-36
/// digits: about 9 to 11 bytes a comment, against 20 written out. A parent with more than `limit` children, or with
/// a key that is not a number, keeps none: its deletions are known from the change feed only.
struct ChildKeys: Sendable, Hashable {
    var keys: Set<String>

    /// The state entry field.
    static let stateField = "children"
    static let limit = 500

    init(_ keys: Set<String>) { self.keys = keys }

    /// Reads the field as `json` wrote it; nil when absent or not in that form.
    init?(json: JSON?) {
        guard let text = json?.stringValue else { return nil }
        var keys = Set<String>()
        guard !text.isEmpty else {
            self.keys = keys
            return
        }
        var value: UInt64 = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let step = UInt64(part, radix: 36) else { return nil }
            let (sum, overflow) = value.addingReportingOverflow(step)
            guard !overflow else { return nil }
            value = sum
            keys.insert(String(value))
        }
        self.keys = keys
    }

    /// The field's value; nil when the keys cannot be kept (too many, or not numbers): the field is then dropped.
    var json: JSON? {
        guard keys.count <= Self.limit else { return nil }
        var numbers: [UInt64] = []
        numbers.reserveCapacity(keys.count)
        for key in keys {
            guard let number = UInt64(key), String(number) == key else { return nil }
            numbers.append(number)
        }
        guard !numbers.isEmpty else { return .string("") }
        numbers.sort()
        var previous: UInt64 = 0
        let parts = numbers.map { number -> String in
            defer { previous = number }
            return String(number - previous, radix: 36)
        }
        return .string(parts.joined(separator: ","))
    }
}
