import AirbyteProtocol

/// Chooses the few columns that tell most about a stream's records, without knowing the stream.
///
/// Candidates are the scalar fields of a record, also inside nested objects (`followerGains.organicFollowerGain`),
/// and arrays and deeper objects as a whole. The primary key and cursor come first; then, in this order: text meant
/// for people (it has spaces), other values that vary between records, identifiers (URNs, hashes), values that are
/// the same in every record, and nested values. A field that repeats another chosen one in every record
/// (`object` next to `post`) is left out. Chosen columns keep the order of the record's fields, keys first.
struct ColumnPicker {
    var limit = 6
    /// How deep nested objects are opened; below that they are summarized (`{3 fields}`).
    var maxDepth = 4

    enum Rank: Int, Comparable {
        case key, prose, varying, identifier, constant, nested
        static func < (lhs: Rank, rhs: Rank) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Candidate {
        let path: [String]
        /// Where it first appeared among all candidates: the display order.
        let order: Int
        var rank: Rank
    }

    func columns(for records: [JSONObject], keyPaths: [[String]] = []) -> [[String]] {
        let candidates = rankedCandidates(records, keyPaths: keyPaths)
        var chosen: [Candidate] = []
        for candidate in candidates.sorted(by: {
            ($0.rank, $0.path.count, $0.order) < ($1.rank, $1.path.count, $1.order)
        })
        where chosen.count < limit {
            let repeats = chosen.contains { other in
                records.allSatisfy { Self.value(at: other.path, in: $0) == Self.value(at: candidate.path, in: $0) }
            }
            if !repeats || candidate.rank == .key { chosen.append(candidate) }
        }
        let keyOrder = { (path: [String]) in keyPaths.firstIndex(of: path) ?? keyPaths.count }
        return chosen.sorted { (keyOrder($0.path), $0.order) < (keyOrder($1.path), $1.order) }.map(\.path)
    }

    /// The value at a path of field names, nil when a step is missing.
    static func value(at path: [String], in record: JSONObject) -> JSON? {
        var current: JSON? = .object(record)
        for name in path { current = current?[name] }
        return current
    }

    // MARK: - Ranking

    private func rankedCandidates(_ records: [JSONObject], keyPaths: [[String]]) -> [Candidate] {
        var paths: [[String]] = []
        var known = Set<[String]>()
        for record in records {
            collect(.object(record), prefix: [], into: &paths, known: &known)
        }
        return paths.enumerated().compactMap { order, path in
            if path.contains(where: { $0.hasPrefix("$") }) { return nil }  // e.g. `$URN`, a copy of `id`
            let values = records.map { Self.value(at: path, in: $0) }
            return Candidate(path: path, order: order, rank: keyPaths.contains(path) ? .key : Self.rank(values))
        }
    }

    private func collect(_ value: JSON, prefix: [String], into paths: inout [[String]], known: inout Set<[String]>) {
        if case .object(let object) = value, !object.isEmpty, prefix.count < maxDepth {
            for (name, child) in object { collect(child, prefix: prefix + [name], into: &paths, known: &known) }
        } else if !prefix.isEmpty, known.insert(prefix).inserted {
            paths.append(prefix)
        }
    }

    static func rank(_ values: [JSON?]) -> Rank {
        let present = values.compactMap { $0 }
        if present.contains(where: { $0.arrayValue != nil || $0.objectValue != nil }) { return .nested }
        let texts = present.map { CellText.text($0) }
        if Set(texts).count <= 1 { return .constant }
        if texts.contains(where: { $0.contains(" ") && !isIdentifier($0) }) { return .prose }
        return texts.allSatisfy(isIdentifier) ? .identifier : .varying
    }

    /// URNs, hashes and long digit strings name things; they tell less than the things' figures.
    static func isIdentifier(_ text: String) -> Bool {
        text.hasPrefix("urn:") || text.hasPrefix("sha256:") || (text.count >= 10 && text.allSatisfy(\.isNumber))
    }
}
