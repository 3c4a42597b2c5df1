import AirbyteProtocol

/// `check`: one cheap request per permission family (`PermissionFamily.all`) for a bounded sample of the pages,
/// then a report of what works and what will not sync, and why, in LinkedIn's words and ours.
///
/// Contract: at most `4 × sampleSize + 4` requests (plus organization discovery and a token refresh when those
/// apply). Succeeds when at least one page family works for at least one page; fails when the token is rejected,
/// the version is refused, a rate limit is hit, or no page data at all can be read.
struct ConnectionCheck: Sendable {
    static let sampleSize = 3

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
            organizations = try await OrganizationResolver(client: client, sink: sink).resolve(config)
        } catch let error as LinkedInAPIError {
            return .failed(error.connectorError.message)
        }
        let sample = Array(organizations.prefix(Self.sampleSize))
        var results: [Result] = []
        var posts = PostsSeen()
        do {
            for family in PermissionFamily.all {
                let targets = posts.targets(for: family.subject, sample: sample)
                var result = Result(family: family, outcomes: [])
                if targets.isEmpty {
                    result.outcomes = [(nil, .notChecked(posts.absence(for: family.subject)))]
                }
                for target in targets {
                    result.outcomes += try await probe(family, target, posts: &posts)
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
    private func probe(_ family: PermissionFamily, _ target: ProbeTarget, posts: inout PostsSeen) async throws
        -> [(Organization?, Outcome)]
    {
        let (path, query) = family.request(target)
        let context = RequestContext(stream: "check: \(family.name)", organization: target.organization)
        let body: JSON
        do {
            body = try await client.get(path, query: query, context: context)
        } catch let error as LinkedInAPIError where error.scope != .run {
            return [(target.organization, Self.outcome(of: error))]
        }
        switch target {
        case .organizations(let organizations):
            return organizations.map { organization in
                if body["results"]?[organization.id] != nil { return (organization, .works) }
                let status = body["statuses"]?[organization.id]?.int64Value ?? 404
                let said = body["errors"]?[organization.id]?["message"]?.stringValue.map { ": \"\($0)\"" } ?? ""
                return (organization, status == 403 ? .denied("HTTP 403\(said)") : .failed("HTTP \(status)\(said)"))
            }
        case .organization(let organization) where family.subject == .organization:
            posts.note(body["elements"]?.arrayValue?.first, of: organization)
            return [(organization, .works)]
        default:
            return [(target.organization, .works)]
        }
    }

    /// A 403 is a missing scope or role; anything else (404, 400, 5xx, a bad body) is reported as LinkedIn put it.
    static func outcome(of error: LinkedInAPIError) -> Outcome {
        guard error.status == 403 else { return .failed(error.connectorError.message) }
        let said = error.connectorError.internalMessage.components(separatedBy: "LinkedIn said: ").dropFirst().first
        return .denied("HTTP 403" + (said.map { ": \($0)" } ?? ""))
    }
}

/// The posts the `posts` probes returned: the subjects of the social-actions and video probes.
struct PostsSeen: Sendable {
    private var first: (urn: String, organization: Organization)?
    private var firstVideo: (urn: String, organization: Organization)?
    private var listed = false

    mutating func note(_ post: JSON?, of organization: Organization) {
        guard let post, let urn = post["id"]?.stringValue else { return }
        listed = true
        if first == nil { first = (urn, organization) }
        let media = post["content"]?["media"]?["id"]?.stringValue ?? ""
        if firstVideo == nil, urn.hasPrefix("urn:li:ugcPost:"), media.hasPrefix("urn:li:video:") {
            firstVideo = (urn, organization)
        }
    }

    func targets(for subject: PermissionFamily.Subject, sample: [Organization]) -> [ProbeTarget] {
        switch subject {
        case .member: return [.member]
        case .organizations: return sample.isEmpty ? [] : [.organizations(sample)]
        case .organization: return sample.map { .organization($0) }
        case .post: return first.map { [.post($0.urn, of: $0.organization)] } ?? []
        case .videoPost: return firstVideo.map { [.post($0.urn, of: $0.organization)] } ?? []
        }
    }

    func absence(for subject: PermissionFamily.Subject) -> String {
        switch subject {
        case .videoPost where listed: return "the latest posts of the checked pages include no video"
        case .post, .videoPost: return "no post could be listed on the checked pages"
        default: return "no page to check"
        }
    }
}
