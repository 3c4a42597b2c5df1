/// The byte sequences one secret can take on an output line.
///
/// A LOG or TRACE line is JSON, so a secret in a message is JSON-escaped once; a message that quotes a JSON
/// document (LinkedIn's error body quoting the request) escapes it twice, the inner time maybe by another writer
/// (`\/` for `/`, `\u00e9` for non-ASCII); a URL or a form body carries it percent-encoded (`+` or `%20` for a
/// space, either hex case, unreserved characters kept or not).
enum SecretForms {
    static func all(of secret: String) -> [[UInt8]] {
        let raw = Array(secret.utf8)
        // How a text (an error body, a URL) may carry the secret: as is, escaped by some JSON writer, or encoded.
        var carried = [raw]
        for (slash, nonASCII, upperHex) in [(false, false, false), (true, false, false), (false, true, false),
            (true, true, false), (true, true, true)]
        {
            carried.append(jsonEscaped(raw, slash: slash, nonASCII: nonASCII, upperHex: upperHex))
        }
        for (keep, upperHex, spaceAsPlus) in [(unreserved, true, false), (unreserved, false, false),
            (unreserved, true, true), (alphanumeric, true, false), (alphanumeric, false, false)]
        {
            carried.append(percentEncoded(raw, keeping: keep, upperHex: upperHex, spaceAsPlus: spaceAsPlus))
        }
        // A protocol line escapes that text once more, as this project's serializer does.
        var forms = carried + carried.map { jsonEscaped($0, slash: false, nonASCII: false) }
        var seen = Set<[UInt8]>()
        forms = forms.filter { seen.insert($0).inserted }
        return forms
    }

    /// JSON string escaping: `"` and `\` always, control characters as `\n`, `\r`, `\t` or `\u00XX`; optionally `/`
    /// as `\/` and every non-ASCII scalar as `\uXXXX` (UTF-16, with surrogate pairs).
    static func jsonEscaped(_ bytes: [UInt8], slash: Bool, nonASCII: Bool, upperHex: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        let text = String(decoding: bytes, as: UTF8.self)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += Array(#"\""#.utf8)
            case "\\": output += Array(#"\\"#.utf8)
            case "\n": output += Array(#"\n"#.utf8)
            case "\r": output += Array(#"\r"#.utf8)
            case "\t": output += Array(#"\t"#.utf8)
            case "/" where slash: output += Array(#"\/"#.utf8)
            default:
                if scalar.value < 0x20 || (nonASCII && scalar.value > 0x7F) {
                    for unit in String(scalar).utf16 { output += Array("\\u".utf8) + hex(UInt32(unit), 4, upperHex) }
                } else {
                    output += Array(String(scalar).utf8)
                }
            }
        }
        return output
    }

    /// RFC 3986's unreserved characters, which most encoders leave as they are.
    static func unreserved(_ byte: UInt8) -> Bool {
        alphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    /// What the strictest encoders leave.
    static func alphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Percent-encoding: bytes `keeping` accepts stay, every other byte becomes `%XX`.
    static func percentEncoded(_ bytes: [UInt8], keeping: (UInt8) -> Bool, upperHex: Bool, spaceAsPlus: Bool)
        -> [UInt8]
    {
        var output: [UInt8] = []
        for byte in bytes {
            switch byte {
            case _ where keeping(byte):
                output.append(byte)
            case UInt8(ascii: " ") where spaceAsPlus:
                output.append(UInt8(ascii: "+"))
            default:
                output.append(UInt8(ascii: "%"))
                output += hex(UInt32(byte), 2, upperHex)
            }
        }
        return output
    }

    private static func hex(_ value: UInt32, _ digits: Int, _ upper: Bool) -> [UInt8] {
        let alphabet = Array((upper ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return (0..<digits).reversed().map { alphabet[Int((value >> (4 * UInt32($0))) & 0xF)] }
    }
}
