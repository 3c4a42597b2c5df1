import AirbyteProtocol

/// The salt of hashed member identifiers when the config has none: generated once, sent to the platform in a
/// CONTROL message so the same member hashes the same on the next sync, and masked like any other secret.
enum MemberHashSalt {
    /// 32 bytes from the system's cryptographic generator, as 64 hex digits.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String(
            (0..<32).flatMap { _ -> [Character] in
                let byte = UInt8.random(in: .min ... .max, using: &generator)
                return [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            })
    }

    static func warning() -> String {
        "member_hash_salt is not set, so the connector generated one to hash member identifiers (member_data "
            + "\"hash\") and sent it to the platform in a config update (CONTROL message). Hashes stay the same across "
            + "syncs only if the runner stores config updates (Airbyte does; PyAirbyte and plain command-line runs do "
            + "not, and then every sync hashes members differently). Set member_hash_salt to a long random secret to "
            + "keep hashes stable everywhere."
    }
}

extension PagesConfig {
    /// The member-data policy of a read. With `member_data: hash` and no `member_hash_salt`, a salt is generated,
    /// registered as a secret with `sink` (masked in every LOG and TRACE line), stored through a CONTROL message
    /// (which carries the real config) and announced by a WARN. Called again during the same run, it reuses that
    /// salt without another CONTROL.
    ///
    /// - Parameter makeSalt: the salt generator; tests may inject a fixed one.
    func resolvedMemberDataPolicy(
        sink: MessageSink, makeSalt: () -> String = MemberHashSalt.random
    ) throws -> MemberDataPolicy {
        guard memberData == "hash", memberHashSalt == nil else { return try memberDataPolicy() }
        if let generated = updates.current["member_hash_salt"]?.stringValue, !generated.isEmpty {
            return .hash(salt: generated)
        }
        let salt = makeSalt()
        sink.registerSecret(salt)
        updates.apply(sink: sink) { $0.setting("member_hash_salt", to: .string(salt)) }
        sink.log(.warn, MemberHashSalt.warning())
        return .hash(salt: salt)
    }
}
