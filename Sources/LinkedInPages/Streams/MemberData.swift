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
            guard MemberURNs.occur(in: text) else { return value }
            if case .drop = self, MemberURNs.isOne(text) { return .null }
            return .string(rewrite(text))
        case (_, .array(let items)):
            return .array(items.map(apply))
        case (_, .object(let object)):
            return .object(JSONObject(object.map { ($0, apply(to: $1)) }))
        default:
            return value
        }
    }

    /// Replaces each member URN, in any form `MemberURNs` knows, by its salted hash or the placeholder.
    private func rewrite(_ text: String) -> String {
        MemberURNs.rewrite(text) { prefix, id in
            switch self {
            case .hash(let salt): return "sha256:" + SHA256.hex(salt + MemberURNs.decoded(prefix: prefix, id: id))
            default: return Self.placeholder
            }
        }
    }
}
