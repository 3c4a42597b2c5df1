/// Every stream the connector offers, in one list. Adding a stream is one entry here, one schema in `Schemas`,
/// one recorded fixture and one test; the sync engine needs no change.
enum StreamRegistry {
    static let all: [StreamDefinition] = [
        // MARK: Parity with Airbyte's source-linkedin-pages

        organizationLookup,

        StreamDefinition(
            name: "follower_statistics",
            request: followerStatistics(),
            transforms: [.addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate],
            primaryKey: [["organizationalEntity"]],
            schema: Schemas.followerStatistics,
            permissions: [.followerStatistics]),

        StreamDefinition(
            name: "share_statistics",
            request: shareStatistics(),
            transforms: [
                .addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate,
                .liftMetrics(MetricColumn.shareStatistics),
            ],
            primaryKey: [["organizationalEntity"]],
            schema: Schemas.shareStatisticsLifetime,
            permissions: [.shareStatistics]),

        StreamDefinition(
            name: "total_follower_count",
            request: totalFollowerCount,
            records: .root,
            transforms: [.addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate],
            primaryKey: [["organizationalEntity"]],
            schema: Schemas.totalFollowerCount,
            permissions: [.followerCount]),

        StreamDefinition(
            name: "follower_statistics_time_bound",
            request: followerStatistics(timeBound: true),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [
                .addOrganizationURN(field: "organizationalEntity"), .flattenTimeRange,
                .liftMetrics(MetricColumn.followerGains),
            ],
            primaryKey: [["organizationalEntity"], ["timeRangeStart"]],
            schema: Schemas.followerStatisticsTimeBound,
            permissions: [.followerStatistics]),

        StreamDefinition(
            name: "share_statistics_time_bound",
            request: shareStatistics(timeBound: true),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [
                .addOrganizationURN(field: "organizationalEntity"), .flattenTimeRange,
                .liftMetrics(MetricColumn.shareStatistics),
            ],
            primaryKey: [["organizationalEntity"], ["timeRangeStart"]],
            schema: Schemas.shareStatisticsTimeBound,
            permissions: [.shareStatistics]),

        // MARK: Beyond Airbyte's connector

        StreamDefinition(
            name: "organization_acls",
            request: RequestTemplate(.literal("organizationAcls"), query: [.literal("q", "roleAssignee")]),
            router: .token,
            paging: .startCount(pageSize: 100),
            transforms: [.coalesce(field: "organization", fallbacks: ["organizationTarget"]), .memberIdentifiers],
            primaryKey: [["organization"], ["role"], ["roleAssignee"]],
            schema: Schemas.organizationAcls,
            permissions: [.organizationACLs]),

        posts,

        StreamDefinition(
            name: "post_statistics",
            request: RequestTemplate(
                .literal("organizationalEntityShareStatistics"),
                query: [
                    .literal("q", "organizationalEntity"), .organizationURN("organizationalEntity"),
                    .parentKeysByURNType(["share": "shares", "ugcPost": "ugcPosts"]),
                ]),
            // LinkedIn documents `shares` and `ugcPosts` each alone: a batch holds one URN type. Share statistics
            // cover a rolling 12 months: posts published before that come back empty, so they are not asked for.
            router: .children(
                ParentStream(
                    "posts", partitionField: "post", namedInConfig: .postURNs,
                    filter: .within(days: 365, of: [["publishedAt"], ["createdAt"]]), batchSize: 50,
                    separateBy: .urnType)),
            transforms: [
                .coalesce(field: "post", fallbacks: ["share", "ugcPost"]),
                .addOrganizationURN(field: "organizationalEntity"), .addSnapshotDate,
                .liftMetrics(MetricColumn.shareStatistics),
            ],
            reportsMissingParents: "post",
            primaryKey: [["post"]],
            schema: Schemas.postStatistics,
            permissions: [.shareStatistics]),

        postSocialMetadata,

        StreamDefinition(
            name: "post_comments",
            request: RequestTemplate(.literal("socialActions/"), .parentKey, .literal("/comments")),
            router: .children(
                ParentStream("posts", partitionField: "post", namedInConfig: .postURNs, copies: postFields)),
            paging: .startCount(pageSize: 100),
            cursor: .changeDetection(
                ChangeSignal(
                    stream: "post_social_metadata", parentField: "post", values: ["commentCount"],
                    field: "lastModifiedAt", sortedBy: nil,
                    nestedWhenDiffer: (all: "commentCount", direct: "topLevelCommentCount"))),
            transforms: [
                .copyFirst(of: [["lastModified", "time"], ["created", "time"]], to: "lastModifiedAt"),
                .addOrganizationURN(field: "organization"), .memberIdentifiers,
            ],
            // Replies (LinkedIn's comments on comments) are rows of this stream too, with `parentComment` set.
            nested: NestedListing(
                key: "commentUrn",
                request: RequestTemplate(.literal("socialActions/"), .parentKey, .literal("/comments")),
                paging: .startCount(pageSize: 100), probe: socialMetadataBatch, probeBatchSize: 50,
                probeCount: ["commentSummary", "count"]),
            // Edited and deleted comments, which counts do not show, from the page's notifications.
            changeFeed: commentChanges,
            primaryKey: [["post"], ["id"]],
            schema: Schemas.postComments.addingDeletedAt,
            permissions: [.engagement]),

        StreamDefinition(
            name: "post_reactions",
            request: RequestTemplate(
                .literal("reactions/"), .parentEntityKey,
                query: [.literal("q", "entity"), .literal("sort", .object([("value", "REVERSE_CHRONOLOGICAL")]))]),
            router: .children(
                ParentStream("posts", partitionField: "post", namedInConfig: .postURNs, copies: postFields)),
            paging: .startCount(pageSize: 100),
            cursor: .changeDetection(
                ChangeSignal(
                    stream: "post_social_metadata", parentField: "post",
                    values: Schemas.reactionColumns.map(\.column), field: "lastModifiedAt", sortedBy: "createdAt")),
            transforms: [
                .copyFirst(of: [["lastModified", "time"], ["created", "time"]], to: "lastModifiedAt"),
                .copyFirst(of: [["created", "time"]], to: "createdAt"),
                .addOrganizationURN(field: "organization"), .memberIdentifiers,
            ],
            primaryKey: [["id"]],
            schema: Schemas.postReactions,
            permissions: [.engagement]),

        StreamDefinition(
            name: "video_analytics",
            request: videoAnalytics(query: [.literal("aggregation", "DAY"), .timeRange]),
            listings: videoMetricListings,
            router: .children(
                ParentStream(
                    "posts", partitionField: "post", namedInConfig: .postURNs, filter: videoPost,
                    copies: [("id", "post")])),
            // One element per day; paged in case LinkedIn pages it (its default page is small).
            paging: .startCount(pageSize: 100),
            // Daily whatever the config says; views and viewers "will not be available after six months" (LinkedIn's
            // Video Analytics docs); `timeRange` is one range of any length, so each metric is one paged request.
            cursor: .timeWindow(field: "timeRangeEnd", daily: true, historyDays: 183, oneRange: true),
            transforms: [.addOrganizationURN(field: "organization"), .flattenTimeRange],
            pivot: Pivot(
                key: [["timeRange", "start"]], nameField: "statisticsType", valueField: "value",
                columns: Schemas.videoColumns, nameFromListing: "type"),
            primaryKey: [["post"], ["timeRangeStart"]],
            schema: Schemas.videoAnalytics,
            permissions: [.videoAnalytics]),

        StreamDefinition(
            name: "video_analytics_lifetime",
            request: videoAnalytics(query: [.literal("aggregation", "ALL")]),
            listings: videoMetricListings,
            router: .children(
                ParentStream(
                    "posts", partitionField: "post", namedInConfig: .postURNs, filter: videoPost,
                    copies: [("id", "post")])),
            transforms: [.addOrganizationURN(field: "organization"), .addSnapshotDate],
            pivot: Pivot(
                key: [], nameField: "statisticsType", valueField: "value", columns: Schemas.videoColumns,
                nameFromListing: "type"),
            primaryKey: [["post"], ["snapshotDate"]],
            schema: Schemas.videoAnalyticsLifetime,
            permissions: [.videoAnalytics]),

        StreamDefinition(
            name: "page_statistics",
            request: pageStatistics(),
            transforms: [
                .addOrganizationURN(field: "organization"), .addSnapshotDate,
                .liftMetrics(MetricColumn.totalPageViews),
            ],
            primaryKey: [["organization"]],
            schema: Schemas.pageStatisticsLifetime,
            permissions: [.pageStatistics]),

        StreamDefinition(
            name: "page_statistics_time_bound",
            request: pageStatistics(timeBound: true),
            cursor: .timeWindow(field: "timeRangeEnd"),
            transforms: [
                .addOrganizationURN(field: "organization"), .flattenTimeRange,
                .liftMetrics(MetricColumn.totalPageViews),
            ],
            primaryKey: [["organization"], ["timeRangeStart"]],
            schema: Schemas.pageStatisticsTimeBound,
            permissions: [.pageStatistics]),

        pageNotifications,

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
            names: facetName,
            primaryKey: [["organizationalEntity"], ["facet"], ["facetValue"], ["snapshotDate"]],
            schema: Schemas.followerStatisticsByFacet,
            permissions: [.followerStatistics, .industryNames]),

        StreamDefinition(
            name: "page_statistics_by_facet",
            request: pageStatistics(),
            transforms: [
                .addOrganizationURN(field: "organization"), .addSnapshotDate,
                .unpivotFacets(
                    prefix: "pageStatisticsBy", countsField: "pageStatistics", keep: ["organization", "snapshotDate"]),
                .liftMetrics(MetricColumn.facetPageViews),
            ],
            names: facetName,
            primaryKey: [["organization"], ["facet"], ["facetValue"], ["snapshotDate"]],
            schema: Schemas.pageStatisticsByFacet,
            permissions: [.pageStatistics, .industryNames]),

        // The names of exactly the facet values the statistics above reference, one row per facet and value.
        StreamDefinition(
            name: "facet_values",
            request: RequestTemplate(path: [], query: []),
            router: .children(
                ParentStream(
                    "follower_statistics_by_facet", "page_statistics_by_facet", key: "facetValue",
                    partitionField: "facetValue", batchSize: .max, uniqueAcrossOrganizations: true)),
            records: .parents,
            transforms: [
                .project([
                    ("facet", "facet"), ("facetValue", "value"),
                ])
            ],
            names: FacetNames(valueField: "value", nameField: "name", parentField: "parent", sourceField: "nameSource"),
            primaryKey: [["facet"], ["value"]],
            schema: Schemas.facetValues,
            permissions: [.industryNames]),

        StreamDefinition(
            name: "company_search",
            request: RequestTemplate(.literal("organizationsLookup"), query: [.organizationIDs("ids")]),
            router: .comparedOrganizations(batchSize: 50),
            records: .batchResults(keyedBy: .organizations, missingIsError: false),
            transforms: [.addSnapshotDate, .memberIdentifiers],
            enrichments: [
                Enrichment(
                    field: "followerCount", organizationFrom: "id", request: totalFollowerCount,
                    value: "firstDegreeSize")
            ],
            primaryKey: [["id"], ["snapshotDate"]],
            schema: Schemas.companySearch,
            permissions: [.organizationSearch, .followerCount]),
    ]

    /// Administered pages by id, in batches; also what `check` asks. Showcase pages are looked up as organization
    /// brands (LinkedIn's Organization Lookup API, "Organization Brands": BATCH_GET `organizationBrands?ids=`),
    /// whose answer names the parent page in `parentRelationship.parent`.
    static let organizationLookup = StreamDefinition(
        name: "organization_lookup",
        request: RequestTemplate(
            .literal("organizations"), query: [.organizationIDs("ids")],
            brand: .other(RequestTemplate(.literal("organizationBrands"), query: [.organizationIDs("ids")]))),
        router: .organizationBatches(size: 50),
        records: .batchResults(keyedBy: .organizations, missingIsError: true),
        transforms: [
            .addOrganizationURN(field: "organizationalEntity"),
            .copyFirst(of: [["parentRelationship", "parent"]], to: "parentOrganization"), .memberIdentifiers,
        ],
        primaryKey: [["id"]],
        schema: Schemas.organizationLookup,
        permissions: [.organizationLookup])

    /// The organization's posts, newest change first, organic and sponsored (Direct Sponsored Content, a listing
    /// of its own); the parent of the post_* and video streams.
    static let posts = StreamDefinition(
        name: "posts",
        request: RequestTemplate(
            .literal("posts"),
            query: [.literal("q", "author"), .organizationURN("author"), .literal("sortBy", "LAST_MODIFIED")],
            brand: .notServed(
                why: "LinkedIn's Posts API documents a post's author as a person or an organization, not a brand")),
        listings: [[], [("isDsc", .bool(true))]],
        paging: .startCount(pageSize: 100),
        cursor: .modifiedSince(field: "lastModifiedAt"),
        transforms: [.memberIdentifiers],
        primaryKey: [["id"]],
        schema: Schemas.posts,
        permissions: [.posts])

    /// Reaction and comment counts of many posts per request; the signal that tells which posts have new comments or
    /// reactions, and a daily engagement history per post when appended.
    static let postSocialMetadata = StreamDefinition(
        name: "post_social_metadata",
        request: socialMetadataBatch,
        router: .children(
            ParentStream(
                "posts", partitionField: "post", namedInConfig: .postURNs, batchSize: 50, copies: [("id", "post")])),
        records: .batchResults(keyedBy: .parents, missingIsError: false),
        transforms: [
            .addOrganizationURN(field: "organization"), .addSnapshotDate,
            .liftCounts(
                Schemas.reactionColumns.map { (path: ["reactionSummaries", $0.type, "count"], column: $0.column) }
                    + [
                        (["commentSummary", "count"], "commentCount"),
                        (["commentSummary", "topLevelCount"], "topLevelCommentCount"),
                    ]),
            .total(of: "reactionSummaries", itemField: "count", column: "reactionCount"),
        ],
        reportsMissingParents: "post",
        primaryKey: [["post"], ["snapshotDate"]],
        schema: Schemas.postSocialMetadata,
        permissions: [.engagement])

    /// Every administered page, for a connection that names none: organization_acls, approved administrators only.
    static let organizationDiscovery = StreamDefinition(
        name: "organization discovery",
        request: RequestTemplate(
            .literal("organizationAcls"),
            query: [.literal("q", "roleAssignee"), .literal("role", "ADMINISTRATOR"), .literal("state", "APPROVED")]),
        router: .token,
        paging: .startCount(pageSize: 100),
        transforms: [.coalesce(field: "organization", fallbacks: ["organizationTarget"])],
        primaryKey: [["organization"]],
        schema: Schemas.organizationAcls,
        permissions: [.organizationACLs])

    /// Every social-action notification of each page (likes, comments, reshares, mentions, comment edits and
    /// deletions), incremental on LinkedIn's time; LinkedIn keeps them 60 days.
    static let pageNotifications = StreamDefinition(
        name: "page_notifications",
        request: RequestTemplate(
            .literal("organizationalEntityNotifications"),
            query: [
                .literal("q", "criteria"), .organizationURN("organizationalEntity"),
                .literal("actions", .list(Schemas.notificationActions.map(RestLiValue.string))), .timeRange,
            ],
            brand: .notServed(
                why: "LinkedIn's notification docs show organization URNs only (pull examples and subscriptions)")),
        paging: .startCount(pageSize: 50),
        cursor: .retained(RetentionWindow(field: "lastModifiedAt", retentionDays: 60)),
        transforms: [
            .addOrganizationURN(field: "organizationalEntity"),
            .copyFirst(of: [["decoratedSourcePost", "entity"], ["sourcePost"]], to: "post"),
            .copyFirst(
                of: [
                    ["actor"], ["decoratedGeneratedActivity", "comment", "owner"],
                    ["decoratedGeneratedActivity", "share", "owner"],
                ], to: "actor"),
            .memberIdentifiers,
        ],
        primaryKey: [["organizationalEntity"], ["notificationId"]],
        schema: Schemas.pageNotifications,
        permissions: [.pageNotifications])

    /// post_comments' change feed: COMMENT_EDIT and COMMENT_DELETE notifications name the post and the comment.
    static let commentChanges = ChangeFeed(
        stream: "page_notifications", parentField: "post", actionField: "action",
        changes: ["COMMENT_EDIT", "COMMENT_DELETE"], deletions: ["COMMENT_DELETE"],
        childPaths: [["decoratedGeneratedActivity", "comment", "entity"], ["generatedActivity"]],
        timeField: "lastModifiedAt", parentKeyField: "post", childKeyField: "id")

    static func named(_ name: String) -> StreamDefinition? {
        all.first { $0.name == name }
    }

    // MARK: Shared request shapes

    /// `facetName` on facet rows: the value's name in the config's locale.
    private static let facetName = FacetNames(valueField: "facetValue", nameField: "facetName")

    /// What a child of posts copies from its post.
    private static let postFields: [(from: String, to: String)] = [
        ("id", "post"), ("lastModifiedAt", "postLastModifiedAt"),
    ]

    /// `socialMetadata?ids=List(...)`: counts per post (or comment), results keyed by URN.
    private static let socialMetadataBatch = RequestTemplate(.literal("socialMetadata"), query: [.parentKeys("ids")])

    /// Video posts: ugcPosts whose media is a video (the Video Analytics API takes ugcPost URNs only).
    private static let videoPost = RecordFilter.all([
        .hasPrefix(path: ["id"], prefix: "urn:li:ugcPost:"),
        .hasPrefix(path: ["content", "media", "id"], prefix: "urn:li:video:"),
    ])

    /// One listing per metric: the Video Analytics API takes one `type` per request.
    private static let videoMetricListings: [[(String, RestLiValue)]] = Schemas.videoColumns.map {
        [("type", .string($0.name))]
    }

    private static func videoAnalytics(query: [RequestTemplate.Parameter]) -> RequestTemplate {
        RequestTemplate(
            .literal("videoAnalytics"), query: [.literal("q", "entity"), .parentKey("entity")] + query)
    }

    /// LinkedIn's docs and clients spell this edge type two ways across versions; try the other one on a 400.
    private static let totalFollowerCount = RequestTemplate(
        .literal("networkSizes/"), .organizationURN, query: [.literal("edgeType", "COMPANY_FOLLOWED_BY_MEMBER")],
        variantsOn400: [[("edgeType", "CompanyFollowedByMember")]],
        brand: .notServed(why: "LinkedIn documents follower counts (networkSizes) for organization URNs only"))

    /// Showcase pages ask the same with their brand URN: follower and share statistics take an "organizational
    /// entity", an organization or an organization brand (LinkedIn's Follower and Share Statistics docs; not
    /// verified against a live brand).
    private static func followerStatistics(timeBound: Bool = false) -> RequestTemplate {
        RequestTemplate(
            .literal("organizationalEntityFollowerStatistics"),
            query: [.literal("q", "organizationalEntity"), .organizationURN("organizationalEntity")]
                + (timeBound ? [.timeIntervals] : []))
    }

    /// Showcase pages: `brandPageStatistics?q=brand&brand=<urn:li:organizationBrand:…>`, "lifetime and time-bound
    /// statistics on views and clicks for an organization or organization brand page" (LinkedIn's Page Statistics
    /// docs), in the same shape.
    private static func pageStatistics(timeBound: Bool = false) -> RequestTemplate {
        let window: [RequestTemplate.Parameter] = timeBound ? [.timeIntervals] : []
        return RequestTemplate(
            .literal("organizationPageStatistics"),
            query: [.literal("q", "organization"), .organizationURN("organization")] + window,
            brand: .other(
                RequestTemplate(
                    .literal("brandPageStatistics"),
                    query: [.literal("q", "brand"), .organizationURN("brand")] + window
                )))
    }

    private static func shareStatistics(timeBound: Bool = false) -> RequestTemplate {
        RequestTemplate(
            .literal("organizationalEntityShareStatistics"),
            query: [.literal("q", "organizationalEntity"), .organizationURN("organizationalEntity")]
                + (timeBound ? [.timeIntervals] : []))
    }
}
