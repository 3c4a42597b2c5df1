/// Rest.li 2.0 encoding, built by hand because URLComponents cannot tell structure from data.
///
/// In a query value the structure stays literal (`List(...)`, `(key:value,...)`) and every string leaf is
/// percent-encoded (`urn:li:organization:1` → `urn%3Ali%3Aorganization%3A1`). A key in a path is encoded whole.
indirect enum RestLiValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case list([RestLiValue])
    /// Keys keep the order given; LinkedIn's documented examples are not sorted.
    case object([(String, RestLiValue)])

    static func == (lhs: RestLiValue, rhs: RestLiValue) -> Bool { lhs.encoded == rhs.encoded }

    var encoded: String {
        switch self {
        case .string(let text): return RestLi.encodeLeaf(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return "List(" + items.map(\.encoded).joined(separator: ",") + ")"
        case .object(let pairs):
            return "(" + pairs.map { RestLi.encodeLeaf($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + ")"
        }
    }
}

extension RestLiValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int64) { self = .int(value) }
}

enum RestLi {
    /// Above this many characters a query is sent in a POST body (LinkedIn answers 414 to long URLs).
    static let maxQueryLength = 4000

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encodeLeaf(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// A resource key in a path: fully encoded, so `urn:li:organization:1` → `urn%3Ali%3Aorganization%3A1`.
    static func pathKey(_ key: String) -> String { encodeLeaf(key) }

    /// A complex key in a path, e.g. reactions' `(entity:urn%3Ali%3Ashare%3A1)`.
    static func pathKey(_ key: RestLiValue) -> String { key.encoded }

    /// `name=value&...` in the order given.
    static func query(_ parameters: [(String, RestLiValue)]) -> String {
        parameters.map { encodeLeaf($0.0) + "=" + $0.1.encoded }.joined(separator: "&")
    }

    /// The time-bound statistics parameter: `(timeRange:(start:S,end:E),timeGranularityType:G)`.
    static func timeIntervals(startMillis: Int64, endMillis: Int64, granularity: String) -> RestLiValue {
        .object([
            ("timeRange", .object([("start", .int(startMillis)), ("end", .int(endMillis))])),
            ("timeGranularityType", .string(granularity)),
        ])
    }
}
