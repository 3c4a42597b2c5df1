import AirbyteProtocol

/// Schemas of the engagement streams built on posts: per-post counts and video analytics.
extension Schemas {
    /// Reaction types LinkedIn counts, with their columns (`reactionSummaries.<TYPE>.count`) and the names LinkedIn's
    /// UI gives them (LinkedIn's Reactions API docs).
    static let reactionColumns: [(type: String, column: String, label: String)] = [
        ("LIKE", "likeCount", "Like"), ("PRAISE", "praiseCount", "Celebrate"), ("EMPATHY", "empathyCount", "Love"),
        ("INTEREST", "interestCount", "Insightful"), ("APPRECIATION", "appreciationCount", "Support"),
        ("ENTERTAINMENT", "entertainmentCount", "Funny"),
    ]

    static let postSocialMetadata = Schema.record([
        "post": Schema.string,
        "organization": Schema.string,
        "snapshotDate": Schema.date,
        "entity": Schema.string,
        "commentsState": Schema.string,
        "reactionCount": postTotal("All reactions on the post, every type: the sum of reactionSummaries.*.count."),
        "likeCount": reactions("LIKE"),
        "praiseCount": reactions("PRAISE"),
        "empathyCount": reactions("EMPATHY"),
        "interestCount": reactions("INTEREST"),
        "appreciationCount": reactions("APPRECIATION"),
        "entertainmentCount": reactions("ENTERTAINMENT"),
        "commentCount": postTotal("Comments on the post, replies included: commentSummary.count."),
        "topLevelCommentCount": postTotal("Comments on the post, replies not included: commentSummary.topLevelCount."),
        "commentSummary": Schema.object(["count": Schema.integer, "topLevelCount": Schema.integer]),
        "reactionSummaries": Schema.anyObject,
    ])

    /// A `post_social_metadata` count: `what` it counts, then what it is not.
    private static func postTotal(_ what: String) -> JSON {
        Schema.described(Schema.integer, what + " " + MetricNotes.postTotal)
    }

    /// The column of one reaction type.
    private static func reactions(_ type: String) -> JSON {
        let label = reactionColumns.first { $0.type == type }?.label ?? type
        return postTotal("\(label) reactions (\(type)) on the post: reactionSummaries.\(type).count, 0 when none.")
    }

    /// Video metrics (statistics types) and their columns.
    static let videoColumns: [(name: String, column: String)] = [
        ("VIDEO_VIEW", "videoViews"), ("VIEWER", "viewers"), ("TIME_WATCHED", "timeWatchedMillis"),
        ("TIME_WATCHED_FOR_VIDEO_VIEWS", "timeWatchedForVideoViewsMillis"),
    ]

    /// What each statistics type counts (LinkedIn's Video Analytics docs).
    private static let videoMeanings = [
        "VIDEO_VIEW": "Views: plays of at least 3 seconds, an auto-loop counted once",
        "VIEWER": "Unique viewers",
        "TIME_WATCHED": "Time watched in milliseconds, auto-loops included",
        "TIME_WATCHED_FOR_VIDEO_VIEWS": "Time watched in milliseconds, in plays of at least 3 seconds only",
    ]

    static let videoAnalytics = Schema.record([
        "post": Schema.string,
        "organization": Schema.string,
        "entity": Schema.string,
        "timeRangeStart": Schema.epochMillis,
        "timeRangeEnd": Schema.epochMillis,
        "videoViews": videoMetric("VIDEO_VIEW", lifetime: false),
        "viewers": videoMetric("VIEWER", lifetime: false),
        "timeWatchedMillis": videoMetric("TIME_WATCHED", lifetime: false),
        "timeWatchedForVideoViewsMillis": videoMetric("TIME_WATCHED_FOR_VIDEO_VIEWS", lifetime: false),
    ])

    static let videoAnalyticsLifetime = Schema.record([
        "post": Schema.string,
        "organization": Schema.string,
        "entity": Schema.string,
        "snapshotDate": Schema.date,
        "videoViews": videoMetric("VIDEO_VIEW", lifetime: true),
        "viewers": videoMetric("VIEWER", lifetime: true),
        "timeWatchedMillis": videoMetric("TIME_WATCHED", lifetime: true),
        "timeWatchedForVideoViewsMillis": videoMetric("TIME_WATCHED_FOR_VIDEO_VIEWS", lifetime: true),
    ])

    /// A video metric's column: what it counts, where from, and for viewers why the days do not add up.
    private static func videoMetric(_ type: String, lifetime: Bool) -> JSON {
        let meaning = videoMeanings[type] ?? type
        let scope =
            lifetime
            ? "over the video's lifetime as of snapshotDate (videoAnalytics type \(type), aggregation ALL)"
            : "on the day from timeRangeStart to timeRangeEnd (videoAnalytics type \(type), aggregation DAY)"
        var text = "\(meaning), \(scope); 0 when LinkedIn sends none."
        if type == "VIEWER" {
            text += lifetime ? " Unique over the lifetime: not the sum of video_analytics' daily viewers."
                : " " + MetricNotes.notAdditive
        }
        return Schema.described(Schema.integer, text)
    }

    static let facetValues = Schema.record([
        "facet": Schema.string,
        "value": Schema.string,
        "name": Schema.string,
        "parent": Schema.string,
        // linkedin_api, industry_codes_v2 (LinkedIn's published table, when the lookup is refused) or connector.
        "nameSource": Schema.string,
    ])
}
