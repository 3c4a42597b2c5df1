import AirbyteProtocol
import Foundation
import LinkedInFake

#if canImport(Glibc)
    import Glibc
#endif

/// The JSON stages alone, in this process, on the large follower-statistics answer: parse (bytes to tree),
/// serialize (tree to a RECORD line), mask (scan the line for secrets), the three through the output writer, each as MB/s of the answer's size, and the
/// memory the parsed tree holds against the answer's size. Run it first, while the process is young.
enum JSONPipeline {
    struct Figures {
        var answerBytes: Int
        var treeBytes: Int
        var parse: Double
        var serialize: Double
        var mask: Double
        /// Through `OutputWriter` to /dev/null: serialize, mask and write.
        var write: Double
    }

    static func measure(facetEntries: Int = 5_000) async throws -> Figures {
        let transport = InMemorySyntheticTransport(.init(facetEntries: facetEntries))
        let url =
            "http://memory/rest/organizationalEntityFollowerStatistics?q=organizationalEntity"
            + "&organizationalEntity=urn%3Ali%3Aorganization%3A10000001"
        let body = try await transport.send(.init(method: "GET", url: url)).body
        // The first tree may reuse memory the stand-in freed; the growth while four more are held is their size.
        var tree: JSON? = try JSON.parse(body)
        let heapBefore = heapInUse()
        var held = try (0..<4).map { _ in try JSON.parse(body) }
        let treeBytes = (heapInUse() - heapBefore) / held.count
        held.removeAll()
        let parse = best { _ = try? JSON.parse(body) }
        let record = AirbyteMessage.record(stream: "follower_statistics", data: tree!.objectValue!, emittedAt: 0)
        var line: [UInt8] = []
        let serialize = best {
            line.removeAll(keepingCapacity: true)
            record.appendLine(to: &line)
        }
        let masker = SecretMasker(secrets: ["bench-token", "another-secret-value"])
        let mask = best { masker.mask(&line) }
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        let writer = OutputWriter(descriptor: devNull, masker: masker)
        let write = best { writer.emit([record]) }
        tree = nil
        let megabytes = Double(body.count) / 1e6
        return Figures(
            answerBytes: body.count, treeBytes: treeBytes, parse: megabytes / parse, serialize: megabytes / serialize,
            mask: megabytes / mask, write: megabytes / write)
    }

    /// The shortest of five runs, in seconds.
    private static func best(_ body: () -> Void) -> Double {
        var shortest = Double.infinity
        for _ in 0..<5 {
            let started = ChildProcess.monotonicSeconds()
            body()
            shortest = min(shortest, ChildProcess.monotonicSeconds() - started)
        }
        return shortest
    }

    /// This process's resident memory (VmRSS), in bytes. Measured early in a young process, its growth while the
    /// tree is held is close to what the tree takes.
    static func heapInUse() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Int(line.split(separator: " ")[1]) ?? 0) * 1024
    }
}
