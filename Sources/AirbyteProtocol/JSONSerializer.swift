#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension JSON {
    /// Compact JSON text (no whitespace), as the Airbyte protocol wants on each output line.
    public var serialized: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        write(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends compact JSON to `buffer`. Non-finite doubles, which JSON cannot express, become `null`.
    public func appendSerialized(to buffer: inout [UInt8]) {
        write(to: &buffer)
    }

    /// Compact JSON into any byte output: an array, or the output writer's line buffer (`ByteBuffer`).
    func write<Output: ByteOutput>(to output: inout Output) {
        switch self {
        case .null:
            output.append("null")
        case .bool(let value):
            output.append(value ? "true" : "false")
        case .int(let value):
            JSON.writeInteger(value, to: &output)
        case .double(let value):
            if value.isFinite {
                var text = value.description
                text.withUTF8 { output.append($0) }
            } else {
                output.append("null")
            }
        case .string(let value):
            JSON.writeString(value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            object.write(to: &output)
        }
    }

    static func writeInteger<Output: ByteOutput>(_ value: Int64, to output: inout Output) {
        if value >= 0 && value < 10 {
            output.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            while magnitude > 0 {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            if value < 0 { output.append(UInt8(ascii: "-")) }
            output.append(UnsafeBufferPointer(rebasing: digits[position..<20]))
        }
    }

    static func writeString<Output: ByteOutput>(_ string: String, to output: inout Output) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Most strings need no escaping: copy runs of plain bytes in one go.
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                writeEscaped(byte, to: &output)
                runStart = index + 1
            }
            if runStart < bytes.count { output.append(UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped<Output: ByteOutput>(_ byte: UInt8, to output: inout Output) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            output.append("u00")
            output.append(hex.utf8Start[Int(byte >> 4)])
            output.append(hex.utf8Start[Int(byte & 0x0F)])
        }
    }
}

extension JSONObject {
    public func appendSerialized(to buffer: inout [UInt8]) {
        write(to: &buffer)
    }

    func write<Output: ByteOutput>(to output: inout Output) {
        output.append(UInt8(ascii: "{"))
        for index in keys.indices {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSON.writeString(keys[index], to: &output)
            output.append(UInt8(ascii: ":"))
            values[index].write(to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}

// MARK: - Outputs

/// Somewhere serialized JSON goes, a byte or a run of bytes at a time.
protocol ByteOutput {
    mutating func append(_ byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension ByteOutput {
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

extension Array: ByteOutput where Element == UInt8 {
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A growable byte buffer in memory from `malloc`, grown with `realloc`: a line of several MB grows in place
/// (large blocks are remapped, not copied) instead of an array's allocate-copy-free at each doubling, and
/// `shrink(to:)` gives the memory back after a large line has been written out.
final class ByteBuffer: ByteOutput {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(base) }

    @inline(__always) func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    private func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        guard let moved = realloc(base, larger) else { fatalError("out of memory for a \(larger)-byte line") }
        base = moved.assumingMemoryBound(to: UInt8.self)
        capacity = larger
    }

    /// Gives memory back when the buffer is much larger than `capacity` (after an unusually large line).
    func shrink(to target: Int) {
        guard count <= target, capacity > target * 4, let smaller = realloc(base, target) else { return }
        base = smaller.assumingMemoryBound(to: UInt8.self)
        capacity = target
    }

    /// The bytes from `start` on.
    func bytes(from start: Int = 0) -> UnsafeMutableBufferPointer<UInt8> {
        UnsafeMutableBufferPointer(start: base + start, count: count - start)
    }
}
