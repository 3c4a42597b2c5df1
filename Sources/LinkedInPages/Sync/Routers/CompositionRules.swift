import AirbyteProtocol

/// The combinations of router, cursor and request the engine cannot read correctly, refused before any request
/// with a message naming the stream: a declaration that would lose or repeat records fails at startup, never
/// silently at run time. Every other combination composes (see `Batching` and `PartitionPlanner`).
enum CompositionRules {
    /// The problems of `stream` among `streams` (the registry it is read with); empty when it can be read.
    static func problems(of stream: StreamDefinition, among streams: [StreamDefinition]) -> [String] {
        var problems: [String] = []
        let named = Dictionary(streams.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let parent = stream.parent
        let requests = [stream.request] + (stream.nested.map { [$0.request] } ?? [])
        let parameters = requests.flatMap(\.query)
        let pathParts = requests.flatMap(\.path)
        for name in parent?.streams ?? [] where named[name] == nil {
            problems.append("it names '\(name)' as its parent, which is not a stream")
        }
        // A request that names one parent (or one organization) would silently read only the first of a batch.
        let namesOneParent =
            pathParts.contains {
                if case .parentKey = $0 { true } else if case .parentEntityKey = $0 { true } else { false }
            }
            || parameters.contains { if case .parentKey = $0 { true } else { false } }
        if namesOneParent, let parent, parent.batchSize > 1 {
            problems.append("its request names one parent but its router batches \(parent.batchSize) per request")
        }
        let namesParents =
            namesOneParent
            || parameters.contains {
                switch $0 {
                case .parentKeys, .parentKeysByURNType: return true
                default: return false
                }
            }
        if namesParents && parent == nil { problems.append("its request names parents but its router has none") }
        let namesOneOrganization =
            pathParts.contains { if case .organizationURN = $0 { true } else { false } }
            || parameters.contains { if case .organizationURN = $0 { true } else { false } }
        switch stream.router {
        case .organizationBatches(let size), .comparedOrganizations(let size):
            if namesOneOrganization && size > 1 {
                problems.append("its request names one organization but its router batches \(size) per request")
            }
        case .eachOrganization, .token, .children: break
        }
        let windowed = parameters.contains {
            switch $0 {
            case .timeIntervals, .timeRange: return true
            default: return false
            }
        }
        switch stream.cursor {
        case .retained?:
            if !windowed { problems.append("its cursor reads a time range but its request asks for none") }
        case .timeWindow?:
            if !windowed {
                problems.append(
                    "its cursor reads time windows but its request asks for none (each window would read it all)")
            }
        case .changeDetection(let signal)?:
            if parent == nil { problems.append("its cursor compares each parent's counts but it has no parent") }
            if named[signal.stream] == nil {
                problems.append("its cursor takes counts from '\(signal.stream)', which is not a stream")
            }
        case .modifiedSince?, nil: break
        }
        if let feed = stream.changeFeed {
            if named[feed.stream] == nil { problems.append("its change feed '\(feed.stream)' is not a stream") }
            if parent == nil { problems.append("it has a change feed about parents but no parent") }
        }
        return problems
    }

    /// The problems of a stream other streams build on: its records are read once per organization and shared
    /// whole (all parents, whatever its own cursor says), so its own reading must be expressible as a filter on them.
    static func problemsAsShared(_ stream: StreamDefinition) -> [String] {
        switch stream.cursor {
        case nil: return []
        case .modifiedSince?, .retained?:
            // A time range read whole (all LinkedIn keeps) and filtered by the cursor's time is the same records.
            return stream.parent == nil ? [] : ["it is read per parent with a cursor, which a shared read cannot keep"]
        case .timeWindow?, .changeDetection?:
            return ["it has a cursor a shared read cannot slice (only none, or modified-since, can be shared)"]
        }
    }

    /// Throws a system error (a defect of the connector's declarations, not of the user's config) naming every
    /// stream among `selected` (and the streams they build on) that cannot be read as declared.
    static func check(_ selected: [StreamDefinition], shared: Set<String>, among streams: [StreamDefinition]) throws {
        var messages: [String] = []
        for stream in selected {
            var problems = problems(of: stream, among: streams)
            if shared.contains(stream.name) { problems += problemsAsShared(stream) }
            messages += problems.map { "stream '\(stream.name)': \($0)" }
        }
        guard !messages.isEmpty else { return }
        throw ConnectorError.system(
            "The connector's stream declarations cannot be read correctly: " + messages.joined(separator: "; ")
                + ". Please report this; no stream was read.")
    }
}
