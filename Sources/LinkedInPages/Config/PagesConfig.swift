import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The connection's settings, parsed from a config that already passed the spec's schema check.
///
/// Superset of Airbyte's source-linkedin-pages config: the same keys mean the same things, so a config written for
/// Airbyte's connector works unchanged (including one without `credentials.auth_method`).
struct PagesConfig: Sendable {
    enum Credentials: Sendable, Equatable {
        case accessToken(String)
        case oauth(clientID: String, clientSecret: String, refreshToken: String)
    }

    enum Granularity: String, Sendable {
        case day = "DAY"
        case month = "MONTH"
    }

    /// The LinkedIn-Version this connector is built and tested against.
    static let defaultAPIVersion = "202608"
    static let defaultLookbackDays = 2
    static let defaultMaxConcurrency = 4

    var credentials: Credentials
    /// Organizations named in the config (`org_id` first, then `org_ids`), without duplicates. Empty: discover them.
    var organizations: [Organization]
    /// The `org_id` key alone: the organization an Airbyte-written single-partition state belongs to.
    var primaryOrganization: Organization?
    /// Pages of `organizations` given as bare digits only (never as a URN), with the key that named them first
    /// (`org_id` or `org_ids`): LinkedIn's list of administered pages may show one to be a showcase page
    /// (`OrganizationResolver`).
    var bareIDs: [Organization: String]
    /// `include_administered_pages`: add the pages the token's member administers to the configured ones.
    var includeAdministeredPages: Bool
    var startDate: Date?
    /// The days time-bound streams read: `start_date`/`end_date` or `start_days_ago`/`end_days_ago`.
    var dateRange: DateRange
    var granularity: Granularity
    var lookbackDays: Int
    var apiVersion: String
    /// Whether `api_version` was set: a pinned version is never swapped for another (a 426 is then a config error).
    var apiVersionIsPinned: Bool
    var maxConcurrency: Int
    /// `member_data`: keep, hash or drop member identifiers in comments and reactions.
    var memberData: String
    /// `member_hash_salt`: the secret salt of hashed member identifiers.
    var memberHashSalt: String?
    /// `compare_organizations`: pages to look up that the token need not administer.
    var comparedOrganizations: [CompanyReference]
    /// `locale`: the language of facet names (`en_US`).
    var locale: String
    /// `post_urns`: when set, the streams that follow posts read only these posts.
    var postURNs: Set<String>
    /// The config as given, for CONTROL messages that update one field and keep the rest.
    var raw: JSON
    /// `raw` with the updates this run sent to the platform (CONTROL), shared by every copy of this config.
    let updates: ConfigUpdates

    /// - Parameter clock: stamps the CONTROL messages that store this run's config updates.
    init(json: JSON, clock: EpochClock = .system) throws {
        raw = json
        updates = ConfigUpdates(json, clock: clock)
        credentials = try Self.parseCredentials(json["credentials"])

        var organizations: [Organization] = []
        var bareIDs: [Organization: String] = [:]
        var named: Set<Organization> = []
        func add(_ text: String, key: String) {
            guard let organization = Organization(text) else { return }
            if text.trimmingWhitespace.allSatisfy(\.isASCIIDigitCharacter) {
                if bareIDs[organization] == nil { bareIDs[organization] = key }
            } else {
                named.insert(organization)
            }
            if !organizations.contains(organization) { organizations.append(organization) }
        }
        if let text = json["org_id"]?.stringValue, !text.isEmpty {
            guard let organization = Organization(text) else { throw Self.badOrganization("org_id", text) }
            primaryOrganization = organization
            add(text, key: "org_id")
        }
        for (index, item) in (json["org_ids"]?.arrayValue ?? []).enumerated() {
            guard let text = item.stringValue, Organization(text) != nil else {
                throw Self.badOrganization("org_ids[\(index)]", item.stringValue ?? item.serialized)
            }
            add(text, key: "org_ids")
        }
        self.organizations = organizations
        // A page also named by its URN has its type said.
        self.bareIDs = bareIDs.filter { !named.contains($0.key) }
        switch json["include_administered_pages"] {
        case nil, .null?: includeAdministeredPages = false
        case .bool(let value)?: includeAdministeredPages = value
        case let other?:
            throw ConnectorError.config(
                "Invalid config: include_administered_pages must be true or false; got \(other.typeName).")
        }

        if let text = json["start_date"]?.stringValue {
            guard let date = ISO8601Parsing.date(text) else {
                throw ConnectorError.config(
                    "Invalid config: start_date '\(text)' is not a date like 2026-01-01T00:00:00Z.")
            }
            startDate = date
        }
        dateRange = try DateRange(json: json, startDate: startDate)
        let granularityText = json["time_granularity_type"]?.stringValue ?? "DAY"
        guard let granularity = Granularity(rawValue: granularityText) else {
            throw ConnectorError.config("Invalid config: time_granularity_type must be DAY or MONTH.")
        }
        self.granularity = granularity
        lookbackDays = Int(json["lookback_days"]?.int64Value ?? Int64(Self.defaultLookbackDays))
        let version = json["api_version"]?.stringValue ?? ""
        apiVersion = version.isEmpty ? Self.defaultAPIVersion : version
        apiVersionIsPinned = !version.isEmpty
        maxConcurrency = Int(json["max_concurrency"]?.int64Value ?? Int64(Self.defaultMaxConcurrency))
        memberData = json["member_data"]?.stringValue ?? "hash"
        memberHashSalt = json["member_hash_salt"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        comparedOrganizations = try (json["compare_organizations"]?.arrayValue ?? []).enumerated().map { index, item in
            guard let text = item.stringValue, let reference = CompanyReference(text) else {
                throw ConnectorError.config(
                    "Invalid config: compare_organizations[\(index)] must be an organization id, "
                        + "urn:li:organization:<id> or a vanity name (the name in linkedin.com/company/<name>); "
                        + "showcase pages cannot be compared.")
            }
            return reference
        }
        locale = json["locale"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "en_US"
        postURNs = Set(
            try (json["post_urns"]?.arrayValue ?? []).enumerated().map { index, item in
                guard let text = item.stringValue, Self.isPostURN(text) else {
                    throw ConnectorError.config(
                        "Invalid config: post_urns[\(index)] must be a post URN, urn:li:share:<id> or "
                            + "urn:li:ugcPost:<id> (the id in the post's \"Copy link to post\" address).")
                }
                return text
            })
    }

    static func isPostURN(_ text: String) -> Bool {
        for prefix in ["urn:li:share:", "urn:li:ugcPost:"] where text.hasPrefix(prefix) {
            let id = text.dropFirst(prefix.count)
            return !id.isEmpty && id.count <= 19 && id.allSatisfy(\.isASCIIDigitCharacter)
        }
        return false
    }

    /// The member-data policy; hashing needs a salt, or hashes of URNs could be reversed by guessing.
    func memberDataPolicy() throws -> MemberDataPolicy {
        switch memberData {
        case "keep": return .keep
        case "drop": return .drop
        default:
            guard let salt = memberHashSalt else {
                throw ConnectorError.config(
                    "Invalid config: member_hash_salt is required to hash member identifiers (member_data \"hash\", the "
                        + "default) in post_comments and post_reactions. Set a long random secret, or set member_data to "
                        + "\"drop\" or \"keep\".")
            }
            return .hash(salt: salt)
        }
    }

    /// Airbyte's connector accepted credentials without `auth_method`; the keys present tell the branch.
    private static func parseCredentials(_ json: JSON?) throws -> Credentials {
        guard let json, case .object = json else {
            throw ConnectorError.config("Invalid config: credentials is required (an access token or OAuth2.0 keys).")
        }
        let method = json["auth_method"]?.stringValue
        if method == "access_token" || (method == nil && json["access_token"] != nil) {
            guard let token = json["access_token"]?.stringValue, !token.isEmpty else {
                throw ConnectorError.config("Invalid config: credentials.access_token is required.")
            }
            return .accessToken(token)
        }
        var values: [String] = []
        for key in ["client_id", "client_secret", "refresh_token"] {
            guard let value = json[key]?.stringValue, !value.isEmpty else {
                throw ConnectorError.config("Invalid config: credentials.\(key) is required for OAuth2.0.")
            }
            values.append(value)
        }
        return .oauth(clientID: values[0], clientSecret: values[1], refreshToken: values[2])
    }

    private static func badOrganization(_ field: String, _ value: String) -> ConnectorError {
        .config(
            "Invalid config: \(field) '\(value.prefix(60))' is not a page id; use the digits of the page's admin URL "
                + "(linkedin.com/company/<digits>/admin), urn:li:organization:<digits>, or for a showcase page "
                + "urn:li:organizationBrand:<digits>.")
    }

    /// A warning when `api_version` is old enough that LinkedIn has probably sunset it (versions live about a year):
    /// better a line in the log now than a 426 on the day it goes.
    func apiVersionWarning(now: Date) -> String? {
        guard apiVersion.count == 6, let year = Int(apiVersion.prefix(4)), let month = Int(apiVersion.suffix(2)) else {
            return nil
        }
        let (nowYear, nowMonth, _) = UTCCalendar.civil(fromDays: UTCCalendar.millis(now) / UTCCalendar.dayMillis)
        let age = (Int(nowYear) - year) * 12 + Int(nowMonth) - month
        guard age >= 11 else { return nil }
        return
            "LinkedIn API version \(apiVersion) is \(age) months old; LinkedIn supports a version for about 12 months, "
            + "then answers 426. Set a newer api_version (YYYYMM)\(apiVersion == Self.defaultAPIVersion ? " or upgrade the connector" : "")."
    }

    /// The config with a new refresh token, for the CONTROL message that asks the platform to store it.
    func withRefreshToken(_ token: String) -> JSON { Self.settingRefreshToken(token, in: raw) }

    static func settingRefreshToken(_ token: String, in config: JSON) -> JSON {
        config.setting("refresh_token", to: .string(token), inside: "credentials")
    }
}
