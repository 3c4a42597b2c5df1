/// The OAuth scopes the stand-in enforces per endpoint, as LinkedIn's 2026 docs and its Developer Portal list them
/// (see ../shared/research/api_audit_2026-12.md): a token without the scope an endpoint needs gets LinkedIn's 403.
public enum StandInScopes {
    public static let socialFeed = "r_organization_social_feed"
    public static let basicProfile = "r_basicprofile"
    public static let organizationAdmin = "rw_organization_admin"
    public static let organizationSocial = "r_organization_social"
    /// Every scope the stand-in knows; a token it has no entry for holds them all.
    public static let all: Set<String> = [socialFeed, basicProfile, organizationAdmin, organizationSocial]

    /// Tokens that lack one scope each: `no-feed`, `no-basicprofile`, `no-admin`, `no-social`.
    public static let defaultTokens: [String: Set<String>] = [
        "no-feed": all.subtracting([socialFeed]), "no-basicprofile": all.subtracting([basicProfile]),
        "no-admin": all.subtracting([organizationAdmin]), "no-social": all.subtracting([organizationSocial]),
    ]

    /// The scope a request to `resource` (the first path segment after `/rest/`) needs; nil when none (geo,
    /// functions, seniorities, and what the stand-in does not model).
    public static func required(for resource: String) -> String? {
        switch resource {
        case "socialMetadata", "socialActions", "reactions": return socialFeed
        case "industryTaxonomyVersions", "industries": return basicProfile
        case "organizationalEntityFollowerStatistics", "organizationalEntityShareStatistics",
            "organizationPageStatistics", "organizationalEntityNotifications":
            return organizationAdmin
        case "posts", "videoAnalytics": return organizationSocial
        default: return nil
        }
    }

    /// LinkedIn's 403 body when `token` lacks the scope `resource` needs, else nil. The message names the resource,
    /// the Rest.li method and the version, as LinkedIn's does
    /// (`Not enough permissions to access: posts.FINDER-author.20260800`).
    public static func denial(
        resource: String, method: String, version: String, token: String, tokens: [String: Set<String>]
    ) -> [UInt8]? {
        guard let scope = required(for: resource), let held = tokens[token], !held.contains(scope) else { return nil }
        let message = "Not enough permissions to access: \(resource).\(method).\(version)00"
        return Array(#"{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"\#(message)"}"#.utf8)
    }
}
