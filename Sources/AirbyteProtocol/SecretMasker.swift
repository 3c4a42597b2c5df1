import Foundation

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

    /// Masks in place, from byte `start` on. Cheap when nothing matches: one memchr-driven scan per secret.
    public func mask(_ bytes: inout [UInt8], from start: Int = 0) {
        let current = secrets.current
        for secret in current where bytes.count - start >= secret.count {
            let positions = Self.occurrences(of: secret, in: bytes, from: start)
            guard !positions.isEmpty else { continue }
            var result = Array(bytes[..<start])
            result.reserveCapacity(bytes.count)
            var cursor = start
            for position in positions {
                result.append(contentsOf: bytes[cursor..<position])
                result.append(contentsOf: Self.placeholder.utf8)
                cursor = position + secret.count
            }
            result.append(contentsOf: bytes[cursor...])
            bytes = result
        }
    }

    static func occurrences(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> [Int] {
        let first = needle[0]
        var found: [Int] = []
        var index = start
        let last = haystack.count - needle.count
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                while index <= last {
                    // memchr finds the candidate start with SIMD; the loop below confirms the rest.
                    guard let hit = memchr(hay.baseAddress! + index, Int32(first), last - index + 1) else { break }
                    index = hay.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    do {
                        var matched = true
                        for offset in 1..<pin.count where hay[index + offset] != pin[offset] {
                            matched = false
                            break
                        }
                        if matched {
                            found.append(index)
                            index += pin.count
                            continue
                        }
                    }
                    index += 1
                }
            }
        }
        return found
    }
}
