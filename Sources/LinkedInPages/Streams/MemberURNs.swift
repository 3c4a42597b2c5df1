/// Where member identifiers sit in LinkedIn's text: the one scanner every path uses (records under `member_data`,
/// LinkedIn's error text, and the output writer's last-line redaction of LOG and TRACE).
///
/// LinkedIn names members `urn:li:person:<id>` (most APIs) and `urn:li:member:<id>` (numeric, older APIs and some
/// error texts); URLs and form bodies carry them percent-encoded, once or twice. Matching ignores case, since
/// percent-encoding may be written in either.
enum MemberURNs {
    /// Every form a member URN starts with, longest first.
    static let prefixes: [String] = [
        "urn%253Ali%253Aperson%253A", "urn%253Ali%253Amember%253A",
        "urn%3Ali%3Aperson%3A", "urn%3Ali%3Amember%3A",
        "urn:li:person:", "urn:li:member:",
    ]

    /// Whether `text` holds a member URN in any form.
    static func occur(in text: String) -> Bool {
        // Every string of every record of a member-data stream passes here: the raw forms first, without copying;
        // only a text with a `%` can hold an encoded form, in either case.
        if rawPrefixes.contains(where: { text.contains($0) }) { return true }
        guard text.utf8.contains(UInt8(ascii: "%")) else { return false }
        let lowered = text.lowercased()
        return lowerPrefixes.contains { lowered.contains($0) }
    }

    /// Whether `text` is exactly one member URN (raw form), nothing around it.
    static func isOne(_ text: String) -> Bool {
        guard let prefix = rawPrefixes.first(where: { text.hasPrefix($0) }) else { return false }
        let id = text.dropFirst(prefix.count)
        return !id.isEmpty && id.unicodeScalars.allSatisfy(isIdentifier)
    }

    /// `text` with each member URN replaced by what `replacement` makes of it: given the URN as found (its prefix as
    /// written and its id), it returns the text to put in its place.
    static func rewrite(_ text: String, _ replacement: (_ prefix: Substring, _ id: Substring) -> String) -> String {
        guard occur(in: text) else { return text }
        var result = ""
        var rest = Substring(text)
        while let (start, prefixEnd) = firstPrefix(in: rest) {
            let idEnd = rest.unicodeScalars[prefixEnd...].firstIndex { !isIdentifier($0) } ?? rest.endIndex
            result += rest[..<start]
            if prefixEnd == idEnd {
                result += rest[start..<prefixEnd]  // a prefix with no id after it (prose about the format)
            } else {
                result += replacement(rest[start..<prefixEnd], rest[prefixEnd..<idEnd])
            }
            rest = rest[idEnd...]
        }
        return result + rest
    }

    /// The raw URN (`urn:li:person:abc`) of a prefix as written (maybe percent-encoded) and its id.
    static func decoded(prefix: Substring, id: Substring) -> String {
        (prefix.lowercased().contains("member") ? "urn:li:member:" : "urn:li:person:") + id
    }

    private static let lowerPrefixes = prefixes.map { $0.lowercased() }
    private static let rawPrefixes = ["urn:li:person:", "urn:li:member:"]

    /// Ids are letters, digits, `_` and `-` (LinkedIn's person ids, e.g. `AbC12_-x`; member ids are numbers).
    private static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
    }

    /// The earliest prefix in `text`: where it starts and where its id starts.
    private static func firstPrefix(in text: Substring) -> (Substring.Index, Substring.Index)? {
        let lowered = text.lowercased()
        var best: (offset: Int, length: Int)?
        for prefix in lowerPrefixes {
            guard let range = lowered.firstRange(of: prefix) else { continue }
            let offset = lowered.utf8.distance(from: lowered.startIndex, to: range.lowerBound)
            if best == nil || offset < best!.offset { best = (offset, prefix.utf8.count) }
        }
        guard let best else { return nil }
        // Lower-casing ASCII keeps byte offsets; prefixes are ASCII, and so is the text before a match's bytes.
        let start = text.utf8.index(text.startIndex, offsetBy: best.offset)
        return (start, text.utf8.index(start, offsetBy: best.length))
    }
}
