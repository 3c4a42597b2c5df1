import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A request that failed for good, as a value the sync can reason about: does it end the whole run, or only the
/// organization it was about? Its `connectorError` is the text the user reads.
struct LinkedInAPIError: Error, Sendable {
    enum Scope: Sendable { case organization, run }

    var connectorError: ConnectorError
    var scope: Scope
    /// HTTP status, when there was one.
    var status: Int?
    /// For a rate limit: when the daily quota resets (epoch ms).
    var quotaReset: Int64?

    /// Maps a final, non-2xx response to what the user must know and do.
    static func from(
        status: Int, body: [UInt8], context: RequestContext, endpoint: String, apiVersion: String, now: Date
    ) -> LinkedInAPIError {
        let details = LinkedInErrorBody(body)
        let said = details.summary.map { " LinkedIn said: \($0)" } ?? ""
        let internalText = "HTTP \(status) from \(endpoint) for \(context.label).\(said)"
        func make(_ message: String, _ type: FailureType, _ scope: Scope) -> LinkedInAPIError {
            LinkedInAPIError(
                connectorError: ConnectorError(message, internal: internalText, type: type, stream: context.stream),
                scope: scope, status: status)
        }
        switch status {
        case 401:
            return make(
                "LinkedIn rejected the access token (expired or revoked).\(said) Get a new one: re-authorize the "
                    + "connection (OAuth) or create a token in LinkedIn's Developer Portal token generator with the "
                    + "scopes rw_organization_admin and r_organization_social.", .configError, .run)
        case 403:
            let who = context.organization.map { "organization \($0.id)" } ?? "this resource"
            return make(
                "LinkedIn denied access to \(who) (\(context.label)).\(said) The member behind the token must be an "
                    + "ADMINISTRATOR of the page (approved role), and the app needs the scopes rw_organization_admin "
                    + "(statistics, lookup) and r_organization_social (posts, comments, reactions).",
                .configError, .organization)
        case 404:
            // The stream that sent the request says what a 404 means there (see `NotFoundMeaning`).
            if let organization = context.organization, context.notFound == .wrongOrganization {
                return make(
                    "Organization \(organization.id) was not found on LinkedIn (\(context.label)). Check the id: it is "
                        + "the number in the page's admin URL, linkedin.com/company/<id>/admin.", .configError,
                    .organization)
            }
            return make(
                "LinkedIn found nothing at \(endpoint) (\(context.label)): the item asked about may have been deleted, "
                    + "or this API version may not serve it.", .systemError, .organization)
        case 426:
            return make(
                "LinkedIn no longer serves API version \(apiVersion) (426 NONEXISTENT_VERSION). Set a newer "
                    + "api_version (YYYYMM) in the config, or upgrade the connector.", .configError, .run)
        case 429:
            var error = make(rateLimitMessage(context: context, now: now), .transientError, .run)
            error.quotaReset = nextMidnightUTC(after: now)
            return error
        case 400 where (details.message ?? "").contains("timeIntervals"):
            return make(
                "LinkedIn rejected the time window of a request for \(context.label) (400).\(said) LinkedIn serves "
                    + "statistics from at most 12 months before today to 2 days before today, in whole UTC days; if "
                    + "start_date, end_date, start_days_ago or the saved state points elsewhere, adjust them or reset "
                    + "the stream; if the sync started just before 00:00 UTC, run it again.",
                .configError, .organization)
        case 400:
            return make(
                "LinkedIn rejected a request for \(context.label) as invalid (400).\(said)", .systemError,
                .organization)
        case 500...599:
            return make(
                "LinkedIn kept failing with HTTP \(status) for \(context.label); retried without success. This is "
                    + "usually temporary; the next sync continues from the last checkpoint.", .transientError,
                .organization)
        default:
            return make(
                "Unexpected HTTP \(status) from LinkedIn for \(context.label).\(said)", .systemError, .organization)
        }
    }

    static func rateLimitMessage(context: RequestContext, now: Date) -> String {
        let reset = nextMidnightUTC(after: now)
        let minutes = max(0, (reset - Int64(now.timeIntervalSince1970 * 1000)) / 60_000)
        return "LinkedIn's rate limit was hit (429) for \(context.label) and did not clear after retries. Daily quotas "
            + "reset at 00:00 UTC (in \(minutes / 60) h \(minutes % 60) min); see usage per endpoint in your app's "
            + "Analytics tab in the LinkedIn Developer Portal. The next sync resumes from the last checkpoint."
    }

    static func nextMidnightUTC(after now: Date) -> Int64 {
        let day: Int64 = 86_400_000
        let millis = Int64(now.timeIntervalSince1970 * 1000)
        return (millis / day + 1) * day
    }

    /// A failure the connector noticed itself (no HTTP status to map), for `context`'s stream.
    static func noticed(
        _ message: String, internal details: String, type: FailureType = .systemError, context: RequestContext,
        scope: Scope = .organization
    ) -> LinkedInAPIError {
        LinkedInAPIError(
            connectorError: ConnectorError(message, internal: details, type: type, stream: context.stream),
            scope: scope, status: nil)
    }

    static func transport(_ error: TransportError, context: RequestContext, endpoint: String) -> LinkedInAPIError {
        let reason: String
        switch error {
        case .timedOut: reason = "timed out"
        case .connectionFailed(let detail): reason = "could not connect (\(detail))"
        case .unavailable(let detail):
            return noticed(
                "The connector cannot send requests here: \(detail). Install libcurl (Debian: libcurl4), or use the "
                    + "connector's image, which has it.", internal: "\(endpoint): \(detail)", context: context,
                scope: .run)
        }
        return noticed(
            "Requests to LinkedIn for \(context.label) \(reason), even after retries. Check the network; the next sync "
                + "continues from the last checkpoint.", internal: "\(endpoint): \(reason)", type: .transientError,
            context: context)
    }

    static func malformed(context: RequestContext, endpoint: String, problem: String) -> LinkedInAPIError {
        noticed(
            "LinkedIn sent a response the connector cannot read for \(context.label) (\(endpoint)): \(problem).",
            internal: "\(endpoint): \(problem)", context: context)
    }
}

/// LinkedIn's error body: `{"message", "serviceErrorCode", "status", "code"}`, or OAuth's `error_description`.
struct LinkedInErrorBody {
    var message: String?
    var serviceErrorCode: Int64?
    var code: String?

    init(_ body: [UInt8]) {
        guard let json = try? JSON.parse(body) else { return }
        message = json["message"]?.stringValue ?? json["error_description"]?.stringValue
        serviceErrorCode = json["serviceErrorCode"]?.int64Value
        code = json["code"]?.stringValue ?? json["error"]?.stringValue
    }

    var summary: String? {
        guard message != nil || code != nil else { return nil }
        var parts: [String] = []
        if let message { parts.append("\"\(Self.withoutMemberIDs(Self.shortened(message)))\"") }
        if let code { parts.append("code \(code)") }
        if let serviceErrorCode { parts.append("serviceErrorCode \(serviceErrorCode)") }
        return parts.joined(separator: ", ")
    }

    /// LinkedIn's text with member ids cut out (`urn:li:person:…`, any form `MemberURNs` knows): error text reaches
    /// logs, where member data may not go whatever `member_data` says.
    static func withoutMemberIDs(_ text: String) -> String {
        MemberURNs.rewrite(text) { prefix, _ in prefix + "…" }
    }

    /// At most `limit` characters of LinkedIn's text; when cut, the cut word goes too, so a token or secret the
    /// text quotes is never left half there, where no mask can recognise it.
    static func shortened(_ text: String, to limit: Int = 300) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let lastBreak = cut.lastIndex { $0 == " " || $0 == "\n" } ?? cut.startIndex
        return cut[..<lastBreak] + " …"
    }
}
