import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages
import LinkedInReplay

/// End-to-end reads through the source, replaying the recorded LinkedIn responses in Tests/Fixtures/linkedin.
@Suite struct SyncEngineTests {
    static let allStreams = StreamRegistry.all.map(\.name)
    let timeBound = ["follower_statistics_time_bound", "share_statistics_time_bound"]

    struct Run {
        let sink: MemorySink
        let failures: [ConnectorError]
        let requests: [HTTPRequest]
    }

    func read(
        config: JSON, streams: [String] = allStreams, mode: AirbyteStream.SyncMode = .incremental,
        state: JSON = .array([]), at now: Date = recordedAt, transport: HTTPTransport? = nil
    ) async throws -> Run {
        let replay = try ReplayTransport(directory: fixtureDirectory)
        let source = LinkedInPagesSource(
            transport: transport ?? replay, endpoints: testEndpoints, clock: { now }, retry: instantRetries,
            sleep: { _ in }, checkpoints: CheckpointPolicy(interval: 0))
        let sink = MemorySink()
        let catalog = ConfiguredCatalog(streams: streams.map { .init(name: $0, syncMode: mode) })
        let failures = try await source.read(
            config: config, catalog: catalog, state: InputState(json: state), sink: sink)
        return Run(
            sink: sink, failures: failures, requests: (transport as? ScriptedTransport)?.requests ?? replay.requests)
    }

    func config(_ extra: [(String, JSON)] = []) -> JSON {
        var object: JSONObject = [
            "credentials": ["auth_method": "access_token", "access_token": "test-access-token"],
            "org_id": "2414183", "org_ids": ["5509721"], "start_date": "2026-10-01T00:00:00Z", "lookback_days": 0,
            "member_hash_salt": "pepper", "compare_organizations": ["1337", "microsoft"],
        ]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    func queries(of path: String, in run: Run) -> [String] {
        run.requests.filter { $0.url.contains("/rest/\(path)?") }.map { String($0.url.split(separator: "?")[1]) }
    }

    @Test func readsEveryStreamWithAirbytesRecordShapes() async throws {
        let run = try await read(config: config())
        #expect(run.failures.isEmpty)
        let sink = run.sink
        #expect(sink.records(of: "organization_lookup").map { $0["id"] } == [2_414_183, 5_509_721])
        #expect(
            sink.records(of: "organization_lookup").map { $0["organizationalEntity"] }
                == ["urn:li:organization:2414183", "urn:li:organization:5509721"])
        #expect(sink.records(of: "follower_statistics").count == 2)
        #expect(sink.records(of: "follower_statistics").first?["followerCountsByGeo"]?.arrayValue?.count == 100)
        #expect(
            sink.records(of: "share_statistics").first?["totalShareStatistics"]?["impressionCount"]?.int64Value != nil)
        let totals = sink.records(of: "total_follower_count")
        #expect(
            Set(totals.compactMap { $0["organizationalEntity"]?.stringValue })
                == ["urn:li:organization:2414183", "urn:li:organization:5509721"])
        let total = try #require(totals.first)
        #expect(total["snapshotDate"] == "2026-11-20")
        #expect(total["firstDegreeSize"]?.int64Value != nil)
        for stream in timeBound {
            let records = sink.records(of: stream)
            #expect(records.count == 2 * 48)  // 2026-10-01 ..< 2026-11-18, two organizations
            #expect(
                records.allSatisfy {
                    $0["timeRange"] == nil && $0["timeRangeStart"] != nil && $0["timeRangeEnd"] != nil
                })
            #expect(
                records.allSatisfy {
                    $0["organizationalEntity"]?.stringValue?.hasPrefix("urn:li:organization:") == true
                })
        }
        #expect(Set(sink.records(of: "organization_acls").compactMap { $0["organization"]?.stringValue }).count == 3)
        #expect(sink.records(of: "posts").count == 127)
        #expect(sink.records(of: "page_statistics_time_bound").count == 96)
        for stream in Self.allStreams {
            #expect(sink.statuses(of: stream) == [.started, .running, .complete], "\(stream)")
            #expect(sink.states.contains { $0.stream == stream }, "\(stream)")
        }
    }

    @Test func everyRecordIsUniqueByItsPrimaryKey() async throws {
        let run = try await read(config: config())
        for stream in StreamRegistry.all {
            let records = run.sink.records(of: stream.name)
            let keys = records.map { record in
                stream.primaryKey.map { JSON.object(record).value(at: $0)?.serialized ?? "null" }.joined(separator: "|")
            }
            #expect(Set(keys).count == keys.count, "\(stream.name): \(keys.count - Set(keys).count) duplicate(s)")
            #expect(!records.isEmpty || stream.name == "company_search", "\(stream.name) has no records")
        }
    }

    @Test func aStreamWithNothingToReadStillStartsCheckpointsAndCompletes() async throws {
        let run = try await read(config: config([("compare_organizations", [])]), streams: ["company_search"])
        #expect(run.sink.statuses(of: "company_search") == [.started, .complete])
        #expect(run.sink.states.map(\.stream) == ["company_search"])
    }

    @Test func timeBoundStreamsCheckpointAfterEverySliceWithExactRequests() async throws {
        let run = try await read(config: config(), streams: ["follower_statistics_time_bound"])
        #expect(
            queries(of: "organizationalEntityFollowerStatistics", in: run).sorted()
                == [
                    "q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183&timeIntervals=(timeRange:(start:1790812800000,end:1793491200000),timeGranularityType:DAY)",
                    "q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A2414183&timeIntervals=(timeRange:(start:1793491200000,end:1794960000000),timeGranularityType:DAY)",
                    "q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A5509721&timeIntervals=(timeRange:(start:1790812800000,end:1793491200000),timeGranularityType:DAY)",
                    "q=organizationalEntity&organizationalEntity=urn%3Ali%3Aorganization%3A5509721&timeIntervals=(timeRange:(start:1793491200000,end:1794960000000),timeGranularityType:DAY)",
                ].sorted())
        let states = run.sink.states.filter { $0.stream == "follower_statistics_time_bound" }
        #expect(states.count == 4)
        #expect(states.map(\.count).reduce(0, +) == 96)  // every record counted once, by the state after it
        let final = try #require(states.last?.state)
        #expect(
            final["states"] == [
                ["partition": ["org_id": "2414183"], "cursor": ["timeRangeEnd": 1_794_960_000_000]],
                ["partition": ["org_id": "5509721"], "cursor": ["timeRangeEnd": 1_794_960_000_000]],
            ])
        #expect(final["timeRangeEnd"] == 1_794_960_000_000)
    }

    @Test func secondIncrementalReadRequestsOnlyNewDays() async throws {
        let first = try await read(config: config(), streams: timeBound, at: recordedAt.addingTimeInterval(-3 * 86_400))
        let state: JSON = .array(
            timeBound.map { stream in
                [
                    "type": "STREAM",
                    "stream": [
                        "stream_descriptor": ["name": .string(stream)],
                        "stream_state": first.sink.lastState(of: stream)!,
                    ],
                ]
            })
        let cursor: Int64 = 1_794_700_800_000  // 2026-11-15, where the first read (three days earlier) stopped
        #expect(first.sink.lastState(of: timeBound[0])?["timeRangeEnd"] == .int(cursor))
        let second = try await read(config: config(), streams: timeBound, state: state)
        let records = timeBound.flatMap { second.sink.records(of: $0) }
        #expect(records.count == 2 * 2 * 3)  // three new days, two organizations, two streams
        #expect(records.allSatisfy { ($0["timeRangeStart"]?.int64Value ?? 0) >= cursor })
        // Besides the list of administered pages (the ids are bare), every request starts at the cursor.
        let statistics = second.requests.filter { !$0.url.contains("/organizationAcls?") }
        #expect(statistics.count == 4 && statistics.allSatisfy { $0.url.contains("start:\(cursor)") })
    }

    @Test func lookbackRereadsTheLastDaysAndStateNeverMovesBack() async throws {
        let cursor: Int64 = 1_794_960_000_000
        let state: JSON = [
            [
                "type": "STREAM",
                "stream": [
                    "stream_descriptor": ["name": "share_statistics_time_bound"],
                    "stream_state": [
                        "states": [["partition": ["org_id": "2414183"], "cursor": ["timeRangeEnd": .int(cursor)]]]
                    ],
                ],
            ]
        ]
        let run = try await read(
            config: config([("org_ids", []), ("lookback_days", 2)]), streams: ["share_statistics_time_bound"],
            state: state)
        #expect(
            run.sink.records(of: "share_statistics_time_bound").map { $0["timeRangeStart"] } == [
                .int(cursor - 2 * 86_400_000), .int(cursor - 86_400_000),
            ])
        #expect(run.sink.lastState(of: "share_statistics_time_bound")?["timeRangeEnd"] == .int(cursor))
    }

    @Test func airbytesStateContinuesForOrgIdAndNewOrganizationsStartFromStartDate() async throws {
        let airbyteCursor: Int64 = 1_794_441_600_000  // 2026-11-12 in Airbyte's {"timeRangeEnd": ms}
        let state: JSON = [
            [
                "type": "STREAM",
                "stream": [
                    "stream_descriptor": ["name": "follower_statistics_time_bound"],
                    "stream_state": ["timeRangeEnd": .int(airbyteCursor)],
                ],
            ]
        ]
        let run = try await read(config: config(), streams: ["follower_statistics_time_bound"], state: state)
        let records = run.sink.records(of: "follower_statistics_time_bound")
        let first = records.filter { $0["organizationalEntity"] == "urn:li:organization:2414183" }
        let added = records.filter { $0["organizationalEntity"] == "urn:li:organization:5509721" }
        #expect(first.count == 6 && first.allSatisfy { ($0["timeRangeStart"]?.int64Value ?? 0) >= airbyteCursor })
        #expect(added.count == 48)
    }

    @Test func forbiddenOrganizationFailsAloneAndTheOthersComplete() async throws {
        let run = try await read(
            config: config([("org_ids", ["5509721", "9900001"])]),
            streams: [
                "organization_lookup", "follower_statistics", "total_follower_count", "share_statistics_time_bound",
            ])
        let sink = run.sink
        #expect(sink.records(of: "organization_lookup").count == 2)
        #expect(sink.records(of: "follower_statistics").count == 2)
        #expect(sink.records(of: "share_statistics_time_bound").count == 96)
        #expect(!run.failures.isEmpty)
        #expect(run.failures.allSatisfy { $0.message.contains("9900001") && $0.failureType == .configError })
        #expect(
            Set(sink.errors.compactMap(\.stream)) == [
                "organization_lookup", "follower_statistics", "total_follower_count", "share_statistics_time_bound",
            ])
        #expect(sink.statuses(of: "follower_statistics").last == .incomplete)
        let cursors = sink.lastState(of: "share_statistics_time_bound")?["states"]?.arrayValue?.compactMap {
            $0["partition"]?["org_id"]?.stringValue
        }
        #expect(cursors == ["2414183", "5509721"])
    }

    @Test func discoversAdministeredOrganizationsWhenNoneConfigured() async throws {
        let run = try await read(
            config: ["credentials": ["access_token": "test-access-token"]], streams: ["total_follower_count"])
        #expect(
            queries(of: "organizationAcls", in: run) == [
                "q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&start=0&count=100"
            ])
        #expect(run.sink.records(of: "total_follower_count").count == 2)  // one via `organization`, one via legacy `organizationTarget`
        #expect(run.sink.logs.contains { $0.contains("2414183, 5509721") })
    }

    @Test func totalFollowerCountTriesTheOtherEdgeTypeSpellingOnA400() async throws {
        let transport = ScriptedTransport([
            { _ in response(400, #"{"status":400,"message":"Invalid value for param edgeType"}"#) },
            { request in
                #expect(request.url.hasSuffix("edgeType=CompanyFollowedByMember"))
                return response(200, fixture: "network_size_2414183.json")
            },
        ])
        // The page by its URN: no list of administered pages is needed to tell its kind.
        let run = try await read(
            config: config([("org_id", "urn:li:organization:2414183"), ("org_ids", [])]),
            streams: ["total_follower_count"], transport: transport)
        #expect(run.failures.isEmpty)
        #expect(run.sink.records(of: "total_follower_count").count == 1)
        #expect(transport.requests.count == 2)
    }

    @Test func aRejectedTokenWhileFindingOrganizationsIsAConfigError() async throws {
        let transport = ScriptedTransport(responses: [response(401, fixture: "error_401_revoked.json")])
        let error = await #expect(throws: ConnectorError.self) {
            try await read(
                config: ["credentials": ["access_token": "test-access-token"]], streams: ["posts"], transport: transport
            )
        }
        #expect(error?.failureType == .configError)
        #expect(error?.message.contains("expired or revoked") == true)
    }

    @Test func futureStateReadsNothingAndKeepsTheState() async throws {
        let future: JSON = [
            "states": [["partition": ["org_id": "2414183"], "cursor": ["timeRangeEnd": 2_524_608_000_000]]]
        ]
        let state: JSON = [
            [
                "type": "STREAM",
                "stream": ["stream_descriptor": ["name": "follower_statistics_time_bound"], "stream_state": future],
            ]
        ]
        let run = try await read(
            config: config([("org_id", "urn:li:organization:2414183"), ("org_ids", [])]),
            streams: ["follower_statistics_time_bound"], state: state)
        #expect(run.requests.isEmpty)
        #expect(run.sink.records.isEmpty)
        #expect(run.sink.states.count == 1)
        #expect(run.sink.lastState(of: "follower_statistics_time_bound")?["states"] == future["states"])
        #expect(run.failures.isEmpty)
    }

    @Test func fullRefreshReadsTheWholeWindowDespiteState() async throws {
        let state: JSON = [
            [
                "type": "STREAM",
                "stream": [
                    "stream_descriptor": ["name": "follower_statistics_time_bound"],
                    "stream_state": ["timeRangeEnd": 1_794_960_000_000],
                ],
            ]
        ]
        let run = try await read(
            config: config([("org_ids", [])]), streams: ["follower_statistics_time_bound"], mode: .fullRefresh,
            state: state)
        #expect(run.sink.records.count == 48)
    }

    @Test func unknownStreamIsAConfigErrorBeforeAnyRequest() async throws {
        let error = await #expect(throws: ConnectorError.self) {
            try await read(config: config(), streams: ["follower_statistics", "posts_v9"])
        }
        #expect(error?.message.contains("posts_v9") == true)
    }

    @Test func exhaustedRateLimitStopsTheRunAndReportsQuotaReset() async throws {
        let transport = ScriptedTransport(responses: [response(429, fixture: "error_429_quota.json")])
        let run = try await read(
            config: config([("max_concurrency", 1)]), streams: ["follower_statistics", "share_statistics"],
            transport: transport)
        #expect(transport.requests.count == instantRetries.maxAttempts)  // the second stream never hammers the quota
        #expect(run.failures.first?.failureType == .transientError)
        for stream in ["follower_statistics", "share_statistics"] {
            #expect(run.sink.statuses(of: stream).last == .incomplete, "\(stream)")
        }
        let reasons = run.sink.messages.compactMap { message -> [JSON]? in
            if case let .streamStatus(_, .incomplete, reasons, _) = message { return reasons }
            return nil
        }
        #expect(reasons.first?.first?["type"] == "RATE_LIMITED")
    }
}

/// What the registry must keep true for the engine's shortcuts to hold.
@Suite struct RegistryRulesTests {
    @Test func everyStreamComposesAsDeclared() throws {
        // Routers, cursors and requests the engine cannot read correctly are refused at startup (CompositionRules);
        // the registry has none of them, shared parents included.
        let shared = Set(
            StreamRegistry.all.flatMap { stream -> [String] in
                var names = stream.parent?.streams ?? []
                if case .changeDetection(let signal) = stream.cursor { names.append(signal.stream) }
                return names
            })
        #expect(!shared.isEmpty)
        for stream in StreamRegistry.all {
            var problems = CompositionRules.problems(of: stream, among: StreamRegistry.all)
            if shared.contains(stream.name) { problems += CompositionRules.problemsAsShared(stream) }
            #expect(problems.isEmpty, "\(stream.name): \(problems)")
        }
        try CompositionRules.check(StreamRegistry.all, shared: shared, among: StreamRegistry.all)
    }

    @Test func everyStreamHasAPrimaryKeyInItsSchemaAndAUniqueName() {
        #expect(Set(StreamRegistry.all.map(\.name)).count == StreamRegistry.all.count)
        for stream in StreamRegistry.all {
            let properties = stream.schema["properties"]?.objectValue
            for key in stream.primaryKey { #expect(properties?[key[0]] != nil, "\(stream.name).\(key[0])") }
            if let field = stream.cursor?.field { #expect(properties?[field] != nil, "\(stream.name).\(field)") }
        }
    }
}
