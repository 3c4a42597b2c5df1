import AirbyteProtocol
import Foundation
import LinkedInPages

/// A LinkedIn stand-in that makes up its answers, sized by knobs, for the benchmark: any number of organizations,
/// facet sizes, posts, and a fixed latency per response. Answers follow the shapes of the recorded fixtures.
public final class SyntheticLinkedIn: @unchecked Sendable {
    public struct Knobs: Sendable {
        public var organizations: Int
        public var geoEntries: Int
        /// Entries in each of the seven facets of a lifetime follower-statistics answer; nil: `geoEntries` geo
        /// entries and the usual small sizes for the other facets. 5,000 makes an answer of about 3.7 MB.
        public var facetEntries: Int?
        public var postsPerOrganization: Int
        public var engagementPerPost: Int
        /// Seconds each response waits before it is sent.
        public var latency: Double
        /// Posts with comments, replies, reactions and videos by `EngagementWorld`'s rules, instead of
        /// `postsPerOrganization` shares with `engagementPerPost` of each.
        public var engagement: EngagementWorld?
        /// Geo and industry values of each organization's lifetime follower statistics that no other organization
        /// has (the rest are shared): 0 makes every organization's lists the same.
        public var distinctFacetValues: Int
        /// Scopes per access token (see `StandInScopes`); a token not listed holds every scope.
        public var tokenScopes: [String: Set<String>]

        public init(
            organizations: Int = 1, geoEntries: Int = 100, facetEntries: Int? = nil, postsPerOrganization: Int = 20,
            engagementPerPost: Int = 3, latency: Double = 0, engagement: EngagementWorld? = nil,
            distinctFacetValues: Int = 0, tokenScopes: [String: Set<String>] = StandInScopes.defaultTokens
        ) {
            self.organizations = organizations
            self.geoEntries = geoEntries
            self.facetEntries = facetEntries
            self.postsPerOrganization = postsPerOrganization
            self.engagementPerPost = engagementPerPost
            self.latency = latency
            self.engagement = engagement
            self.distinctFacetValues = distinctFacetValues
            self.tokenScopes = tokenScopes
        }

        /// The ids of the made-up organizations.
        public var organizationIDs: [String] { (0..<organizations).map { String(10_000_001 + $0) } }
    }

    public let knobs: Knobs
    private let counts = Locked<[String: Int]>([:])
    private let kinds = Locked<[String: Int]>([:])
    private let waste = Locked<[String: Int]>([:])
    private let sent = Locked(0)
    private var server: FakeHTTPServer!

    public init(_ knobs: Knobs) throws {
        self.knobs = knobs
        let (counts, kinds, sent, waste) = (self.counts, self.kinds, self.sent, self.waste)
        server = try FakeHTTPServer { [knobs] request in
            let parsed = Parsed(request)
            counts.withLock { $0[parsed.decodedPath, default: 0] += 1 }
            kinds.withLock { $0[RequestKind.of(parsed), default: 0] += 1 }
            if let world = knobs.engagement {
                let found = EngagementAudit.findings(parsed, world: world)
                if !found.isEmpty { waste.withLock { for key in found { $0[key, default: 0] += 1 } } }
            }
            let token = String(request.headers["authorization"]?.dropFirst("Bearer ".count) ?? "")
            if let denied = StandInScopes.denial(
                resource: parsed.resource, method: parsed.restliMethod,
                version: request.headers["linkedin-version"] ?? "",
                token: token, tokens: knobs.tokenScopes)
            {
                sent.withLock { $0 += denied.count }
                return .json(403, denied, delay: knobs.latency)
            }
            let body = Self.answer(parsed, knobs: knobs)
            sent.withLock { $0 += body?.count ?? 0 }
            return .json(
                body == nil ? 404 : 200, body ?? Array(#"{"status":404,"message":"not found"}"#.utf8),
                delay: knobs.latency)
        }
    }

    /// Requests received so far, token requests included.
    public var requestCount: Int { counts.current.values.reduce(0, +) }
    /// Requests received so far per endpoint: the path without the query, percent-decoded (`/rest/posts`,
    /// `/rest/networkSizes/urn:li:organization:1`, `/oauth/v2/accessToken`), so a test or the benchmark can compare
    /// them with what the connector says it sent.
    public func requestCounts() -> [String: Int] { counts.current }
    /// Requests received so far per kind (`RequestKind`): an endpoint, split where one endpoint serves several
    /// purposes (`socialActions comments` and `socialActions replies`, `videoAnalytics DAY` and `ALL`, …).
    public func requestKinds() -> [String: Int] { kinds.current }
    /// What `EngagementAudit` found in the requests so far, by finding.
    public func findings() -> [String: Int] { waste.current }
    /// Bytes of the answers' bodies sent so far.
    public var bytesSent: Int { sent.current }

    public var apiBase: String { server.baseURL + "/rest" }
    public var tokenURL: String { server.baseURL + "/oauth/v2/accessToken" }
    public var organizationIDs: [String] { knobs.organizationIDs }
    public func stop() { server.stop() }

    // MARK: Answers

    static func answer(_ request: FakeRequest, knobs: Knobs) -> [UInt8]? { answer(Parsed(request), knobs: knobs) }

    static func answer(_ request: Parsed, knobs: Knobs) -> [UInt8]? {
        let (path, query) = (request.path, request.query)
        let organization = query["organizationalEntity"] ?? query["organization"] ?? query["author"] ?? ""
        var random = Generator(seed: UInt64(abs(path.hashValue &+ organization.hashValue) % 1_000_003))
        if let world = knobs.engagement, RequestKind.isAboutPosts(request) {
            guard let document = EngagementAnswers.answer(path, query, raw: request.raw, world: world) else {
                return nil
            }
            return serialized(document)
        }
        let document: JSON
        switch path {
        case let p where p.hasSuffix("/organizationAcls"):
            let start = Int(query["start"] ?? "0") ?? 0
            let count = Int(query["count"] ?? "10") ?? 10
            let ids = (0..<knobs.organizations).map { 10_000_001 + $0 }.dropFirst(start).prefix(count)
            document = [
                "elements": .array(
                    ids.map {
                        [
                            "organization": .string("urn:li:organization:\($0)"), "role": "ADMINISTRATOR",
                            "state": "APPROVED", "roleAssignee": "urn:li:person:bench",
                        ]
                    })
            ]
        case let p where p.hasSuffix("/organizations") || p.hasSuffix("/organizationsLookup"):
            let ids = (query["ids"] ?? "").dropFirst(5).dropLast().split(separator: ",").map(String.init)
            document = [
                "results": .object(
                    JSONObject(
                        ids.map {
                            (
                                $0,
                                [
                                    "id": .int(Int64($0) ?? 0), "localizedName": .string("Org \($0)"),
                                    "vanityName": .string("org-\($0)"),
                                ]
                            )
                        })),
                "statuses": .object(JSONObject(ids.map { ($0, 200) })), "errors": [:],
            ]
        case let p where p.contains("/networkSizes/"):
            document = ["firstDegreeSize": .int(Int64(random.next() % 100_000))]
        case let p where p.hasSuffix("/organizationalEntityFollowerStatistics"):
            if let window = query["timeIntervals"] {
                document = timeBound(window, "organizationalEntity", organization) {
                    (
                        "followerGains",
                        [
                            "organicFollowerGain": .int(Int64(random.next() % 50)),
                            "paidFollowerGain": .int(Int64(random.next() % 3)),
                        ]
                    )
                }
            } else {
                let index = EngagementAnswers.organizationIndex(organization) ?? 0
                func facet(_ key: String, _ count: Int) -> JSON {
                    .array(
                        facetValues(key, count: count, organization: index, knobs: knobs).map {
                            [
                                "\(key)": .string("urn:li:\(key):\($0)"),
                                "followerCounts": [
                                    "organicFollowerCount": .int(Int64(random.next() % 5000)), "paidFollowerCount": 0,
                                ],
                            ]
                        })
                }
                var element: JSONObject = ["organizationalEntity": .string(organization)]
                for (field, key, count) in facetSizes(knobs) { element[field] = facet(key, count) }
                document = ["elements": [.object(element)]]
            }
        case let p where p.hasSuffix("/organizationalEntityShareStatistics"):
            let posts = ((query["shares"] ?? "") + "," + (query["ugcPosts"] ?? "")).replacingOccurrences(
                of: "List(", with: ""
            ).replacingOccurrences(of: ")", with: "").split(separator: ",")
            if !posts.isEmpty {
                document = [
                    "elements": .array(
                        posts.map {
                            [
                                "organizationalEntity": .string(organization), "share": .string(String($0)),
                                "totalShareStatistics": shareTotals(&random),
                            ]
                        })
                ]
            } else if let window = query["timeIntervals"] {
                document = timeBound(window, "organizationalEntity", organization) {
                    ("totalShareStatistics", shareTotals(&random))
                }
            } else {
                document = [
                    "elements": [
                        ["organizationalEntity": .string(organization), "totalShareStatistics": shareTotals(&random)]
                    ]
                ]
            }
        case let p where p.hasSuffix("/organizationPageStatistics"):
            let views: JSON = [
                "views": [
                    "allPageViews": ["pageViews": .int(Int64(random.next() % 900))],
                    "overviewPageViews": ["pageViews": .int(Int64(random.next() % 400))],
                ]
            ]
            if let window = query["timeIntervals"] {
                document = timeBound(window, "organization", organization) { ("totalPageStatistics", views) }
            } else {
                document = ["elements": [["organization": .string(organization), "totalPageStatistics": views]]]
            }
        case let p where p.hasSuffix("/posts"):
            let start = Int(query["start"] ?? "0") ?? 0
            let count = Int(query["count"] ?? "10") ?? 10
            let dsc = query["isDsc"] == "true"
            let total = dsc ? 0 : knobs.postsPerOrganization
            let id = organization.split(separator: ":").last.map(String.init) ?? "0"
            document = [
                "elements": .array(
                    (start..<min(start + count, total)).map { index in
                        [
                            "id": .string("urn:li:share:\(id)\(String(format: "%06d", index))"),
                            "author": .string(organization), "commentary": "Benchmark post",
                            "lastModifiedAt": .int(1_794_000_000_000 - Int64(index) * 3_600_000),
                            "createdAt": .int(1_794_000_000_000 - Int64(index) * 3_600_000),
                            "lifecycleState": "PUBLISHED",
                        ]
                    })
            ]
        case let p where p.hasSuffix("/comments") || p.contains("/reactions/"):
            let start = Int(query["start"] ?? "0") ?? 0
            let items = start == 0 ? knobs.engagementPerPost : 0
            document = [
                "elements": .array(
                    (0..<items).map { index in
                        [
                            "id": .string("\(index)"), "actor": .string("urn:li:person:member\(index)"),
                            "reactionType": "LIKE",
                            "created": ["actor": .string("urn:li:person:member\(index)"), "time": 1_794_000_000_000],
                        ]
                    })
            ]
        case let p where p.hasSuffix("/socialMetadata"):
            // Counts that match the comment and reaction listings: engagementPerPost of each, on every post.
            let results = listed(request.raw["ids"]).map { urn -> (String, JSON) in
                let count = urn.hasPrefix("urn:li:comment:") ? 0 : Int64(knobs.engagementPerPost)
                return (
                    urn,
                    [
                        "entity": .string(urn), "commentsState": "OPEN",
                        "reactionSummaries": count == 0
                            ? [:] : ["LIKE": ["reactionType": "LIKE", "count": .int(count)]],
                        "commentSummary": ["count": .int(count), "topLevelCount": .int(count)],
                    ]
                )
            }
            document = ["results": .object(JSONObject(results)), "statuses": [:], "errors": [:]]
        case let p where p.hasSuffix("/organizationalEntityNotifications"):
            // A quiet page: no social action in the 60 days LinkedIn keeps notifications.
            document = ["paging": ["start": 0, "count": 50, "total": 0], "elements": []]
        case let p where p.hasSuffix("/geo") || p.hasSuffix("/industries"):
            let results = listed(query["ids"]).map { id -> (String, JSON) in
                p.hasSuffix("/geo")
                    ? (id, ["id": .string(id), "defaultLocalizedName": ["value": .string("Geo \(id)")]])
                    : (id, ["id": .string(id), "name": ["localized": ["en_US": .string("Industry \(id)")]]])
            }
            document = ["results": .object(JSONObject(results)), "statuses": [:], "errors": [:]]
        case let p where p.hasSuffix("/functions") || p.hasSuffix("/seniorities"):
            let type = p.hasSuffix("/functions") ? "function" : "seniority"
            let start = Int(query["start"] ?? "0") ?? 0
            document = [
                "paging": ["start": .int(Int64(start)), "count": 100, "total": 30],
                "elements": .array(
                    (start..<min(start + 100, 30)).map { index in
                        [
                            "$URN": .string("urn:li:\(type):\(index)"),
                            "name": ["localized": ["en_US": .string("\(type) \(index)")]],
                        ]
                    }),
            ]
        default:
            return nil
        }
        return serialized(document)
    }

    static func serialized(_ document: JSON) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * 1024)
        document.appendSerialized(to: &bytes)
        return bytes
    }

    /// The facet arrays of a lifetime follower-statistics answer: field, value type, entries.
    public static func facetSizes(_ knobs: Knobs) -> [(field: String, key: String, count: Int)] {
        let all = knobs.facetEntries
        return [
            ("followerCountsByGeo", "geo", all ?? knobs.geoEntries),
            ("followerCountsByGeoCountry", "geo", all ?? min(knobs.geoEntries, 100)),
            ("followerCountsByIndustry", "industry", all ?? 100), ("followerCountsByFunction", "function", all ?? 26),
            ("followerCountsBySeniority", "seniority", all ?? 10),
            ("followerCountsByStaffCountRange", "staffCountRange", all ?? 9),
            ("followerCountsByAssociationType", "associationType", all ?? 1),
        ]
    }

    /// The ids (`urn:li:<key>:<id>`) of one facet array of organization `index`: 0, 1, 2, …, except that the last
    /// `distinctFacetValues` geo and industry ids are the organization's own (1,000,000 + its index × that + j).
    public static func facetValues(_ key: String, count: Int, organization index: Int, knobs: Knobs) -> [Int] {
        let own = key == "geo" || key == "industry" ? min(knobs.distinctFacetValues, count) : 0
        return (0..<count).map { $0 < count - own ? $0 : 1_000_000 + index * own + $0 - (count - own) }
    }

    /// The items of a `List(a,b)` parameter, each percent-decoded.
    static func listed(_ value: String?) -> [String] {
        guard let value, value.hasPrefix("List("), value.hasSuffix(")") else { return [] }
        return value.dropFirst(5).dropLast().split(separator: ",").map {
            String($0).removingPercentEncoding ?? String($0)
        }
    }

    static func shareTotals(_ random: inout Generator) -> JSON {
        [
            "impressionCount": .int(Int64(random.next() % 20_000)),
            "uniqueImpressionsCount": .int(Int64(random.next() % 10_000)),
            "clickCount": .int(Int64(random.next() % 500)), "likeCount": .int(Int64(random.next() % 300)),
            "commentCount": .int(Int64(random.next() % 40)),
            "shareCount": .int(Int64(random.next() % 10)), "engagement": .double(Double(random.next() % 1000) / 10_000),
        ]
    }

    /// A time-bound answer: one element per bucket of `window`, naming the organization under `key`, with the
    /// figures `payload` makes for each bucket.
    static func timeBound(
        _ window: String, _ key: String, _ organization: String, payload: () -> (String, JSON)
    ) -> JSON {
        [
            "elements": .array(
                buckets(window).map { range in
                    let (name, figures) = payload()
                    return [
                        key: .string(organization), "timeRange": ["start": .int(range.0), "end": .int(range.1)],
                        name: figures,
                    ]
                })
        ]
    }

    /// Day (or month) buckets of a `timeIntervals` parameter.
    static func buckets(_ window: String) -> [(Int64, Int64)] {
        func number(_ label: String) -> Int64? {
            guard let range = window.range(of: label) else { return nil }
            return Int64(window[range.upperBound...].prefix { $0.isNumber })
        }
        guard let start = number("start:"), let end = number("end:"), start < end else { return [] }
        let step: Int64 = window.contains("MONTH") ? 30 * 86_400_000 : 86_400_000
        return stride(from: start, to: end, by: Int(step)).map { ($0, min($0 + step, end)) }
    }

    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }
}

/// The same made-up LinkedIn, answered in memory without HTTP, each answer generated once and then reused: what
/// remains of a read is the connector's own work (decode, transform, encode, write).
public final class InMemorySyntheticTransport: HTTPTransport, @unchecked Sendable {
    private let knobs: SyntheticLinkedIn.Knobs
    private let cache = Locked<[String: [UInt8]]>([:])
    private let counts = Locked<[String: Int]>([:])

    public init(_ knobs: SyntheticLinkedIn.Knobs) { self.knobs = knobs }

    /// Requests received so far, token requests included.
    public var requestCount: Int { counts.current.values.reduce(0, +) }
    /// Requests received so far per endpoint: the path without the query, percent-decoded (`/rest/posts`,
    /// `/rest/networkSizes/urn:li:organization:1`, `/oauth/v2/accessToken`), so a test or the benchmark can compare
    /// them with what the connector says it sent.
    public func requestCounts() -> [String: Int] { counts.current }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.url.range(of: "/rest/").map { String(request.url[$0.lowerBound...]) } ?? request.url
        let path = String(target.prefix { $0 != "?" })
        counts.withLock { $0[path.removingPercentEncoding ?? path, default: 0] += 1 }
        if let cached = cache.withLock({ $0[target] }) { return HTTPResponse(status: 200, body: cached) }
        let body =
            SyntheticLinkedIn.answer(
                FakeRequest(method: request.method, target: target, headers: [:], body: []), knobs: knobs)
            ?? Array(#"{"elements":[]}"#.utf8)
        cache.withLock { $0[target] = body }
        return HTTPResponse(status: 200, body: body)
    }
}
