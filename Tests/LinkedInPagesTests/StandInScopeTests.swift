import AirbyteProtocol
import Foundation
import LinkedInFake
import Testing
@testable import LinkedInPages

/// The LinkedIn stand-in the quota benchmark and these tests run against (Sources/LinkedInFake), over real HTTP on
/// 127.0.0.1: it refuses what a token's scopes do not cover as LinkedIn does, its counts agree with its listings on
/// either day, and a read with a token lacking one scope still delivers every stream that does not need it.
@Suite(.serialized) struct StandInScopeTests {
    static let dayZero = ISO8601DateFormatter().date(from: "2026-11-18T00:00:00Z")!
    static let world = EngagementWorld(dayZero: Int64(dayZero.timeIntervalSince1970 * 1000))

    static func knobs(day: Int = 0) -> SyntheticLinkedIn.Knobs {
        .init(organizations: 2, engagement: world.later(by: day), distinctFacetValues: 5)
    }

    func get(_ server: SyntheticLinkedIn, _ pathAndQuery: String, token: String = "all-scopes") async throws -> (
        status: Int, body: JSON
    ) {
        let response = try await CurlTransport(requestTimeout: 30).send(
            HTTPRequest(
                method: "GET", url: server.apiBase + "/" + pathAndQuery,
                headers: ["Authorization": "Bearer \(token)", "LinkedIn-Version": "202608"]))
        return (response.status, try JSON.parse(response.body))
    }

    @Test func eachEndpointAnswers403WithLinkedInsBodyWhenTheTokenLacksItsScope() async throws {
        let server = try SyntheticLinkedIn(Self.knobs())
        defer { server.stop() }
        let post = try #require(Self.world.posts(organization: 0).last).urn
        let encoded = post.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let organization = "urn%3Ali%3Aorganization%3A10000001"
        let cases: [(token: String, path: String, refused: Bool)] = [
            ("no-feed", "socialMetadata?ids=List(\(encoded))", true),
            ("no-feed", "socialActions/\(encoded)/comments?start=0&count=100", true),
            ("no-feed", "reactions/(entity:\(encoded))?q=entity&start=0&count=100", true),
            ("no-feed", "posts?q=author&author=\(organization)&start=0&count=100", false),
            (
                "no-feed",
                "organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity=\(organization)",
                false
            ),
            ("no-basicprofile", "industryTaxonomyVersions/DEFAULT/industries?ids=List(4,6)", true),
            ("no-basicprofile", "geo?ids=List(1,2)", false),
            ("no-basicprofile", "socialMetadata?ids=List(\(encoded))", false),
            (
                "no-admin",
                "organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity=\(organization)",
                true
            ),
            ("no-admin", "organizationPageStatistics?q=organization&organization=\(organization)", true),
            ("no-admin", "posts?q=author&author=\(organization)&start=0&count=100", false),
            ("all-scopes", "industryTaxonomyVersions/DEFAULT/industries?ids=List(4,6)", false),
        ]
        for (token, path, refused) in cases {
            let (status, body) = try await get(server, path, token: token)
            let resource = String(path.prefix { $0 != "?" && $0 != "/" })
            #expect(status == (refused ? 403 : 200), "\(token) \(path)")
            guard refused else { continue }
            #expect(body["status"] == 403 && body["serviceErrorCode"] == 100 && body["code"] == "ACCESS_DENIED")
            #expect(body["message"]?.stringValue?.hasPrefix("Not enough permissions to access: \(resource).") == true)
        }
    }

    /// What the quota benchmark's floors are counted from must be what the stand-in serves: every post's counts
    /// equal its listings (comments with replies, top-level comments, reactions per type), on day 0 and day 1, and
    /// day 1 holds day 0's items plus newer ones.
    @Test func countsMatchListingsAndTheNextDayOnlyAdds() async throws {
        var seen: [Int: [String: Int]] = [:]
        for day in [0, 1] {
            let server = try SyntheticLinkedIn(Self.knobs(day: day))
            defer { server.stop() }
            for post in Self.world.later(by: day).posts(organization: 0) where post.serial < 1_000 {
                let encoded = post.urn.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let counts = try await get(server, "socialMetadata?ids=List(\(encoded))").body["results"]?[post.urn]
                let comments = try await listAll(server, "socialActions/\(encoded)/comments")
                var replies = 0
                for comment in comments {
                    let urn = try #require(comment["commentUrn"]?.stringValue)
                    let path =
                        "socialActions/\(urn.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)/comments"
                    let listed = try await listAll(server, path)
                    #expect(listed.allSatisfy { $0["parentComment"]?.stringValue == urn })
                    replies += listed.count
                }
                let reactions = try await listAll(server, "reactions/(entity:\(encoded))?q=entity")
                #expect(counts?["commentSummary"]?["topLevelCount"]?.int64Value == Int64(comments.count))
                #expect(counts?["commentSummary"]?["count"]?.int64Value == Int64(comments.count + replies))
                let byType = Dictionary(grouping: reactions) { $0["reactionType"]?.stringValue ?? "" }
                for (type, items) in byType {
                    #expect(counts?["reactionSummaries"]?[type]?["count"]?.int64Value == Int64(items.count))
                }
                let times = reactions.compactMap { $0["created"]?["time"]?.int64Value }
                #expect(times == times.sorted(by: >))  // newest first, as asked
                let total = comments.count + replies + reactions.count
                if day == 0 {
                    seen[post.serial] = ["total": total]
                } else if let before = seen[post.serial]?["total"] {
                    #expect(total >= before)
                }
            }
        }
        // Day 1 moved: the popular post got a reply, the newest ones comments and reactions.
        let before = Self.world.posts(organization: 0)
        let after = Self.world.later().posts(organization: 0)
        #expect(after.count == before.count + 1 && after.last?.createdAt ?? 0 > Self.world.dayZero)
        #expect(zip(before, after).contains { $0.commentCount != $1.commentCount })
        #expect(
            after.filter(\.isVideo).allSatisfy {
                Self.world.later().videoDays($0).count > Self.world.videoDays($0).count
            })
    }

    @Test func geoAndIndustryValuesDifferPerOrganization() async throws {
        let server = try SyntheticLinkedIn(Self.knobs())
        defer { server.stop() }
        var geo: [Set<String>] = []
        for id in ["10000001", "10000002"] {
            let organization = "urn%3Ali%3Aorganization%3A\(id)"
            let path = "organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity="
            let body = try await get(server, path + organization).body
            let entries = body["elements"]?.arrayValue?.first?["followerCountsByGeo"]?.arrayValue ?? []
            geo.append(Set(entries.compactMap { $0["geo"]?.stringValue }))
        }
        #expect(geo[0].count == 100 && geo[1].count == 100)
        #expect(geo[0].subtracting(geo[1]).count == 5 && geo[0].union(geo[1]).count == 105)
    }

    /// A read of every stream with a token that lacks `r_organization_social_feed` (comments, reactions and their
    /// counts): every stream that does not need the scope completes with its records; the ones that do are reported.
    @Test func aReadWithoutTheSocialFeedScopeCompletesEveryOtherStream() async throws {
        let server = try SyntheticLinkedIn(Self.knobs())
        defer { server.stop() }
        let (sink, failures) = try await read(server, token: "no-feed")
        let blocked = Set(["post_social_metadata", "post_comments", "post_reactions"])
        for stream in LinkedInPagesSource.streamNames where !blocked.contains(stream) {
            #expect(sink.statuses(of: stream).last == .complete, "\(stream)")
        }
        for stream in ["posts", "post_statistics", "video_analytics", "video_analytics_lifetime", "facet_values"] {
            #expect(!sink.records(of: stream).isEmpty, "\(stream)")
        }
        // The blocked streams end INCOMPLETE, each organization's failure quoting LinkedIn's refusal (which scope to
        // add is `check`'s and the error text's business, not asserted here).
        for stream in blocked {
            #expect(sink.statuses(of: stream).last == .incomplete, "\(stream)")
            #expect(sink.records(of: stream).isEmpty, "\(stream)")
        }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.message.contains("Not enough permissions to access") })
        #expect(!sink.logs.contains { $0.contains("no-feed") })  // the token never shows
    }

    @Test func aReadWithoutBasicProfileCompletesEveryStream() async throws {
        let server = try SyntheticLinkedIn(Self.knobs())
        defer { server.stop() }
        let (sink, failures) = try await read(server, token: "no-basicprofile")
        #expect(failures.isEmpty)
        for stream in LinkedInPagesSource.streamNames {
            #expect(sink.statuses(of: stream).last == .complete, "\(stream)")
        }
        #expect(sink.records(of: "facet_values").contains { $0["facet"] == "industry" })
    }

    func listAll(_ server: SyntheticLinkedIn, _ path: String) async throws -> [JSON] {
        var items: [JSON] = []
        let separator = path.contains("?") ? "&" : "?"
        while true {
            let page = try await get(server, path + separator + "start=\(items.count)&count=100").body
            let elements = page["elements"]?.arrayValue ?? []
            items += elements
            if elements.count < 100 { return items }
        }
    }

    func read(_ server: SyntheticLinkedIn, token: String) async throws -> (MemorySink, [ConnectorError]) {
        let source = LinkedInPagesSource(
            transport: CurlTransport(requestTimeout: 30),
            endpoints: Endpoints(apiBase: server.apiBase, tokenURL: server.tokenURL),
            clock: { Self.dayZero.addingTimeInterval(6 * 3_600) },
            retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.001, maxDelay: 0.01), sleep: { _ in },
            progress: ProgressPolicy(interval: 0))
        let config: JSON = [
            "credentials": ["access_token": .string(token)], "org_ids": ["10000001", "10000002"],
            "start_date": "2026-06-01T00:00:00Z", "member_hash_salt": "test-salt", "max_concurrency": 2,
        ]
        let sink = MemorySink()
        let failures = try await source.read(
            config: config,
            catalog: ConfiguredCatalog(
                streams: LinkedInPagesSource.streamNames.map { .init(name: $0, syncMode: .incremental) }),
            state: InputState(), sink: sink)
        return (sink, failures)
    }
}
