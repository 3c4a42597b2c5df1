/// What LinkedIn requires for the requests of a stream, in LinkedIn's words (its 2026 docs): an OAuth scope and the
/// page role the token's member must hold. Streams that need the same permission form a family; `check` probes each
/// family once with the request of a stream that declares it (`ConnectionCheck`), and the README's scope table is
/// this list.
struct Permission: Sendable {
    /// How `check` tests the permission.
    enum Probe: Sendable {
        /// The first request of the first stream that declares it (`count=1` where paged).
        case streamRequest
        /// A facet-name lookup (`FacetLookup`) for one known value.
        case facetLookup(value: String)
    }

    /// The family's name in `check`'s report.
    let family: String
    /// The OAuth scopes any one of which LinkedIn accepts; the first is the one its current docs list.
    let scopes: [String]
    /// Page roles of which the member needs one; empty: no page role (the member's own data, or public pages).
    let roles: [String]
    /// Where LinkedIn documents it.
    let source: String
    /// What is uncertain, or where an old and a new scope may both work.
    let note: String?
    /// What a stream loses without it, when it still syncs (nil: it does not sync).
    let degrades: String?
    let probe: Probe

    init(
        family: String, scopes: [String], roles: [String], source: String, note: String? = nil,
        degrades: String? = nil, probe: Probe = .streamRequest
    ) {
        self.family = family
        self.scopes = scopes
        self.roles = roles
        self.source = source
        self.note = note
        self.degrades = degrades
        self.probe = probe
    }

    /// What LinkedIn needs, as a sentence fragment: "the scope rw_organization_admin (or r_organization_admin) and,
    /// for the token's member, the page role ADMINISTRATOR".
    var requirement: String {
        let alternatives = scopes.dropFirst()
        let scope =
            "the scope \(scopes.first ?? "")"
            + (alternatives.isEmpty ? "" : " (or \(alternatives.joined(separator: ", ")))")
        switch roles.count {
        case 0: return scope
        case 1: return scope + " and, for the token's member, the page role \(roles[0])"
        default: return scope + " and, for the token's member, one of the page roles \(roles.joined(separator: ", "))"
        }
    }
}

extension Permission {
    private static let docs = "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/"
    private static let admin = ["rw_organization_admin", "r_organization_admin"]
    private static let adminNote =
        "LinkedIn's statistics pages list rw_organization_admin; r_organization_admin (read-only) is documented on "
        + "organizationAcls for pages' reporting data and may be enough (unverified)."
    private static let posters = ["ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER", "CONTENT_ADMINISTRATOR"]

    static let organizationLookup = Permission(
        family: "organization lookup", scopes: admin, roles: ["ADMINISTRATOR"],
        source: docs + "organizations/organization-lookup-api", note: adminNote)
    static let followerStatistics = Permission(
        family: "follower statistics", scopes: admin, roles: ["ADMINISTRATOR"],
        source: docs + "organizations/follower-statistics", note: adminNote)
    static let shareStatistics = Permission(
        family: "share statistics", scopes: admin, roles: ["ADMINISTRATOR"],
        source: docs + "organizations/share-statistics", note: adminNote)
    static let pageStatistics = Permission(
        family: "page statistics", scopes: admin, roles: ["ADMINISTRATOR"],
        source: docs + "organizations/page-statistics", note: adminNote)
    /// `networkSizes`: any page's follower count, administered or not.
    static let followerCount = Permission(
        family: "follower count", scopes: admin, roles: [],
        source: docs + "organizations/organization-lookup-api", note: adminNote)
    /// `organizationsLookup`: pages the member does not administer.
    static let organizationSearch = Permission(
        family: "organization search", scopes: admin, roles: [],
        source: docs + "organizations/organization-lookup-api", note: adminNote)
    static let organizationACLs = Permission(
        family: "organization ACLs", scopes: admin, roles: [],
        source: docs + "organizations/organization-access-control-by-role")
    static let posts = Permission(
        family: "posts", scopes: ["r_organization_social"], roles: posters,
        source: docs + "shares/posts-api",
        note: "LinkedIn's organic-posts pages (2026) still list r_organization_social.")
    /// Comments, reactions and social metadata.
    static let engagement = Permission(
        family: "comments, reactions and counts", scopes: ["r_organization_social_feed", "r_organization_social"],
        roles: ["ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER"],
        source: docs + "shares/comments-api, shares/reactions-api, shares/social-metadata-api",
        note: "LinkedIn's current Comments, Reactions and Social Metadata pages list r_organization_social_feed; "
            + "their 2024 views listed r_organization_social, which older tokens may still use (unverified).")
    static let videoAnalytics = Permission(
        family: "video analytics", scopes: ["r_organization_social"],
        roles: ["ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER"], source: docs + "shares/video-analytics-api",
        note: "Views may read 0 for roles other than ADMINISTRATOR (unverified).")
    /// Industry names of facet values (`industryTaxonomyVersions/.../industries`).
    static let industryNames = Permission(
        family: "industry names", scopes: ["r_basicprofile"], roles: [],
        source: "https://learn.microsoft.com/en-us/linkedin/shared/references/v2/standardized-data/"
            + "industrytaxonomyversions (scope: LinkedIn's Developer Portal endpoint table)",
        degrades: "industries are named from LinkedIn's published table (\(IndustryCodesV2.version), English) instead",
        probe: .facetLookup(value: "urn:li:industry:4"))
}
