import AirbyteProtocol

/// Schemas of the engagement streams built on posts: per-post counts and video analytics.
extension Schemas {
    /// Reaction types LinkedIn counts, with their columns (`reactionSummaries.<TYPE>.count`).
    static let reactionColumns: [(type: String, column: String)] = [
        ("LIKE", "likeCount"), ("PRAISE", "praiseCount"), ("EMPATHY", "empathyCount"),
        ("INTEREST", "interestCount"), ("APPRECIATION", "appreciationCount"),
        ("ENTERTAINMENT", "entertainmentCount"),
    ]

    static let postSocialMetadata = Schema.record([
        "post": Schema.string,
        "organization": Schema.string,
        "snapshotDate": Schema.date,
        "entity": Schema.string,
        "commentsState": Schema.string,
        "reactionCount": Schema.integer,
        "likeCount": Schema.integer,
        "praiseCount": Schema.integer,
        "empathyCount": Schema.integer,
        "interestCount": Schema.integer,
        "appreciationCount": Schema.integer,
        "entertainmentCount": Schema.integer,
        "commentCount": Schema.integer,
        "topLevelCommentCount": Schema.integer,
        "commentSummary": Schema.object(["count": Schema.integer, "topLevelCount": Schema.integer]),
        "reactionSummaries": Schema.anyObject,
    ])

    /// Video metrics (statistics types) and their columns.
    static let videoColumns: [(name: String, column: String)] = [
        ("VIDEO_VIEW", "videoViews"), ("VIEWER", "viewers"), ("TIME_WATCHED", "timeWatchedMillis"),
        ("TIME_WATCHED_FOR_VIDEO_VIEWS", "timeWatchedForVideoViewsMillis"),
    ]

    static let videoAnalytics = Schema.record([
        "post": Schema.string,
        "organization": Schema.string,
        "entity": Schema.string,
        "timeRangeStart": Schema.epochMillis,
        "timeRangeEnd": Schema.epochMillis,
        "videoViews": Schema.integer,
        "viewers": Schema.integer,
        "timeWatchedMillis": Schema.integer,
        "timeWatchedForVideoViewsMillis": Schema.integer,
    ])

    static let videoAnalyticsLifetime = Schema.record([
        "post": Schema.string,
        "organization": Schema.string,
        "entity": Schema.string,
        "snapshotDate": Schema.date,
        "videoViews": Schema.integer,
        "viewers": Schema.integer,
        "timeWatchedMillis": Schema.integer,
        "timeWatchedForVideoViewsMillis": Schema.integer,
    ])

    static let facetValues = Schema.record([
        "facet": Schema.string,
        "value": Schema.string,
        "name": Schema.string,
        "parent": Schema.string,
        // linkedin_api, industry_codes_v2 (LinkedIn's published table, when the lookup is refused) or connector.
        "nameSource": Schema.string,
    ])
}
