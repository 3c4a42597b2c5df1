import AirbyteProtocol

/// What `check` tells the user: a LOG line per permission family and one summary for CONNECTION_STATUS, naming
/// what LinkedIn needs (scope, role) and which streams will not sync where.
struct CheckReport: Sendable {
    let results: [ConnectionCheck.Result]
    let sample: [Organization]
    /// How many pages the connection covers (the sample is the first `sample.count`).
    let total: Int
    let requests: Int

    /// Whether some page data can be read: a family about pages works for at least one of them.
    var worksForSomePage: Bool {
        results.contains { result in
            result.family.subject != .member
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
            let streams = family.streams.isEmpty ? "no stream reads it yet" : family.streams.joined(separator: ", ")
            return (
                .warn,
                "check: \(family.name) does not work for \(problems.joined(separator: "; ")). LinkedIn needs "
                    + "\(family.requirement) for it. Will not sync there: \(streams)."
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
                if case .denied = first.outcome { "needs \(result.family.requirement)" } else {
                    Self.describe(first.outcome)
                }
            return "\(result.family.name) for \(Self.names(failing.map(\.organization))) (\(kind))"
        }
        if !missing.isEmpty { parts.append("Missing: \(missing.joined(separator: "; ")).") }
        let unchecked = results.compactMap { result in
            Self.notCheckedReason(result).map { "\(result.family.name) (\($0))" }
        }
        if !unchecked.isEmpty { parts.append("Not checked: \(unchecked.joined(separator: "; ")).") }
        var blocked: [(pages: String, streams: [String])] = []
        for (stream, pages) in unsyncable {
            if let index = blocked.firstIndex(where: { $0.pages == pages }) {
                blocked[index].streams.append(stream)
            } else {
                blocked.append((pages, [stream]))
            }
        }
        for (pages, streams) in blocked {
            parts.append("Will not sync\(pages.isEmpty ? "" : " for \(pages)"): \(streams.joined(separator: ", ")).")
        }
        parts.append("Permissions not probed for: \(PermissionFamily.notProbed.joined(separator: ", ")).")
        parts.append("\(requests) request(s).")
        return parts.joined(separator: " ")
    }

    /// Streams a missing family blocks, in registry order; `pages` is empty when they are blocked on every
    /// checked page, else the pages where they are.
    var unsyncable: [(stream: String, pages: String)] {
        StreamRegistry.all.map(\.name).compactMap { stream in
            let failing = results.filter { $0.family.streams.contains(stream) }.flatMap { result in
                result.outcomes.filter { $0.outcome.isMissing }.map(\.organization)
            }
            guard !failing.isEmpty else { return nil }
            let pages = sample.filter { page in failing.contains { $0 == nil || $0 == page } }
            return (stream, pages.count == sample.count ? "" : Self.names(pages))
        }
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
