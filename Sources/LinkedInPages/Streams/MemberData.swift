import AirbyteProtocol

/// What to do with member identifiers (`urn:li:person:…`, `urn:li:member:…`) in comments and reactions.
///
/// LinkedIn's restricted-use terms forbid exporting member data beyond managing the page, so the default replaces
/// each identifier with a salted SHA-256: engagement can still be counted and joined per member, but not traced
/// back to a profile without the salt.
enum MemberDataPolicy: Sendable, Equatable {
    case keep
    case hash(salt: String)
    case drop

    static let placeholder = "urn:li:person:redacted"

    /// Rewrites every member URN in every string of `value`, including URNs embedded in composite keys such as
    /// `urn:li:reaction:(urn:li:person:abc,urn:li:share:1)`. A string that is only a member URN becomes null on drop.
    func apply(to value: JSON) -> JSON {
        switch (self, value) {
        case (.keep, _):
            return value
        case (_, .string(let text)):
            guard text.contains("urn:li:person:") || text.contains("urn:li:member:") else { return value }
            if case .drop = self, Self.isMemberURN(text) { return .null }
            return .string(rewrite(text))
        case (_, .array(let items)):
            return .array(items.map(apply))
        case (_, .object(let object)):
            return .object(JSONObject(object.map { ($0, apply(to: $1)) }))
        default:
            return value
        }
    }

    private static func isMemberURN(_ text: String) -> Bool {
        (text.hasPrefix("urn:li:person:") || text.hasPrefix("urn:li:member:"))
            && !text.dropFirst(14).contains { $0 == "," || $0 == "(" || $0 == ")" }
    }

    /// Replaces each `urn:li:person:<id>` / `urn:li:member:<id>` (id up to a `,`, `)` or the end).
    private func rewrite(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = [rest.range(of: "urn:li:person:"), rest.range(of: "urn:li:member:")]
            .compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound })
        {
            let idEnd = rest[range.upperBound...].firstIndex { $0 == "," || $0 == ")" || $0 == " " } ?? rest.endIndex
            let urn = rest[range.lowerBound..<idEnd]
            result += rest[..<range.lowerBound]
            switch self {
            case .hash(let salt): result += "sha256:" + SHA256.hex(salt + String(urn))
            default: result += Self.placeholder
            }
            rest = rest[idEnd...]
        }
        return result + rest
    }
}
