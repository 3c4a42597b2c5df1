/// Requests about an `EngagementWorld` that LinkedIn's data did not call for, as the quota issue's "Done when" names
/// them; the stand-in counts them so the quota benchmark can print them next to their target (0 or at most 2).
public enum EngagementAudit {
    /// A `socialMetadata` batch of comment URNs (a reply probe) whose comments all belong to posts whose own counts
    /// say they have no replies (`commentSummary.count` = `topLevelCount`).
    public static let probeWithoutReplies = "reply probes of posts without replies"
    /// Per-post share statistics naming a post older than LinkedIn's rolling 12 months.
    public static let expiredPostStatistics = "post statistics requests naming a post older than 365 days"
    /// Prefix of one finding per video and metric: `videoAnalytics DAY <urn> <type>`, counted per request.
    public static let videoDayPrefix = "videoAnalytics DAY "

    static func findings(_ request: Parsed, world: EngagementWorld) -> [String] {
        switch RequestKind.of(request) {
        case "socialMetadata comments":
            let posts = SyntheticLinkedIn.listed(request.raw["ids"]).compactMap { world.comment(urn: $0)?.post }
            return !posts.isEmpty && posts.allSatisfy({ $0.commentCount == $0.topLevelCount })
                ? [probeWithoutReplies] : []
        case "organizationalEntityShareStatistics posts":
            let oldest = world.today - 365 * EngagementWorld.dayMillis
            let urns =
                SyntheticLinkedIn.listed(request.raw["shares"]) + SyntheticLinkedIn.listed(request.raw["ugcPosts"])
            return urns.contains { (world.post(urn: $0)?.createdAt ?? .max) < oldest } ? [expiredPostStatistics] : []
        case "videoAnalytics DAY":
            return [videoDayPrefix + (request.query["entity"] ?? "") + " " + (request.query["type"] ?? "")]
        default:
            return []
        }
    }
}
