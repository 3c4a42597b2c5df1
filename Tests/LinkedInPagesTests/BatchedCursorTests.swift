import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages

/// Cursored streams whose partitions are read in batches (several posts or organizations per request) read exactly
/// what they read one at a time: on a first sync, on an incremental sync from their state, and across an
/// interrupted and resumed sync. Both streams are declared here, in test code, the way a registry entry would be.
@Suite struct BatchedCursorTests {
    // MARK: The streams

    /// Daily statistics per post, many posts per request: `syntheticPostDaily?q=posts&posts=List(...)&timeIntervals`.
    static func postDaily(batchSize: Int) -> StreamDefinition {
        StreamDefinition(
            name: "synthetic_post_daily",
            request: RequestTemplate(
                .literal("syntheticPostDaily"), query: [.literal("q", "posts"), .parentKeys("posts"), .timeIntervals]),
            router: .children(ParentStream("posts", partitionField: "post", batchSize: batchSize)),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [.addOrganizationURN(field: "organization"), .flattenTimeRange],
            primaryKey: [["post"], ["timeRangeStart"]],
            schema: Schema.record(["post": Schema.string, "timeRangeStart": Schema.epochMillis]))
    }

    /// Daily statistics per organization, many organizations per request.
    static func organizationDaily(batchSize: Int) -> StreamDefinition {
        StreamDefinition(
            name: "synthetic_organization_daily",
            request: RequestTemplate(
                .literal("syntheticOrganizationDaily"),
                query: [.literal("q", "organizations"), .organizationIDs("organizations"), .timeIntervals]),
            router: .organizationBatches(size: batchSize),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [.flattenTimeRange],
            primaryKey: [["organization"], ["timeRangeStart"]],
            schema: Schema.record(["organization": Schema.string, "timeRangeStart": Schema.epochMillis]))
    }

    static let organizations = ["2414183", "5509721", "1337", "42", "7"]

    // MARK: A LinkedIn stand-in

    /// Posts per organization (`posts` listing) and one element per day and subject for the synthetic endpoints.
    /// Fails every synthetic request after `failAfter` with a 401, which stops the read.
    final class Transport: HTTPTransport {
        let postsPerOrganization: Int
        let failAfter: Int?
        let synthetic = Locked(0)

        init(postsPerOrganization: Int = 5, failAfter: Int? = nil) {
            self.postsPerOrganization = postsPerOrganization
            self.failAfter = failAfter
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let url = request.url.removingPercentEncoding ?? request.url
            if url.contains("/rest/posts?") { return posts(url) }
            guard url.contains("/rest/synthetic") else { return response(404, #"{"status":404}"#) }
            let count = synthetic.withLock {
                $0 += 1
                return $0
            }
            if let failAfter, count > failAfter { return response(401, #"{"status":401,"message":"revoked"}"#) }
            let subjects: [(field: String, value: String)] =
                url.contains("syntheticPostDaily")
                ? list(url, "posts").map { ("post", $0) } : list(url, "organizations").map { ("organization", $0) }
            var elements: [JSON] = []
            for day in stride(from: number(url, "start"), to: number(url, "end"), by: Int(UTCCalendar.dayMillis)) {
                for subject in subjects {
                    elements.append([
                        subject.field: .string(subject.value),
                        "timeRange": ["start": .int(day), "end": .int(day + UTCCalendar.dayMillis)],
                        "views": .int(day % 97),
                    ])
                }
            }
            return response(200, JSON.object(["elements": .array(elements)]).serialized)
        }

        /// `postsPerOrganization` posts of the organization in `author=`, newest first; none in the DSC listing.
        private func posts(_ url: String) -> HTTPResponse {
            guard !url.contains("isDsc=true"), let range = url.range(of: "urn:li:organization:") else {
                return response(200, #"{"elements":[],"paging":{"total":0}}"#)
            }
            let organization = String(url[range.upperBound...].prefix { $0.isNumber })
            let posts: [JSON] = (0..<postsPerOrganization).map { index in
                ["id": .string("urn:li:share:\(organization)0\(index)"), "lastModifiedAt": .int(1_790_000_000_000)]
            }
            return response(
                200,
                JSON.object(["elements": .array(posts), "paging": ["total": .int(Int64(posts.count))]])
                    .serialized)
        }

        private func list(_ url: String, _ name: String) -> [String] {
            guard let range = url.range(of: name + "=List(") else { return [] }
            return url[range.upperBound...].prefix { $0 != ")" }.split(separator: ",").map(String.init)
        }

        private func number(_ url: String, _ name: String) -> Int64 {
            guard let range = url.range(of: name + ":") else { return 0 }
            return Int64(url[range.upperBound...].prefix { $0.isNumber }) ?? 0
        }
    }

    // MARK: Reading

    struct Run {
        let keys: [String]
        let state: JSON?
    }

    func read(
        _ stream: StreamDefinition, transport: Transport = Transport(), state: JSON? = nil, now: Date = recordedAt
    ) async throws -> Run {
        let sink = MemorySink()
        let config = try PagesConfig(json: [
            "credentials": ["access_token": "test-access-token"],
            "org_ids": .array(Self.organizations.map(JSON.string)), "start_date": "2026-09-01T00:00:00Z",
            "lookback_days": 0, "max_concurrency": 1,
        ])
        let engine = SyncEngine(
            client: makeClient(transport, sink: sink), config: config, sink: sink, clock: .pinned(now),
            streams: StreamRegistry.all + [stream], checkpoints: CheckpointPolicy(interval: 0))
        let envelope = inputState(state.map { [(stream.name, $0)] } ?? [])
        _ = try await engine.read(
            catalog: ConfiguredCatalog(streams: [.init(name: stream.name, syncMode: .incremental)]),
            state: InputState(json: envelope))
        let keys = sink.records(of: stream.name).map { record in
            let subject = record["post"]?.stringValue ?? record["organization"]?.stringValue ?? "?"
            return "\(subject)@\(record["timeRangeStart"]?.int64Value ?? 0)"
        }
        return Run(keys: keys, state: sink.lastState(of: stream.name))
    }

    static let tenDaysLater = recordedAt.addingTimeInterval(10 * 86_400)

    /// A first sync and an incremental sync ten days later, at each batch size: the same records every time.
    func expectSameRecordsAtEveryBatchSize(
        _ make: (Int) -> StreamDefinition, subjects: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var first: [Int: [String]] = [:]
        var later: [Int: [String]] = [:]
        for size in [1, 2, 50] {
            let run = try await read(make(size))
            first[size] = run.keys.sorted()
            later[size] = try await read(make(size), state: run.state, now: Self.tenDaysLater).keys.sorted()
        }
        // 2026-09-01 ..< 2026-11-18: 78 days per subject, each once; ten days later, the ten new days.
        #expect(
            first[1]?.count == subjects * 78 && Set(first[1] ?? []).count == subjects * 78,
            sourceLocation: sourceLocation)
        #expect(later[1]?.count == subjects * 10, sourceLocation: sourceLocation)
        for size in [2, 50] {
            for (name, run) in [("first", first), ("incremental", later)] {
                let (expected, got) = (Set(run[1] ?? []), Set(run[size] ?? []))
                let missing = expected.subtracting(got).count
                #expect(
                    run[size]?.count == run[1]?.count && expected == got,
                    "\(name) sync, \(size) per request: \(got.count) records, \(missing) missing",
                    sourceLocation: sourceLocation)
            }
        }
    }

    /// A sync stopped after `failAfter` requests, resumed from its last STATE: nothing lost, nothing twice.
    func expectResumeIsExact(_ stream: StreamDefinition, failAfter: Int) async throws {
        let full = try await read(stream).keys
        let interrupted = try await read(stream, transport: Transport(failAfter: failAfter))
        #expect(!interrupted.keys.isEmpty && interrupted.keys.count < full.count)
        let resumed = try await read(stream, state: interrupted.state)
        #expect(Set(interrupted.keys).isDisjoint(with: resumed.keys), "nothing twice")
        #expect((interrupted.keys + resumed.keys).sorted() == full.sorted(), "nothing lost")
    }

    @Test func postsPerRequestDoNotChangeWhatATimeWindowStreamReads() async throws {
        try await expectSameRecordsAtEveryBatchSize(Self.postDaily, subjects: Self.organizations.count * 5)
    }

    @Test func organizationsPerRequestDoNotChangeWhatATimeWindowStreamReads() async throws {
        try await expectSameRecordsAtEveryBatchSize(Self.organizationDaily, subjects: Self.organizations.count)
    }

    @Test(arguments: [1, 2, 50])
    func anInterruptedBatchedPostSyncResumesExactly(batchSize: Int) async throws {
        try await expectResumeIsExact(Self.postDaily(batchSize: batchSize), failAfter: 4)
    }

    @Test(arguments: [1, 2, 50])
    func anInterruptedBatchedOrganizationSyncResumesExactly(batchSize: Int) async throws {
        try await expectResumeIsExact(Self.organizationDaily(batchSize: batchSize), failAfter: 2)
    }

    @Test func eachPostKeepsItsOwnStateEntryWhenReadInBatches() async throws {
        let run = try await read(Self.postDaily(batchSize: 2))
        let entries = try #require(run.state?["states"]?.arrayValue)
        #expect(entries.count == Self.organizations.count * 5)
        #expect(entries.allSatisfy { $0["partition"]?["post"] != nil && $0["cursor"]?["timeRangeEnd"] != nil })
    }

    @Test func eachOrganizationKeepsItsOwnStateEntryWhenReadInBatches() async throws {
        let run = try await read(Self.organizationDaily(batchSize: 2))
        let entries = try #require(run.state?["states"]?.arrayValue)
        #expect(Set(entries.compactMap { $0["partition"]?["org_id"]?.stringValue }) == Set(Self.organizations))
        #expect(entries.count == Self.organizations.count)
    }

    @Test func aStateWrittenOneAtATimeServesBatchesAndTheOtherWayRound() async throws {
        let single = try await read(Self.postDaily(batchSize: 1))
        let batched = try await read(Self.postDaily(batchSize: 50))
        let fromSingle = try await read(Self.postDaily(batchSize: 50), state: single.state, now: Self.tenDaysLater)
        let fromBatched = try await read(Self.postDaily(batchSize: 1), state: batched.state, now: Self.tenDaysLater)
        #expect(fromSingle.keys.count == Self.organizations.count * 5 * 10)
        #expect(fromSingle.keys.sorted() == fromBatched.keys.sorted())
    }

    @Test func aPostFoundBetweenSyncsIsReadFromTheStartInItsBatch() async throws {
        let first = try await read(Self.postDaily(batchSize: 50), transport: Transport(postsPerOrganization: 3))
        let later = try await read(
            Self.postDaily(batchSize: 50), transport: Transport(postsPerOrganization: 5), state: first.state,
            now: Self.tenDaysLater)
        let newPosts = Set(later.keys.filter { $0.contains("03@") || $0.contains("04@") })
        // Two new posts per organization, 88 days each; three old ones, 10 new days each.
        #expect(newPosts.count == Self.organizations.count * 2 * 88)
        #expect(later.keys.count == newPosts.count + Self.organizations.count * 3 * 10)
    }
}

/// Declarations the engine cannot read correctly fail before any request, with a message naming the stream.
@Suite struct CompositionRulesTests {
    /// Reads `name` (the last stream's by default) with `streams` added to the registry; the error's message.
    func refusal(_ streams: StreamDefinition..., selecting name: String? = nil) async throws -> String? {
        let transport = ScriptedTransport(responses: [response(200, #"{"elements":[]}"#)])
        let sink = MemorySink()
        let config = try PagesConfig(json: [
            "credentials": ["access_token": "test-access-token"], "org_ids": ["2414183"],
        ])
        let engine = SyncEngine(
            client: makeClient(transport, sink: sink), config: config, sink: sink, clock: .pinned(recordedAt),
            streams: StreamRegistry.all + streams)
        let error = await #expect(throws: ConnectorError.self) {
            _ = try await engine.read(
                catalog: ConfiguredCatalog(streams: [
                    .init(name: name ?? streams.last?.name ?? "", syncMode: .incremental)
                ]),
                state: InputState(json: .array([])))
        }
        #expect(transport.requests.isEmpty)
        return error?.message
    }

    static func daily(_ name: String, router: PartitionRouter, query: [RequestTemplate.Parameter]) -> StreamDefinition {
        StreamDefinition(
            name: name, request: RequestTemplate(.literal("synthetic"), query: query), router: router,
            cursor: .timeWindow(field: "timeRangeEnd"), transforms: [.flattenTimeRange],
            primaryKey: [["timeRangeStart"]], schema: Schema.record(["timeRangeStart": Schema.epochMillis]))
    }

    @Test func aTimeWindowStreamCannotBeAParent() async throws {
        let parent = Self.daily("daily_parent", router: .eachOrganization, query: [.timeIntervals])
        let child = StreamDefinition(
            name: "child_of_daily", request: RequestTemplate(.literal("child"), query: [.parentKeys("ids")]),
            router: .children(ParentStream("daily_parent", key: "timeRangeStart", partitionField: "day")),
            primaryKey: [["id"]], schema: Schema.record(["id": Schema.string]))
        let message = try await refusal(parent, child)
        #expect(message?.contains("stream 'daily_parent'") == true && message?.contains("cannot slice") == true)
    }

    @Test func aTimeWindowCursorNeedsATimeWindowInItsRequest() async throws {
        let message = try await refusal(Self.daily("windowless", router: .eachOrganization, query: []))
        #expect(message?.contains("stream 'windowless': its cursor reads time windows") == true)
    }

    @Test func aRequestForOneParentCannotBeBatched() async throws {
        let stream = StreamDefinition(
            name: "one_post_each", request: RequestTemplate(.literal("x/"), .parentKey),
            router: .children(ParentStream("posts", partitionField: "post", batchSize: 20)),
            primaryKey: [["id"]], schema: Schema.record(["id": Schema.string]))
        let message = try await refusal(stream)
        #expect(message?.contains("names one parent but its router batches 20") == true)
    }

    @Test func aRequestForOneOrganizationCannotBeBatched() async throws {
        let stream = Self.daily(
            "one_org_each", router: .organizationBatches(size: 10), query: [.organizationURN("org"), .timeIntervals])
        let message = try await refusal(stream)
        #expect(message?.contains("names one organization but its router batches 10") == true)
    }
}
