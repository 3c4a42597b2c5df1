#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes messages as protocol lines to a file descriptor (stdout in production): one compact JSON object per line,
/// secrets masked (and registered identifiers redacted in LOG, TRACE error and connection-status text), buffered, and flushed at every STATE and at exit so a checkpoint is never held back.
///
/// The one exception to masking is CONTROL: it hands the platform a config to store (a rotated refresh token), and
/// a config stored with `****` in place of its secrets would break the connection. The platform consumes CONTROL
/// messages; it does not show them in logs.
public final class OutputWriter: MessageSink {
    private struct Buffer {
        var bytes: ByteBuffer
        var counter = RecordCounter()
    }

    fileprivate let descriptor: Int32
    private let masker: SecretMasker
    private let flushThreshold: Int
    private let buffer: Locked<Buffer>

    public init(descriptor: Int32 = 1, masker: SecretMasker, flushThreshold: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.masker = masker
        self.flushThreshold = flushThreshold
        buffer = Locked(Buffer(bytes: ByteBuffer(capacity: flushThreshold + 16 * 1024)))
    }

    public func registerSecret(_ value: String) { masker.register(value) }

    /// Serializes each message straight into the buffer, masks the new line in place, and writes out whenever the
    /// buffer passes the threshold (between lines, so the batch still goes out whole and uninterrupted: the lock is
    /// held throughout) and after a batch with a STATE.
    public func emit(_ messages: [AirbyteMessage]) {
        buffer.withLock { buffer in
            var mustFlush = false
            for message in messages {
                let stamped = buffer.counter.stamp(message)
                let lineStart = buffer.bytes.count
                stamped.writeLine(to: &buffer.bytes)
                switch stamped {
                case .control:
                    break
                case .log, .error, .connectionStatus:
                    // Free text a service's error may have written into: identifiers go too.
                    buffer.bytes.count = lineStart + masker.mask(buffer.bytes.bytes(from: lineStart))
                    buffer.bytes.count = lineStart + masker.redact(buffer.bytes.bytes(from: lineStart))
                default:
                    buffer.bytes.count = lineStart + masker.mask(buffer.bytes.bytes(from: lineStart))
                }
                buffer.bytes.append(0x0A)
                if case .state = stamped { mustFlush = true }
                if buffer.bytes.count >= flushThreshold { drain(buffer.bytes) }
            }
            if mustFlush { drain(buffer.bytes) }
        }
    }

    /// Writes one plain-text line (`--help`, `--version`), not a protocol message, after whatever is buffered.
    public func writeLine(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.last != 0x0A { bytes.append(0x0A) }
        buffer.withLock { buffer in
            drain(buffer.bytes)
            bytes.withUnsafeBytes { writeAll($0.baseAddress!, $0.count) }
        }
    }

    /// Writes out whatever is buffered. Only whole lines are ever buffered, so output stays valid JSON lines
    /// even when the process is stopped right after.
    public func flush() {
        buffer.withLock { drain($0.bytes) }
    }

    private func drain(_ bytes: ByteBuffer) {
        guard bytes.count > 0 else { return }
        writeAll(bytes.base, bytes.count)
        bytes.count = 0
        bytes.shrink(to: flushThreshold + 16 * 1024)  // after a line of several MB, give the memory back
    }
}

extension OutputWriter {
    /// Writes every byte, retrying when interrupted.
    fileprivate func writeAll(_ start: UnsafeRawPointer, _ count: Int) {
        var offset = 0
        while offset < count {
            let written = write(descriptor, start + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return  // The reader is gone (EPIPE); nothing useful left to do with the output.
            }
            offset += written
        }
    }
}

/// Writes a human-readable line to stderr, masked. For usage errors and for the last words of a dying process.
public func writeToStandardError(_ text: String, masker: SecretMasker) {
    var bytes = Array(masker.maskAndRedact(text).utf8)
    if bytes.last != 0x0A { bytes.append(0x0A) }
    bytes.withUnsafeBytes { _ = write(2, $0.baseAddress!, $0.count) }
}
