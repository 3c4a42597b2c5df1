import AirbyteProtocol

/// What `check` tells the user: a LOG line per permission family and one summary for CONNECTION_STATUS, naming per
/// stream what will sync, what will not (and where), and the scope or role LinkedIn needs for it.
struct CheckReport: Sendable {
    let results: [ConnectionCheck.Result]
    let sample: [Organization]
    /// How many pages the connection covers (the sample is the first `sample.count`).
    let total: Int
    let requests: Int
    var registry: [StreamDefinition] = StreamRegistry.all

    /// Whether some page data can be read: a family about pages works for at least one of them.
    var worksForSomePage: Bool {
        results.contains { result in
            result.family.isAboutPages
                && result.outcomes.contains { if case .works = $0.outcome { true } else { false } }
        }
    }

    var logLines: [(LogLevel, String)] {
        results.map { result in
            let family = result.family
            let missing = result.outcomes.filter { $0.outcome.isMissing }
            if let reason = Self.notCheckedReason(result) {
                return (.info, "check: \(family.name) not checked: \(reason).")
            }
            guard !missing.isEmpty else {
                return (.info, "check: \(family.name) works (\(Self.names(result.outcomes.map(\.organization)))).")
            }
            let problems = missing.map { "\(Self.name($0.organization)): \(Self.describe($0.outcome))" }
            let consequence =
                family.permission.degrades.map { "Without it \($0) (\(family.streams.joined(separator: ", ")))." }
                ?? "Will not sync there: \(withDependents(family.streams).joined(separator: ", "))."
            let note = family.permission.note.map { " \($0)" } ?? ""
            return (
                .warn,
                "check: \(family.name) does not work for \(problems.joined(separator: "; ")). LinkedIn needs "
                    + "\(family.permission.requirement) for it (\(family.permission.source)).\(note) \(consequence)"
            )
        }
    }

    var summary: String {
        var parts: [String] = []
        let ids = sample.map(\.name).joined(separator: ", ")
        parts.append(
            total > sample.count
                ? "Checked the first \(sample.count) of \(total) pages (\(ids)); the others were not checked."
                : "Checked \(sample.count) page(s): \(ids).")
        if !worksForSomePage { parts.append("No page data can be read.") }
        let working = results.filter { result in
            result.outcomes.contains { if case .works = $0.outcome { true } else { false } }
        }
        if !working.isEmpty { parts.append("Works: \(working.map(\.family.name).joined(separator: ", ")).") }
        let missing = results.compactMap { result -> String? in
            let failing = result.outcomes.filter { $0.outcome.isMissing }
            guard let first = failing.first else { return nil }
            let kind =
                if case .denied = first.outcome { "needs \(result.family.permission.requirement)" } else {
                    Self.describe(first.outcome)
                }
            return "\(result.family.name) for \(Self.names(failing.map(\.organization))) (\(kind))"
        }
        if !missing.isEmpty { parts.append("Missing: \(missing.joined(separator: "; ")).") }
        let unchecked = results.compactMap { result in
            Self.notCheckedReason(result).map { "\(result.family.name) (\($0))" }
        }
        if !unchecked.isEmpty { parts.append("Not checked: \(unchecked.joined(separator: "; ")).") }
        let blocked = unsyncable
        let syncing = registry.map(\.name).filter { stream in !blocked.contains { $0.stream == stream } }
        if !syncing.isEmpty { parts.append("Will sync: \(syncing.joined(separator: ", ")).") }
        var groups: [(pages: String, streams: [String])] = []
        for (stream, pages) in blocked {
            if let index = groups.firstIndex(where: { $0.pages == pages }) {
                groups[index].streams.append(stream)
            } else {
                groups.append((pages, [stream]))
            }
        }
        for (pages, streams) in groups {
            parts.append("Will not sync\(pages.isEmpty ? "" : " for \(pages)"): \(streams.joined(separator: ", ")).")
        }
        let degraded = results.filter { result in
            result.family.permission.degrades != nil && result.outcomes.contains { $0.outcome.isMissing }
        }
        for result in degraded {
            parts.append(
                "Without \(result.family.permission.scopes.first ?? result.family.name), "
                    + "\(result.family.permission.degrades ?? "") (\(result.family.streams.joined(separator: ", "))).")
        }
        parts.append("\(requests) request(s).")
        return parts.joined(separator: " ")
    }

    /// Streams that will not sync, in registry order: a family they need is missing, or every stream they read
    /// their parents from will not sync. `pages` is empty when they are blocked on every checked page.
    var unsyncable: [(stream: String, pages: String)] {
        var blockedOn: [String: [Organization?]] = [:]
        for stream in registry {
            var failing = results.filter { result in
                result.family.permission.degrades == nil && result.family.streams.contains(stream.name)
            }.flatMap { result in result.outcomes.filter { $0.outcome.isMissing }.map(\.organization) }
            if let parents = stream.parent?.streams, parents.allSatisfy({ blockedOn[$0] != nil }) {
                failing += parents.flatMap { blockedOn[$0] ?? [] }
            }
            if !failing.isEmpty { blockedOn[stream.name] = failing }
        }
        return registry.compactMap { stream in
            guard let failing = blockedOn[stream.name] else { return nil }
            let pages = sample.filter { page in failing.contains { $0 == nil || $0 == page } }
            return (stream.name, pages.count == sample.count ? "" : Self.names(pages))
        }
    }

    /// `streams` and, in registry order, the streams that read their parents only from them (posts → comments).
    private func withDependents(_ streams: [String]) -> [String] {
        var blocked = Set(streams)
        for stream in registry {
            if let parents = stream.parent?.streams, parents.allSatisfy(blocked.contains) {
                blocked.insert(stream.name)
            }
        }
        return registry.map(\.name).filter(blocked.contains)
    }

    private static func notCheckedReason(_ result: ConnectionCheck.Result) -> String? {
        guard result.outcomes.count == 1, case .notChecked(let reason) = result.outcomes[0].outcome else { return nil }
        return reason
    }

    private static func describe(_ outcome: ConnectionCheck.Outcome) -> String {
        switch outcome {
        case .works: return "works"
        case .denied(let said), .failed(let said), .notChecked(let said): return said
        }
    }

    private static func name(_ organization: Organization?) -> String {
        organization?.label ?? "the token's member"
    }

    private static func names(_ organizations: [Organization?]) -> String {
        let known = organizations.compactMap { $0?.name }
        return known.isEmpty
            ? "the token's member" : "organization\(known.count > 1 ? "s" : "") " + known.joined(separator: ", ")
    }
}
