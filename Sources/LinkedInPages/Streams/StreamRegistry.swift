/// Every stream the connector offers, in one list. Adding a stream is one entry here, one schema in `Schemas`,
/// one recorded fixture and one test; the sync engine needs no change.
public enum StreamRegistry {
    public static let all: [StreamDefinition] = [
        // MARK: Parity with Airbyte's source-linkedin-pages

        organizationLookup,

        StreamDefinition(
            name: "follower_statistics",
            request: followerStatistics(),
            transforms: [.addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate],
            primaryKey: [["organizationalEntity"]],
            schema: Schemas.followerStatistics),

        StreamDefinition(
            name: "share_statistics",
            request: shareStatistics(),
            transforms: [
                .addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate,
                .liftMetrics(MetricColumn.shareStatistics),
            ],
            primaryKey: [["organizationalEntity"]],
            schema: Schemas.shareStatisticsLifetime),

        StreamDefinition(
            name: "total_follower_count",
            request: totalFollowerCount,
            records: .root,
            transforms: [.addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate],
            primaryKey: [["organizationalEntity"]],
            schema: Schemas.totalFollowerCount),

        StreamDefinition(
            name: "follower_statistics_time_bound",
            request: followerStatistics(timeBound: true),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [
                .addOrganizationURN(field: "organizationalEntity"), .flattenTimeRange,
                .liftMetrics(MetricColumn.followerGains),
            ],
            primaryKey: [["organizationalEntity"], ["timeRangeStart"]],
            schema: Schemas.followerStatisticsTimeBound),

        StreamDefinition(
            name: "share_statistics_time_bound",
            request: shareStatistics(timeBound: true),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [
                .addOrganizationURN(field: "organizationalEntity"), .flattenTimeRange,
                .liftMetrics(MetricColumn.shareStatistics),
            ],
            primaryKey: [["organizationalEntity"], ["timeRangeStart"]],
            schema: Schemas.shareStatisticsTimeBound),

        // MARK: Beyond Airbyte's connector

        StreamDefinition(
            name: "organization_acls",
            request: RequestTemplate(.literal("organizationAcls"), query: [.literal("q", "roleAssignee")]),
            partitioning: .token,
            paging: .startCount(pageSize: 100),
            transforms: [.coalesce(field: "organization", fallbacks: ["organizationTarget"])],
            primaryKey: [["organization"], ["role"], ["roleAssignee"]],
            schema: Schemas.organizationAcls),

        posts,

        StreamDefinition(
            name: "post_statistics",
            request: RequestTemplate(
                .literal("organizationalEntityShareStatistics"),
                query: [
                    .literal("q", "organizationalEntity"), .organizationURN("organizationalEntity"),
                    .postURNs(shares: "shares", ugcPosts: "ugcPosts"),
                ]),
            partitioning: .postsOfOrganization(batchSize: 50),
            transforms: [
                .coalesce(field: "post", fallbacks: ["share", "ugcPost"]),
                .addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate,
                .liftMetrics(MetricColumn.shareStatistics),
            ],
            primaryKey: [["post"]],
            schema: Schemas.postStatistics),

        StreamDefinition(
            name: "post_comments",
            request: RequestTemplate(.literal("socialActions/"), .postURN, .literal("/comments")),
            partitioning: .postsOfOrganization(batchSize: 1),
            paging: .startCount(pageSize: 100),
            cursor: .parentModifiedSince(field: "postLastModifiedAt"),
            transforms: [.addParentPost, .addOrganizationURN(field: "organization"), .memberIdentifiers],
            primaryKey: [["post"], ["id"]],
            schema: Schemas.postComments),

        StreamDefinition(
            name: "post_reactions",
            request: RequestTemplate(
                .literal("reactions/"), .postEntityKey,
                query: [.literal("q", "entity"), .literal("sort", .object([("value", "REVERSE_CHRONOLOGICAL")]))]),
            partitioning: .postsOfOrganization(batchSize: 1),
            paging: .startCount(pageSize: 100),
            cursor: .parentModifiedSince(field: "postLastModifiedAt"),
            transforms: [.addParentPost, .addOrganizationURN(field: "organization"), .memberIdentifiers],
            primaryKey: [["id"]],
            schema: Schemas.postReactions),

        StreamDefinition(
            name: "page_statistics",
            request: pageStatistics(),
            transforms: [
                .addOrganizationURN(field: "organization"), .addSnapshotDate,
                .liftMetrics(MetricColumn.totalPageViews),
            ],
            primaryKey: [["organization"]],
            schema: Schemas.pageStatisticsLifetime),

        StreamDefinition(
            name: "page_statistics_time_bound",
            request: pageStatistics(timeBound: true),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [
                .addOrganizationURN(field: "organization"), .flattenTimeRange,
                .liftMetrics(MetricColumn.totalPageViews),
            ],
            primaryKey: [["organization"], ["timeRangeStart"]],
            schema: Schemas.pageStatisticsTimeBound),

        // MARK: Analyst-ready reports

        StreamDefinition(
            name: "follower_statistics_by_facet",
            request: followerStatistics(),
            transforms: [
                .addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate,
                .unpivotFacets(
                    prefix: "followerCountsBy", countsField: "followerCounts",
                    keep: ["organizationalEntity", "snapshotDate"]),
            ],
            primaryKey: [["organizationalEntity"], ["facet"], ["facetValue"], ["snapshotDate"]],
            schema: Schemas.followerStatisticsByFacet),

        StreamDefinition(
            name: "page_statistics_by_facet",
            request: pageStatistics(),
            transforms: [
                .addOrganizationURN(field: "organization"), .addSnapshotDate,
                .unpivotFacets(
                    prefix: "pageStatisticsBy", countsField: "pageStatistics", keep: ["organization", "snapshotDate"]),
                .liftMetrics(MetricColumn.facetPageViews),
            ],
            primaryKey: [["organization"], ["facet"], ["facetValue"], ["snapshotDate"]],
            schema: Schemas.pageStatisticsByFacet),

        StreamDefinition(
            name: "company_search",
            request: RequestTemplate(.literal("organizationsLookup"), query: [.organizationIDs("ids")]),
            partitioning: .comparedOrganizationBatches(batchSize: 50),
            records: .batchResults(missingIsError: false),
            transforms: [.addSnapshotDate],
            enrichments: [
                Enrichment(
                    field: "followerCount", organizationFrom: "id", request: totalFollowerCount,
                    value: "firstDegreeSize")
            ],
            primaryKey: [["id"], ["snapshotDate"]],
            schema: Schemas.companySearch),
    ]

    /// Administered pages by id, in batches; also what `check` asks.
    public static let organizationLookup = StreamDefinition(
        name: "organization_lookup",
        request: RequestTemplate(.literal("organizations"), query: [.organizationIDs("ids")]),
        partitioning: .organizationBatches(batchSize: 50),
        records: .batchResults(missingIsError: true),
        transforms: [.addOrganizationURN(field: "organizationalEntity")],
        primaryKey: [["id"]],
        schema: Schemas.organizationLookup)

    /// The organization's posts, newest change first; also the parent listing of the post_* streams.
    public static let posts = StreamDefinition(
        name: "posts",
        request: RequestTemplate(
            .literal("posts"),
            query: [.literal("q", "author"), .organizationURN("author"), .literal("sortBy", "LAST_MODIFIED")]),
        paging: .startCount(pageSize: 100),
        cursor: .modifiedSince(field: "lastModifiedAt"),
        primaryKey: [["id"]],
        schema: Schemas.posts)

    public static func named(_ name: String) -> StreamDefinition? {
        all.first { $0.name == name }
    }

    // MARK: Shared request shapes

    /// LinkedIn's docs and clients spell this edge type two ways across versions; try the other one on a 400.
    private static let totalFollowerCount = RequestTemplate(
        .literal("networkSizes/"), .organizationURN, query: [.literal("edgeType", "COMPANY_FOLLOWED_BY_MEMBER")],
        variantsOn400: [[("edgeType", "CompanyFollowedByMember")]])

    private static func followerStatistics(timeBound: Bool = false) -> RequestTemplate {
        RequestTemplate(
            .literal("organizationalEntityFollowerStatistics"),
            query: [.literal("q", "organizationalEntity"), .organizationURN("organizationalEntity")]
                + (timeBound ? [.timeIntervals] : []))
    }

    private static func pageStatistics(timeBound: Bool = false) -> RequestTemplate {
        RequestTemplate(
            .literal("organizationPageStatistics"),
            query: [.literal("q", "organization"), .organizationURN("organization")]
                + (timeBound ? [.timeIntervals] : []))
    }

    private static func shareStatistics(timeBound: Bool = false) -> RequestTemplate {
        RequestTemplate(
            .literal("organizationalEntityShareStatistics"),
            query: [.literal("q", "organizationalEntity"), .organizationURN("organizationalEntity")]
                + (timeBound ? [.timeIntervals] : []))
    }
}
