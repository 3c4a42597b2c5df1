import AirbyteProtocol
import ConnectorTestSupport
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// Seeded fuzzing: thousands of mutated configs, catalogs, states and LinkedIn responses. Whatever comes in, the
/// connector must not crash and everything it prints must be a valid protocol message. Same seed, same inputs.
@Suite struct FuzzTests {
    static let seed: UInt64 = 0x5EED_2026_1125

    @Test func mutatedConfigsNeverCrashTheValidatorOrTheParser() throws {
        var random = SplitMix64(seed: Self.seed)
        let base = try JSON.parse(
            String(contentsOf: repositoryFile("integration_tests/sample_config.json"), encoding: .utf8))
        let validator = SchemaValidator(schema: Specification.json["connectionSpecification"]!)
        for _ in 0..<3000 {
            guard let config = random.mutate(base) else { continue }
            let violations = validator.violations(of: config)
            if violations.isEmpty, case .object = config { _ = try? PagesConfig(json: config) }
            for violation in violations { #expect(!violation.description.contains("AQV-sample-access-token")) }
        }
    }

    @Test func mutatedCatalogsAndStatesAreErrorsNotCrashes() throws {
        var random = SplitMix64(seed: Self.seed &+ 1)
        let catalog = try JSON.parse(
            String(contentsOf: repositoryFile("integration_tests/configured_catalog.json"), encoding: .utf8))
        let state = try JSON.parse(
            String(contentsOf: repositoryFile("integration_tests/sample_state.json"), encoding: .utf8))
        let organizations = [Organization("2414183")!, Organization("5509721")!]
        for _ in 0..<3000 {
            if let mutated = random.mutate(catalog) { _ = try? ConfiguredCatalog(json: mutated) }
            guard let mutated = random.mutate(state), let parsed = try? InputState(json: mutated) else { continue }
            for (stream, value) in parsed.streams {
                _ = try? PartitionCursors(
                    stream: stream, cursorField: "timeRangeEnd", state: value,
                    organizations: organizations, legacyOwner: organizations[0])
            }
        }
    }

    @Test func mutatedLinkedInResponsesKeepTheOutputProtocolValid() async throws {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let transport = MutatingTransport(inner: replay, seed: Self.seed &+ 2)
        let source = LinkedInPagesSource(
            transport: transport, endpoints: testEndpoints, clock: { recordedAt },
            retry: RetryPolicy(maxAttempts: 2, baseDelay: 0, maxDelay: 0), sleep: { _ in })
        let config = try temporaryFile(
            #"""
            {"credentials":{"access_token":"fuzz-secret-token-123"},"org_ids":["2414183","5509721"],
             "start_date":"2026-10-01T00:00:00Z","member_hash_salt":"fuzz-salt-456","max_concurrency":2}
            """#)
        let streams = [
            "organization_lookup", "follower_statistics", "total_follower_count", "share_statistics_time_bound",
            "posts", "post_statistics", "page_statistics",
        ]
        let catalog = try temporaryFile(
            JSON.object([
                "streams": .array(
                    streams.map {
                        [
                            "stream": ["name": .string($0)], "sync_mode": "incremental",
                            "destination_sync_mode": "append",
                        ]
                    })
            ]).serialized)
        for _ in 0..<40 {
            let output = try CapturedOutput()
            let code = await Entrypoint(source: source, outputDescriptor: output.descriptor)
                .run(["read", "--config", config, "--catalog", catalog])
            #expect(code == 0 || code == 1)
            let text = try output.text()
            #expect(!text.contains("fuzz-secret-token-123") && !text.contains("fuzz-salt-456"))
            for line in text.split(separator: "\n") {
                let message = try JSON.parse(String(line))
                #expect(
                    ProtocolShape.problems(message).isEmpty, "\(ProtocolShape.problems(message)) in \(line.prefix(200))"
                )
            }
        }
        #expect(transport.mutations > 250)
    }
}

/// The required fields of each message type, as the Airbyte protocol defines them.
enum ProtocolShape {
    static func problems(_ message: JSON) -> [String] {
        switch message["type"]?.stringValue {
        case "RECORD":
            guard message["record"]?["stream"]?.stringValue != nil, message["record"]?["data"]?.objectValue != nil,
                message["record"]?["emitted_at"]?.int64Value != nil
            else { return ["RECORD without stream, data or emitted_at"] }
        case "STATE":
            guard message["state"]?["type"] == "STREAM",
                message["state"]?["stream"]?["stream_descriptor"]?["name"] != nil,
                message["state"]?["stream"]?["stream_state"]?.objectValue != nil
            else { return ["STATE without a stream state"] }
        case "LOG":
            guard message["log"]?["message"]?.stringValue != nil else { return ["LOG without message"] }
        case "TRACE":
            let trace = message["trace"]
            guard trace?["emitted_at"] != nil else { return ["TRACE without emitted_at"] }
            if trace?["type"] == "ERROR" {
                guard trace?["error"]?["message"]?.stringValue != nil,
                    ["config_error", "system_error", "transient_error"].contains(
                        trace?["error"]?["failure_type"]?.stringValue ?? "")
                else { return ["TRACE ERROR without message or failure_type"] }
            } else if trace?["type"] == "STREAM_STATUS" {
                guard
                    ["STARTED", "RUNNING", "COMPLETE", "INCOMPLETE"].contains(
                        trace?["stream_status"]?["status"]?.stringValue ?? "")
                else { return ["bad STREAM_STATUS"] }
            } else {
                return ["unknown TRACE type"]
            }
        case "CONTROL", "SPEC", "CATALOG", "CONNECTION_STATUS":
            break
        default:
            return ["unknown message type"]
        }
        return []
    }
}

/// A seedable generator (SplitMix64), so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A structural or byte-level mutation of `value`; nil when the bytes no longer parse.
    mutating func mutate(_ value: JSON) -> JSON? {
        if Bool.random(using: &self) {
            var bytes = Array(value.serialized.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &self) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &self)
                switch Int.random(in: 0..<4, using: &self) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &self)
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(Array("{}[],:\"0-e.\\".utf8).randomElement(using: &self)!, at: index)
                default: bytes = Array(bytes.prefix(index))
                }
            }
            return try? JSON.parse(bytes)
        }
        return replaceRandomNode(in: value)
    }

    mutating func randomValue() -> JSON {
        let choices: [JSON] = [
            .null, true, 0, -1, .int(Int64.max), 1e308, "", "x", "urn:li:organization:", [], [:], [nil], ["k": nil],
            .string(String(repeating: "é", count: 300)), "2050-01-01T00:00:00Z", "List(1,2)", "<html>",
        ]
        return choices.randomElement(using: &self)!
    }

    mutating func replaceRandomNode(in value: JSON) -> JSON {
        switch value {
        case .object(var object) where !object.isEmpty && Int.random(in: 0..<4, using: &self) > 0:
            let key = object.keys.randomElement(using: &self)!
            object[key] = Bool.random(using: &self) ? replaceRandomNode(in: object[key]!) : randomValue()
            if Int.random(in: 0..<8, using: &self) == 0 { object[key] = nil }
            return .object(object)
        case .array(var items) where !items.isEmpty && Int.random(in: 0..<4, using: &self) > 0:
            let index = Int.random(in: 0..<items.count, using: &self)
            items[index] = Bool.random(using: &self) ? replaceRandomNode(in: items[index]) : randomValue()
            return .array(items)
        default:
            return randomValue()
        }
    }
}

/// Passes requests to the replay, then mutates most response bodies (and some statuses).
final class MutatingTransport: HTTPTransport {
    let inner: HTTPTransport
    private let random: Locked<SplitMix64>
    private let count = Locked(0)

    init(inner: HTTPTransport, seed: UInt64) {
        self.inner = inner
        random = Locked(SplitMix64(seed: seed))
    }

    var mutations: Int { count.current }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var response = try await inner.send(request)
        random.withLock { random in
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                if let parsed = try? JSON.parse(response.body), let mutated = random.mutate(parsed) {
                    response.body = Array(mutated.serialized.utf8)
                } else {
                    response.body = Array(
                        response.body.prefix(Int.random(in: 0...max(0, response.body.count), using: &random)))
                }
                count.withLock { $0 += 1 }
            case 5:
                response.status = [400, 403, 404, 500, 204, 302].randomElement(using: &random)!
                count.withLock { $0 += 1 }
            default:
                break
            }
        }
        return response
    }
}

func repositoryFile(_ path: String) -> URL {
    fixtureDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(path)
}

func temporaryFile(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString).json")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}
