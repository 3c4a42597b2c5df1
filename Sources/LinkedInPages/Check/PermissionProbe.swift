import AirbyteProtocol

/// One permission family of LinkedIn's API, as `check` probes it: the cheapest request that needs the family's scope
/// and role, and the streams that cannot sync without it. The table (`PermissionFamily.all`) is the one place that
/// says which stream needs what; `ConnectionCheck` only runs it and reports.
struct PermissionFamily: Sendable {
    /// What one probe of the family is about.
    enum Subject: Sendable {
        /// The token's member (no page).
        case member
        /// All sampled pages in one batch request.
        case organizations
        /// Each sampled page.
        case organization
        /// The first post found on the sampled pages.
        case post
        /// The first video post (a `urn:li:ugcPost:` with `urn:li:video:` media) found on the sampled pages.
        case videoPost
    }

    let name: String
    let subject: Subject
    /// The request for one target; `path` is already encoded.
    let request: @Sendable (ProbeTarget) -> (path: String, query: [(String, RestLiValue)])
    /// The streams that will not sync where this family is denied.
    let streams: [String]
    /// In LinkedIn's words: the OAuth scope the app needs, and the page roles of which the member needs one.
    let scope: String
    let roles: [String]

    /// What LinkedIn needs, as a sentence fragment: "the scope r_organization_social and the page role …".
    var requirement: String {
        let roleText =
            switch roles.count {
            case 0: "any approved page role"
            case 1: "the page role \(roles[0])"
            default: "one of the page roles \(roles.joined(separator: ", "))"
            }
        return "the scope \(scope) and, for the token's member, \(roleText)"
    }
}

/// What a probe request is sent for.
enum ProbeTarget: Sendable {
    case member
    case organizations([Organization])
    case organization(Organization)
    /// A post URN and the page that published it.
    case post(String, of: Organization)

    var organization: Organization? {
        switch self {
        case .organization(let organization), .post(_, let organization): return organization
        case .member, .organizations: return nil
        }
    }
}

extension PermissionFamily {
    private static let admin = "rw_organization_admin"
    private static let social = "r_organization_social"

    private static func urn(_ target: ProbeTarget) -> RestLiValue { .string(target.organization?.urn ?? "") }

    private static func post(_ target: ProbeTarget) -> String {
        if case .post(let urn, _) = target { return urn }
        return ""
    }

    /// Every family `check` probes, in the order it reports them.
    static let all: [PermissionFamily] = [
        PermissionFamily(
            name: "organization lookup", subject: .organizations,
            request: { target in
                guard case .organizations(let organizations) = target else { return ("organizations", []) }
                return ("organizations", [("ids", .list(organizations.map { .int(Int64($0.id) ?? 0) }))])
            },
            streams: ["organization_lookup"], scope: admin, roles: ["ADMINISTRATOR"]),
        PermissionFamily(
            name: "follower statistics", subject: .organization,
            request: {
                (
                    "organizationalEntityFollowerStatistics",
                    [("q", "organizationalEntity"), ("organizationalEntity", urn($0))]
                )
            },
            streams: [
                "follower_statistics", "follower_statistics_by_facet", "follower_statistics_time_bound", "facet_values",
            ],
            scope: admin, roles: ["ADMINISTRATOR"]),
        PermissionFamily(
            name: "share statistics", subject: .organization,
            request: {
                (
                    "organizationalEntityShareStatistics",
                    [("q", "organizationalEntity"), ("organizationalEntity", urn($0))]
                )
            },
            streams: ["share_statistics", "share_statistics_time_bound", "post_statistics"], scope: admin,
            roles: ["ADMINISTRATOR"]),
        PermissionFamily(
            name: "page statistics", subject: .organization,
            request: { ("organizationPageStatistics", [("q", "organization"), ("organization", urn($0))]) },
            streams: ["page_statistics", "page_statistics_by_facet", "page_statistics_time_bound", "facet_values"],
            scope: admin,
            roles: ["ADMINISTRATOR"]),
        PermissionFamily(
            name: "posts", subject: .organization,
            request: { ("posts", [("q", "author"), ("author", urn($0)), ("count", 1)]) },
            streams: [
                "posts", "post_statistics", "post_social_metadata", "post_comments", "post_reactions",
                "video_analytics", "video_analytics_lifetime",
            ], scope: social,
            roles: ["ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER", "CONTENT_ADMIN"]),
        PermissionFamily(
            name: "social actions", subject: .post,
            request: { ("socialActions/\(RestLi.pathKey(post($0)))/comments", [("count", 1)]) },
            streams: ["post_social_metadata", "post_comments", "post_reactions"], scope: social,
            roles: ["ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER"]),
        PermissionFamily(
            name: "video analytics", subject: .videoPost,
            request: {
                ("videoAnalytics", [("q", "entity"), ("entity", .string(post($0))), ("type", "VIDEO_VIEW")])
            },
            streams: ["video_analytics", "video_analytics_lifetime"], scope: social,
            roles: ["ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER"]),
        PermissionFamily(
            name: "organization ACLs", subject: .member,
            request: { _ in ("organizationAcls", [("q", "roleAssignee"), ("count", 1)]) },
            streams: ["organization_acls"], scope: admin, roles: []),
    ]

    /// Streams whose permissions `check` does not probe (to keep it cheap): their endpoints need no more than the
    /// families above, or serve data.
    /// (page_notifications needs rw_organization_admin and the ADMINISTRATOR role, as the statistics families do.)
    static let notProbed = ["total_follower_count", "company_search", "page_notifications"]
}
