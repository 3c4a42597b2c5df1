#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces every known secret with `****` in text bound for stdout or stderr, in every form a secret can take on
/// a line, and redacts identifiers that follow registered prefixes in LOG and TRACE lines.
///
/// The masker is the last line of defence: config secrets are registered before any output, tokens obtained at run
/// time as soon as they arrive. A secret is masked as written, as JSON escapes it (once, twice, and with the `\/`
/// and `\u00e9` escapes other servers use), and percent-encoded (as a URL or a form body carries it), because a
/// message quoting a request or another JSON document carries it in those forms. Values shorter than 4 characters
/// are not registered (masking "a" would shred output).
public final class SecretMasker: @unchecked Sendable {
    public static let placeholder = "****"
    private let secrets = Locked<[[UInt8]]>([])
    /// Lower-cased ASCII prefixes; matched without regard to case (percent-encoding may be either).
    private let identifierPrefixes: [[UInt8]]

    /// - Parameters:
    ///   - redactingAfter: prefixes of identifiers to redact in LOG and TRACE lines (see `redact`).
    public init(secrets: [String] = [], redactingAfter prefixes: [String] = []) {
        identifierPrefixes = prefixes.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        for secret in secrets { register(secret) }
    }

    public func register(_ secret: String) {
        guard secret.utf8.count >= 4 else { return }
        let forms = SecretForms.all(of: secret)
        secrets.withLock { secrets in
            for bytes in forms where !secrets.contains(bytes) { secrets.append(bytes) }
            secrets.sort { $0.count > $1.count }  // longest first, so a secret containing another is masked whole
        }
    }

    public var isEmpty: Bool { secrets.current.isEmpty }

    public func mask(_ text: String) -> String {
        var bytes = Array(text.utf8)
        mask(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Masks secrets and redacts identifiers: what a line of free text (stderr) gets.
    public func maskAndRedact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        let count = bytes.withUnsafeMutableBufferPointer { buffer in
            let masked = mask(buffer)
            return redact(UnsafeMutableBufferPointer(rebasing: buffer[..<masked]))
        }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// Masks in place, from byte `start` on.
    public func mask(_ bytes: inout [UInt8], from start: Int = 0) {
        let count = bytes.withUnsafeMutableBufferPointer { buffer in
            start + mask(UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        bytes.removeSubrange(count...)
    }

    /// Masks `bytes` in place and returns how many bytes the masked text takes (never more than before: secrets
    /// are at least as long as the placeholder). Cheap when nothing matches: one memchr-driven scan per form.
    func mask(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        for secret in secrets.current where count >= secret.count {
            count = secret.withUnsafeBufferPointer { Self.replace($0, in: base, count: count) }
        }
        return count
    }

    /// Replaces the identifier after each registered prefix (letters, digits, `_`, `-`) with `****` (or as many `*`
    /// as it has characters, when shorter) and returns the new count; the prefix itself stays, so a reader still
    /// sees what kind of identifier was there.
    func redact(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard !identifierPrefixes.isEmpty, let base = bytes.baseAddress else { return bytes.count }
        var count = bytes.count
        for prefix in identifierPrefixes where count >= prefix.count {
            count = prefix.withUnsafeBufferPointer { Self.redact(after: $0, in: base, count: count) }
        }
        return count
    }

    /// Replaces every occurrence of `secret` in `base[0..<count]` with the placeholder, shifting the rest left;
    /// returns the new count.
    private static func replace(_ secret: UnsafeBufferPointer<UInt8>, in base: UnsafeMutablePointer<UInt8>, count: Int)
        -> Int
    {
        let first = Int32(secret[0])
        let last = count - secret.count  // the last position a match can start at
        var read = 0  // where the text not yet copied down starts
        var write = 0  // where it goes
        var search = 0
        while search <= last {
            // memchr finds the candidate start with SIMD; memcmp confirms the rest.
            guard let hit = memchr(base + search, first, last - search + 1) else { break }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            guard memcmp(base + position, secret.baseAddress!, secret.count) == 0 else {
                search = position + 1
                continue
            }
            if write != read { memmove(base + write, base + read, position - read) }
            write += position - read
            for byte in placeholder.utf8 {
                base[write] = byte
                write += 1
            }
            read = position + secret.count
            search = read
        }
        guard read > 0 else { return count }  // no match: nothing moved
        if write != read { memmove(base + write, base + read, count - read) }
        return write + count - read
    }

    private static func redact(after prefix: UnsafeBufferPointer<UInt8>, in base: UnsafeMutablePointer<UInt8>, count: Int)
        -> Int
    {
        var read = 0
        var write = 0
        var position = 0
        while position + prefix.count <= count {
            guard Self.matches(prefix, at: base + position) else {
                position += 1
                continue
            }
            var end = position + prefix.count
            while end < count, isIdentifierByte(base[end]) { end += 1 }
            let length = end - position - prefix.count
            guard length > 0 else {
                position = end
                continue
            }
            let keep = position + prefix.count - read
            if write != read { memmove(base + write, base + read, keep) }
            write += keep
            for _ in 0..<min(length, placeholder.utf8.count) {
                base[write] = UInt8(ascii: "*")
                write += 1
            }
            read = end
            position = end
        }
        guard read > 0 else { return count }
        if write != read { memmove(base + write, base + read, count - read) }
        return write + count - read
    }

    private static func matches(_ prefix: UnsafeBufferPointer<UInt8>, at text: UnsafeMutablePointer<UInt8>) -> Bool {
        for index in 0..<prefix.count {
            var byte = text[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != prefix[index] { return false }
        }
        return true
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
}
