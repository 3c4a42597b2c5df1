/// A LinkedIn organization (company or showcase page), known by its numeric id.
struct Organization: Sendable, Hashable, Comparable, CustomStringConvertible {
    static let urnPrefix = "urn:li:organization:"

    /// The digits, as LinkedIn's paths and Airbyte's `org_id` use them.
    let id: String

    init?(_ text: String) {
        let trimmed = text.trimmingWhitespace
        let digits = trimmed.hasPrefix(Self.urnPrefix) ? String(trimmed.dropFirst(Self.urnPrefix.count)) : trimmed
        guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        id = digits
    }

    var urn: String { Self.urnPrefix + id }
    var description: String { urn }

    static func < (lhs: Organization, rhs: Organization) -> Bool {
        (lhs.id.count, lhs.id) < (rhs.id.count, rhs.id)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}

/// A page named in `compare_organizations`: by id, or by vanity name (`linkedin` in linkedin.com/company/linkedin).
enum CompanyReference: Sendable, Equatable, CustomStringConvertible {
    case organization(Organization)
    case vanityName(String)

    init?(_ text: String) {
        if let organization = Organization(text) {
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
