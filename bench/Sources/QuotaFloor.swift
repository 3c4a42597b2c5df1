import LinkedInFake

/// The fewest requests LinkedIn's API allows for the stand-in's data, per request kind (`RequestKind`), for a first
/// sync (day 0's world) and a daily incremental sync (day 1's, from the first one's state), counted from the same
/// values the stand-in answers with. LinkedIn's documented limits used:
/// - batch gets: `socialMetadata` 50 URNs per BATCH_GET, posts or comments, from any organization; `organizations`,
///   `organizationsLookup`, `geo`, `industries` 50 ids; per-post share statistics 50 posts of one organization and
///   one URN type (`shares` or `ugcPosts`) per request;
/// - listings: comments, replies and reactions one entity per path, 100 per page (the largest page LinkedIn's docs
///   and working clients use; none documents more); the stand-in sends `paging.total`, so a listing of n items
///   costs max(1, ⌈n/100⌉), and one read from a known offset (`start` = the count already held) costs ⌈new/100⌉;
/// - `videoAnalytics` one entity and one `type` per request (4 types), `timeRange` one range of any length (paged
///   at 100 days); `aggregation=ALL` one request per type;
/// - statistics one organization per request and one time window per request, every day of it in one unpaged answer
///   (LinkedIn's window reaches 12 months back); lifetime statistics one request per organization;
/// - `functions`, `seniorities` one GET_ALL each (30 entries here); staff count ranges and association types need
///   no request.
/// "Incremental: only what changed": lifetime snapshots and every post's counts are read again (they are the daily
/// history and the change signal); comments, replies, reactions only for posts or comments whose counts moved,
/// from where the last sync stopped (each thread's reply count known from the last sync); one new day per video;
/// one new window per time-bound stream.
enum QuotaFloor {
    struct Row {
        var kind: String
        var first: Int
        var incremental: Int
        var how: String
    }

    /// The connector's history for daily video analytics (LinkedIn keeps views and viewers six months).
    static let videoHistoryDays: Int64 = 183

    static func rows(
        pages: Int, knobs: SyntheticLinkedIn.Knobs, before: EngagementWorld, after: EngagementWorld, compared: Int
    ) -> [Row] {
        let organizations = Array(0..<pages)
        let old = organizations.map { before.posts(organization: $0) }
        let new = organizations.map { after.posts(organization: $0) }
        // Day 1's posts with their day-0 selves (nil for a new post).
        let pairs = new.enumerated().flatMap { k, posts in
            posts.map { post in (post, before.post(organization: k, serial: post.serial)) }
        }
        var rows: [Row] = [
            Row(
                kind: "organizationAcls", first: pages / 100 + 1, incremental: pages / 100 + 1,
                how: "⌊roles / 100⌋ + 1: no paging.total here, so a full page needs one more request to show the end"),
            Row(kind: "organizations", first: batches(pages), incremental: batches(pages), how: "⌈pages / 50⌉"),
            Row(
                kind: "organizationsLookup", first: batches(compared), incremental: batches(compared),
                how: "⌈compared pages / 50⌉"),
            Row(
                kind: "networkSizes", first: pages + compared, incremental: pages + compared,
                how: "1 per page and compared page (one URN per path)"),
        ]
        for endpoint in [
            "organizationalEntityFollowerStatistics", "organizationalEntityShareStatistics",
            "organizationPageStatistics",
        ] {
            rows.append(Row(kind: endpoint + " lifetime", first: pages, incremental: pages, how: "1 per page"))
            rows.append(
                Row(
                    kind: endpoint + " time-bound", first: pages, incremental: pages,
                    how: "1 per page and window: every day of it in one answer"))
        }
        rows.append(
            Row(
                kind: "organizationalEntityShareStatistics posts", first: recentPostBatches(old, before),
                incremental: recentPostBatches(new, after),
                how: "per page ⌈shares / 50⌉ + ⌈ugcPosts / 50⌉ of the posts of the last 365 days only"))
        rows.append(
            Row(
                kind: "posts organic", first: old.reduce(0) { $0 + listing($1.count) }, incremental: pages,
                how: "per page max(1, ⌈posts / 100⌉); incremental 1 (newest first, stops at the cursor)"))
        rows.append(Row(kind: "posts sponsored", first: pages, incremental: pages, how: "1 per page (empty listing)"))
        let perPage = (old.reduce(0) { $0 + batches($1.count) }, new.reduce(0) { $0 + batches($1.count) })
        rows.append(
            Row(
                kind: "socialMetadata posts", first: batches(old.joined().count),
                incremental: batches(new.joined().count),
                how: "⌈all posts / 50⌉ across pages (batched per page: \(perPage.0) and \(perPage.1))"))
        let probed = (
            old.joined().filter { $0.commentCount > $0.topLevelCount }.reduce(0) { $0 + $1.topLevelCount },
            // The threads the last sync found replies in, and the comments it has not seen (all of a new post's).
            pairs.filter { replies($0.0) != replies($0.1) }.reduce(0) { sum, pair in
                let known = pair.1.map { $0.comments.filter { $0 > 0 }.count } ?? 0
                return sum + known + pair.0.topLevelCount - (pair.1?.topLevelCount ?? 0)
            }
        )
        rows.append(
            Row(
                kind: "socialMetadata comments", first: batches(probed.0), incremental: batches(probed.1),
                how: "⌈top-level comments of posts whose replies exist / 50⌉ across pages; incremental: ⌈threads "
                    + "known to have replies and new comments, of posts whose reply count changed / 50⌉"))
        rows.append(
            Row(
                kind: "socialActions comments",
                first: old.joined().reduce(0) { $0 + listing($1.topLevelCount, empty: 0) },
                incremental: pairs.reduce(0) {
                    $0 + listing($1.0.topLevelCount - ($1.1?.topLevelCount ?? 0), empty: 0)
                },
                how: "per post with comments ⌈comments / 100⌉; incremental: ⌈new / 100⌉ from the known count"))
        let replyLists = (
            old.joined().reduce(0) { sum, post in post.comments.reduce(sum) { $0 + listing($1, empty: 0) } },
            pairs.reduce(0) { sum, pair in
                pair.0.comments.enumerated().reduce(sum) { total, item in
                    let before = pair.1.flatMap { item.offset < $0.comments.count ? $0.comments[item.offset] : nil }
                    return total + listing(item.element - (before ?? 0), empty: 0)
                }
            }
        )
        rows.append(
            Row(
                kind: "socialActions replies", first: replyLists.0, incremental: replyLists.1,
                how: "per comment with replies ⌈replies / 100⌉; incremental: comments whose replies changed"))
        rows.append(
            Row(
                kind: "reactions", first: old.joined().reduce(0) { $0 + listing($1.reactions, empty: 0) },
                incremental: pairs.reduce(0) { $0 + listing($1.0.reactions - ($1.1?.reactions ?? 0), empty: 0) },
                how: "per post with reactions ⌈reactions / 100⌉; incremental: ⌈new / 100⌉, newest first"))
        let videos = (old.joined().filter(\.isVideo), new.joined().filter(\.isVideo))
        let days = (
            videos.0.reduce(0) { $0 + 4 * listing(window(before.videoDays($1), before).count, empty: 0) },
            videos.1.reduce(0) { sum, video in
                let known = Set(window(before.videoDays(video), before))
                return sum + 4
                    * listing(window(after.videoDays(video), after).filter { !known.contains($0) }.count, empty: 0)
            }
        )
        rows.append(
            Row(
                kind: "videoAnalytics DAY", first: days.0, incremental: days.1,
                how: "per video 4 types × ⌈days of the last \(videoHistoryDays) / 100⌉; incremental: the new day"))
        rows.append(
            Row(
                kind: "videoAnalytics ALL", first: 4 * videos.0.count, incremental: 4 * videos.1.count,
                how: "per video 4 types"))
        for (kind, key) in [("geo", "geo"), ("industryTaxonomyVersions", "industry")] {
            var values = Set<Int>()
            for k in organizations {
                for (_, facet, count) in SyntheticLinkedIn.facetSizes(knobs) where facet == key {
                    values.formUnion(SyntheticLinkedIn.facetValues(key, count: count, organization: k, knobs: knobs))
                }
            }
            rows.append(
                Row(
                    kind: kind, first: batches(values.count), incremental: batches(values.count),
                    how: "⌈\(values.count) distinct \(key) values of all pages / 50⌉, once per run"))
        }
        rows.append(Row(kind: "functions", first: 1, incremental: 1, how: "1 GET_ALL per run"))
        rows.append(Row(kind: "seniorities", first: 1, incremental: 1, how: "1 GET_ALL per run"))
        // The notification feed (page_notifications, and post_comments' deletions and edits) holds nothing here, but
        // only asking tells: one listing per page (50 per page, ⌈notifications / 50⌉ when there are some).
        rows.append(
            Row(
                kind: "organizationalEntityNotifications", first: pages, incremental: pages,
                how: "1 per page: an empty feed is known only by asking"))
        return rows
    }

    static func batches(_ count: Int, of size: Int = 50) -> Int { (count + size - 1) / size }

    /// Requests for a listing of `count` items at 100 per page; `empty` for a listing with nothing to read.
    static func listing(_ count: Int, empty: Int = 1) -> Int { count <= 0 ? empty : (count + 99) / 100 }

    static func replies(_ post: EngagementWorld.Post?) -> Int { post.map { $0.commentCount - $0.topLevelCount } ?? 0 }

    /// The days of `days` inside the connector's video history on the world's day.
    static func window(_ days: [Int64], _ world: EngagementWorld) -> [Int64] {
        let start = world.today - videoHistoryDays * EngagementWorld.dayMillis
        return days.filter { $0 >= start }
    }

    /// Per page, batches of 50 shares and of 50 ugcPosts among the posts LinkedIn keeps statistics for (365 days).
    static func recentPostBatches(_ pages: [[EngagementWorld.Post]], _ world: EngagementWorld) -> Int {
        let oldest = world.today - 365 * EngagementWorld.dayMillis
        return pages.reduce(0) { sum, posts in
            let recent = posts.filter { $0.createdAt >= oldest }
            return sum + batches(recent.filter(\.isVideo).count) + batches(recent.filter { !$0.isVideo }.count)
        }
    }
}
