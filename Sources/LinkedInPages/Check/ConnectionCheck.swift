import AirbyteProtocol

/// `check`: for a bounded sample of the pages, one request per permission family (`PermissionFamily.all`), each
/// the first request of a stream that needs the family's permission (`count=1` where paged), then a report of what
/// will sync, what will not and why, in LinkedIn's words and ours.
///
/// Contract: at most `maxRequests` requests (plus the list of administered pages, which finds, adds or types the
/// pages as a read does (`OrganizationResolver`), a token refresh and 400 variants when those apply). Succeeds when at least one page family works for at least one page; fails when the token is
/// rejected, the version is refused, a rate limit is hit, or no page data at all can be read.
struct ConnectionCheck: Sendable {
    static let sampleSize = 3
    /// Per sampled page: lookup, follower, share and page statistics, follower count, posts, notifications; then
    /// the member's ACLs, a post's comments, a video's analytics, an industry name and the compared pages, once each.
    static let maxRequests = 6 * sampleSize + 6

    enum Outcome: Sendable {
        case works
        case denied(String)
        case failed(String)
        case notChecked(String)

        var isMissing: Bool {
            switch self {
            case .denied, .failed: return true
            case .works, .notChecked: return false
            }
        }
    }

    struct Result: Sendable {
        let family: PermissionFamily
        /// Per target: the page it was about (nil: the member, or every page of a batch) and what happened.
        var outcomes: [(organization: Organization?, outcome: Outcome)]
    }

    let client: LinkedInClient
    let sink: MessageSink

    func run(_ config: PagesConfig) async throws -> CheckResult {
        let before = client.requestsSent
        let organizations: [Organization]
        do {
            let pages = try await OrganizationResolver(client: client, sink: sink).resolve(config)
            if let stop = pages.stop { return .failed(stop.connectorError.message) }
            organizations = pages.organizations
        } catch let error as LinkedInAPIError {
            return .failed(error.connectorError.message)
        }
        let sample = Array(organizations.prefix(Self.sampleSize))
        let compared = config.comparedOrganizations.compactMap { reference -> Organization? in
            if case .organization(let organization) = reference { return organization } else { return nil }
        }.prefix(Self.sampleSize)
        var results: [Result] = []
        var seen = ProbeRecords()
        do {
            for family in PermissionFamily.all() {
                let (targets, absent) = family.targets(
                    sample: sample, compared: Array(compared), seen: seen, now: UTCCalendar.millis(client.settings.now()))
                var result = Result(family: family, outcomes: [])
                if targets.isEmpty { result.outcomes = [(nil, .notChecked(absent ?? "nothing to check"))] }
                for target in targets {
                    result.outcomes += try await probe(family, target, locale: config.locale, seen: &seen)
                }
                results.append(result)
            }
        } catch let error as LinkedInAPIError where error.scope == .run {
            return .failed(error.connectorError.message)
        }
        let report = CheckReport(
            results: results, sample: sample, total: organizations.count, requests: client.requestsSent - before)
        for (level, line) in report.logLines { sink.log(level, line) }
        return report.worksForSomePage ? .succeeded(report.summary) : .failed(report.summary)
    }

    /// Sends the family's request for one target; a batch lookup answers per page.
    private func probe(_ family: PermissionFamily, _ target: ProbeTarget, locale: String, seen: inout ProbeRecords)
        async throws -> [(Organization?, Outcome)]
    {
        guard let (path, query) = family.request(target, locale: locale) else {
            return [(target.organization, .notChecked("no request to send"))]
        }
        let context = RequestContext(stream: "check: \(family.name)", organization: target.organization)
        let body: JSON
        do {
            // On a 400, the request's variants in turn, as a read would send them.
            let template = family.probe?.request ?? RequestTemplate(path: [], query: [])
            body = try await template.tryingVariantsOn400(query) {
                try await client.get(path, query: $0, context: context)
            }
        } catch let error as LinkedInAPIError where error.scope != .run {
            return [(target.organization, Self.outcome(of: error))]
        }
        if case .organizations(let organizations) = target,
            case .batchResults(.organizations, _)? = family.probe?.records
        {
            return organizations.map { organization in
                if body["results"]?[organization.id] != nil { return (organization, .works) }
                let status = body["statuses"]?[organization.id]?.int64Value ?? 404
                let said = body["errors"]?[organization.id]?["message"]?.stringValue.map { ": \"\($0)\"" } ?? ""
                return (organization, status == 403 ? .denied("HTTP 403\(said)") : .failed("HTTP \(status)\(said)"))
            }
        }
        if let stream = family.probe {
            let records = body["elements"]?.arrayValue?.compactMap(\.objectValue) ?? []
            seen.note(records, of: stream.name, organization: target.organization)
        }
        return [(target.organization, .works)]
    }

    /// A 403 is a missing scope or role; anything else (404, 400, 5xx, a bad body) is reported as LinkedIn put it.
    static func outcome(of error: LinkedInAPIError) -> Outcome {
        guard error.status == 403 else { return .failed(error.connectorError.message) }
        let said = error.connectorError.internalMessage.components(separatedBy: "LinkedIn said: ").dropFirst().first
        return .denied("HTTP 403" + (said.map { ": \($0)" } ?? ""))
    }
}
