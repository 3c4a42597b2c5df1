#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces every known secret value with `****` in text bound for stdout or stderr.
///
/// The masker is the last line of defence: config secrets are registered before any output, tokens obtained at run
/// time as soon as they arrive. Values shorter than 4 characters are not registered (masking "a" would shred output).
public final class SecretMasker: @unchecked Sendable {
    public static let placeholder = "****"
    private let secrets = Locked<[[UInt8]]>([])

    public init(secrets: [String] = []) {
        for secret in secrets { register(secret) }
    }

    public func register(_ secret: String) {
        let bytes = Array(secret.utf8)
        guard bytes.count >= 4 else { return }
        secrets.withLock { secrets in
            if !secrets.contains(bytes) {
                secrets.append(bytes)
                secrets.sort { $0.count > $1.count }  // longest first, so a secret containing another is masked whole
            }
        }
    }

    public var isEmpty: Bool { secrets.current.isEmpty }

    public func mask(_ text: String) -> String {
        var bytes = Array(text.utf8)
        mask(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Masks in place, from byte `start` on.
    public func mask(_ bytes: inout [UInt8], from start: Int = 0) {
        let count = bytes.withUnsafeMutableBufferPointer { buffer in
            start + mask(UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        bytes.removeSubrange(count...)
    }

    /// Masks `bytes` in place and returns how many bytes the masked text takes (never more than before: secrets
    /// are at least as long as the placeholder). Cheap when nothing matches: one memchr-driven scan per secret.
    func mask(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        for secret in secrets.current where count >= secret.count {
            count = secret.withUnsafeBufferPointer { Self.replace($0, in: base, count: count) }
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
}
