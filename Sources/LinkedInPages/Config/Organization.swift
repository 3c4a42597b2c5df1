/// A LinkedIn organization (company or showcase page), known by its numeric id.
public struct Organization: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let urnPrefix = "urn:li:organization:"

    /// The digits, as LinkedIn's paths and Airbyte's `org_id` use them.
    public let id: String

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.hasPrefix(Self.urnPrefix) ? String(trimmed.dropFirst(Self.urnPrefix.count)) : trimmed
        guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        id = digits
    }

    public var urn: String { Self.urnPrefix + id }
    public var description: String { urn }

    public static func < (lhs: Organization, rhs: Organization) -> Bool {
        (lhs.id.count, lhs.id) < (rhs.id.count, rhs.id)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
