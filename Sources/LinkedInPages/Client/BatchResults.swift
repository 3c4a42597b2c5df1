import AirbyteProtocol

/// The `results` of a Rest.li batch GET, found by the key that was asked for, whatever form LinkedIn writes the key
/// in: as sent, percent-encoded whole or in part, in either hex case; failing that, by a result's own `entity`
/// field (one client saw socialMetadata key a post's result by another URN). A result found by no key was dropped
/// silently before; now only one that matches none of these is missing.
struct BatchResults {
    private let byKey: [String: JSON]
    private let byEntity: [String: JSON]

    init(_ body: JSON) {
        var byKey: [String: JSON] = [:]
        var byEntity: [String: JSON] = [:]
        for (key, value) in body["results"]?.objectValue ?? JSONObject() {
            byKey[Self.decoded(key)] = value
            if let entity = value["entity"]?.stringValue { byEntity[entity] = value }
        }
        self.byKey = byKey
        self.byEntity = byEntity
    }

    /// The result for `key` (as the request named it, not encoded).
    subscript(key: String) -> JSON? {
        byKey[Self.decoded(key)] ?? byEntity[key]
    }

    /// `text` with every `%XX` decoded (a malformed escape stays as it is).
    static func decoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "%"), input.count >= 2, let high = hex(input[input.startIndex]),
                let low = hex(input[input.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
