#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a byte sequence is not JSON, with the byte offset where parsing stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public let offset: Int
    public var description: String { "\(reason) at byte \(offset)" }
}

extension JSON {
    /// Parses one JSON document. Never traps: any input either yields a value or throws `JSONParseError`.
    public static func parse(_ bytes: [UInt8]) throws -> JSON {
        try bytes.withUnsafeBytes { try parse($0) }
    }

    public static func parse(_ text: String) throws -> JSON {
        var text = text
        return try text.withUTF8 { try parse(UnsafeRawBufferPointer($0)) }
    }

    /// Parses straight from memory the caller owns (`data.withUnsafeBytes(JSON.parse)`), without copying it first.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> JSON {
        var parser = JSONParser(bytes.bindMemory(to: UInt8.self))
        return try parser.parseDocument()
    }
}

/// A recursive-descent parser over UTF-8 bytes. Nesting is capped so hostile input cannot exhaust the stack.
///
/// Built for large answers (a lifetime follower-statistics answer of several MB is one document): values collect on
/// one scratch stack and each array or object is made from it at its exact size, without growing; strings of 16 to
/// 64 bytes are interned (`StringTable`), so a key like `organicFollowerCount` is stored once, not once per entry;
/// and objects with the same keys in the same order share one `keys` array. A parsed tree of LinkedIn data takes
/// about 2.5 times the bytes of its text (four times before these).
struct JSONParser {
    static let maxDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private let stack = ValueStack()
    private var keyStack: [String] = []
    private var strings: StringTable
    private var shapes = ShapeTable()

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        strings = StringTable(documentSize: bytes.count)
    }

    mutating func parseDocument() throws -> JSON {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected trailing characters") }
        return value
    }

    private func fail(_ reason: String) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSON {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString().string)
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw fail("invalid literal")
        }
        index += count
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth) levels") }
    }

    // MARK: Containers

    private mutating func parseObject() throws -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject())
        }
        let valueMark = stack.count
        let keyMark = keyStack.count
        defer {
            // Only reached with leftovers when a nested value failed to parse.
            stack.truncate(to: valueMark)
            keyStack.removeSubrange(keyMark...)
        }
        var shapeHash: UInt64 = 0
        var positions: [String: Int]?  // for large objects, where a linear search for duplicates would be quadratic
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected object key") }
            let (key, keyHash) = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            stack.push(try parseValue())
            if let duplicate = duplicatePosition(of: key, from: keyMark, positions: &positions) {
                stack.popIntoSlot(valueMark + duplicate - keyMark)  // the last value wins, in the first one's place
            } else {
                if positions != nil { positions![key] = keyStack.count }
                keyStack.append(key)
                shapeHash = (shapeHash ^ keyHash) &* 0x100_0000_01b3
            }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            throw fail("expected ',' or '}'")
        }
        let keys = shapes.keys(keyStack[keyMark...], hash: shapeHash)
        return .object(JSONObject(uncheckedKeys: keys, values: stack.pop(from: valueMark)))
    }

    /// Where `key` already is among the current object's keys (`keyStack[mark...]`), if it is.
    private func duplicatePosition(of key: String, from mark: Int, positions: inout [String: Int]?) -> Int? {
        if let positions { return positions[key] }
        for position in mark..<keyStack.count where keyStack[position] == key { return position }
        if keyStack.count - mark >= 32 {
            positions = Dictionary(
                zip(keyStack[mark...], mark..<keyStack.count), uniquingKeysWith: { first, _ in first })
        }
        return nil
    }

    private mutating func parseArray() throws -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }
        let mark = stack.count
        defer { stack.truncate(to: mark) }
        while true {
            skipWhitespace()
            stack.push(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(stack.pop(from: mark)) }
            throw fail("expected ',' or ']'")
        }
    }

    // MARK: Strings

    /// A string and a hash of its bytes (for the shape table).
    private mutating func parseString() throws -> (string: String, hash: UInt64) {
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return strings.string(run)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("control character in string") }
            index += 1
        }
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return scalars.withUnsafeBufferPointer { strings.string($0) }
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw fail("unterminated escape") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): UTF8.encode(try parseUnicodeEscape()) { scalars.append($0) }
                default: throw fail("invalid escape")
                }
            default:
                if byte < 0x20 { throw fail("control character in string") }
                scalars.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800...0xDBFF).contains(first),
            index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        {
            let saved = index
            index += 2
            let second = try parseHex4()
            if (0xDC00...0xDFFF).contains(second) {
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            index = saved
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    // MARK: Numbers

    private mutating func parseNumber() throws -> JSON {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let digitsStart = index
        // Integers, by far the most common numbers here, are accumulated directly; the magnitude of Int64.min fits.
        var magnitude: UInt64 = 0
        var overflow = false
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            magnitude = sum
            overflow = overflow || o1 || o2
            index += 1
        }
        guard index > digitsStart else { throw fail("invalid number") }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard skipDigits() else { throw fail("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() else { throw fail("invalid number") }
        }
        if isInteger, !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw fail("number out of range") }
        return .double(value)
    }

    /// Skips one or more digits; false when there are none.
    private mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index > start
    }
}

// MARK: - Parser scratch

/// The values of the arrays and objects being parsed, one stack for all levels. A finished container moves its
/// elements out into an array of exactly their number, so no array grows (and over-allocates) while parsing.
private final class ValueStack {
    private var base = UnsafeMutablePointer<JSON>.allocate(capacity: 64)
    private var capacity = 64
    private(set) var count = 0

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func push(_ value: JSON) {
        if count == capacity {
            let larger = UnsafeMutablePointer<JSON>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = larger
            capacity *= 2
        }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Moves the top value into `position` (releasing what was there).
    func popIntoSlot(_ position: Int) {
        count -= 1
        (base + position).pointee = (base + count).move()
    }

    /// Moves the values from `mark` up into a new array.
    func pop(from mark: Int) -> [JSON] {
        let moved = count - mark
        let values = [JSON](unsafeUninitializedCapacity: moved) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: base + mark, count: moved)
            initialized = moved
        }
        count = mark
        return values
    }

    func truncate(to mark: Int) {
        guard count > mark else { return }
        (base + mark).deinitialize(count: count - mark)
        count = mark
    }
}

/// Interns strings of 16 to 64 bytes (shorter ones are stored inline in `String` and cost no allocation) in a
/// direct-mapped table: a string seen before, such as a key repeated in every entry of a facet, is shared rather than
/// allocated again. A collision just replaces the slot. The table is made on first use, sized to the document
/// (16 to 1,024 slots), so a small answer pays next to nothing for it.
private struct StringTable {
    private let slotBits: Int
    private var table: [String?] = []

    init(documentSize: Int) {
        var bits = 4
        while bits < 10, 1 << (bits + 8) < documentSize { bits += 1 }
        slotBits = bits
    }

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> (string: String, hash: UInt64) {
        let hash = Self.hash(bytes)
        guard bytes.count > 15, bytes.count <= 64 else { return (String(decoding: bytes, as: UTF8.self), hash) }
        if table.isEmpty { table = [String?](repeating: nil, count: 1 << slotBits) }
        let slot = Int(truncatingIfNeeded: hash >> UInt64(64 - slotBits))
        if var cached = table[slot], cached.utf8.count == bytes.count {
            let same = cached.withUTF8 { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if same { return (cached, hash) }
        }
        let string = String(decoding: bytes, as: UTF8.self)
        table[slot] = string
        return (string, hash)
    }

    /// A cheap hash of the length and of up to 16 bytes at both ends, enough to tell keys apart.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        let count = bytes.count
        if count >= 8, let base = bytes.baseAddress {
            head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            tail = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
        } else {
            for byte in bytes { head = head << 8 | UInt64(byte) }
        }
        var hash = (UInt64(count) &* 0x9E37_79B9_7F4A_7C15) ^ head
        hash = (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
        hash ^= tail
        hash = (hash ^ (hash >> 32)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }
}

/// The key arrays of objects parsed so far, by a hash of their keys: objects with the same keys in the same order
/// (every entry of a facet, every element of a time-bound answer) share one array. Writing a new key into one of
/// them copies it first, as arrays do.
private struct ShapeTable {
    private static let slots = 64
    private var table: [[String]?] = []

    mutating func keys(_ keys: ArraySlice<String>, hash: UInt64) -> [String] {
        if table.isEmpty { table = [[String]?](repeating: nil, count: Self.slots) }
        let slot = Int(truncatingIfNeeded: (hash ^ UInt64(keys.count)) % UInt64(Self.slots))
        if let cached = table[slot], cached.elementsEqual(keys) { return cached }
        let array = Array(keys)
        table[slot] = array
        return array
    }
}
