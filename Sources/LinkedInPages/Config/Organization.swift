/// A LinkedIn page the connector reads: a company page (`urn:li:organization:{id}`) or a showcase page, which
/// LinkedIn calls an organization brand (`urn:li:organizationBrand:{id}`).
struct Organization: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Which kind of page, and so which of LinkedIn's endpoints serve it (see `BrandRequest`).
    enum Kind: Sendable, Hashable {
        /// A company page: `urn:li:organization:`.
        case company
        /// A showcase page: `urn:li:organizationBrand:` (LinkedIn's organization docs, "Showcase Pages").
        case showcase
    }

    static let urnPrefix = "urn:li:organization:"
    static let brandURNPrefix = "urn:li:organizationBrand:"

    /// The digits, as LinkedIn's paths and batch requests use them.
    let id: String
    let kind: Kind

    /// Reads `123` or `urn:li:organization:123` (a company page) and `urn:li:organizationBrand:123` (a showcase page).
    /// A bare id reads as a company page here; `OrganizationResolver` makes it a showcase page when the token's list
    /// of administered pages shows that id only as one.
    init?(_ text: String) {
        let trimmed = text.trimmingWhitespace
        var kind = Kind.company
        var digits = trimmed
        if trimmed.hasPrefix(Self.brandURNPrefix) {
            kind = .showcase
            digits = String(trimmed.dropFirst(Self.brandURNPrefix.count))
        } else if trimmed.hasPrefix(Self.urnPrefix) {
            digits = String(trimmed.dropFirst(Self.urnPrefix.count))
        }
        self.init(id: digits, kind: kind)
    }

    init?(id digits: String, kind: Kind) {
        guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        id = digits
        self.kind = kind
    }

    /// The page's own URN: what LinkedIn's statistics name it by and what records carry.
    var urn: String { (kind == .company ? Self.urnPrefix : Self.brandURNPrefix) + id }
    var description: String { urn }

    /// The page as state partition keys name it (`org_id`): a company page by its digits, as Airbyte's connector
    /// and every earlier version wrote it; a showcase page by its URN, so that it never collides with a company page
    /// of the same number.
    var stateKey: String { kind == .company ? id : urn }

    /// The page in a list of pages: `123` for a company page, `urn:li:organizationBrand:123` for a showcase page.
    var name: String { kind == .company ? id : urn }

    /// The page as log lines name it: "organization 123" or "showcase page urn:li:organizationBrand:123".
    var label: String { kind == .company ? "organization \(id)" : "showcase page \(urn)" }

    /// Company pages first, then showcase pages, each in numeric order.
    static func < (lhs: Organization, rhs: Organization) -> Bool {
        (lhs.kind == .company ? 0 : 1, lhs.id.count, lhs.id) < (rhs.kind == .company ? 0 : 1, rhs.id.count, rhs.id)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

/// A page named in `compare_organizations`: by id, or by vanity name (`linkedin` in linkedin.com/company/linkedin).
enum CompanyReference: Sendable, Equatable, CustomStringConvertible {
    case organization(Organization)
    case vanityName(String)

    /// Company pages only: LinkedIn's lookup of pages one does not administer (`organizationsLookup`) and their
    /// follower counts are documented for organizations.
    init?(_ text: String) {
        if let organization = Organization(text) {
            guard organization.kind == .company else { return nil }
            self = .organization(organization)
            return
        }
        let name = text.trimmingWhitespace
        guard !name.isEmpty, name.count <= 100,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else { return nil }
        self = .vanityName(name.lowercased())
    }

    var description: String {
        switch self {
        case .organization(let organization): return organization.id
        case .vanityName(let name): return "'\(name)'"
        }
    }
}
