import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary file standing in for stdout.
public final class CapturedOutput {
    public let url = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString).jsonl")
    public let descriptor: Int32

    public init() throws {
        descriptor = open(url.path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    public func text() throws -> String { try String(contentsOf: url, encoding: .utf8) }

    deinit {
        close(descriptor)
        try? FileManager.default.removeItem(at: url)
    }
}
