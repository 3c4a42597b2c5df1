import Foundation

/// Posts with comments, replies, reactions and videos, made up by fixed rules, as the stand-in serves them on one
/// day: day 0, or day 1 (day 0's data plus one day's movement). The quota benchmark counts from the same values the
/// fewest requests LinkedIn's API allows for them, so the rules live here once, for the answers and the count.
///
/// Per organization (index `k`, id `10000001 + k`): `postsPerOrganization` posts `spacingDays` apart, the oldest
/// beyond LinkedIn's 12-month statistics window; every third one (serial 0, 3, 6, …) a video ugcPost, the others
/// shares. Every `archiveEvery`-th organization also has `archivePosts` shares of 400-900 days ago with no engagement.
/// One post has `popularComments` top-level comments (two pages of 100), one `popularReactions` reactions; the rest
/// have 0-4 comments and 0-8 reactions; comment 1, 5, 9, … of a post has two replies.
/// Day 1 adds: a new post on every `newPostEvery`-th organization (2 comments, 3 reactions), one top-level comment
/// on the newest and third-newest posts, a reply on the popular post's comment 1, two reactions on the newest,
/// second- and fourth-newest posts, and a day of video analytics for every video.
public struct EngagementWorld: Sendable {
    public var postsPerOrganization = 12
    public var spacingDays = 36
    public var archiveEvery = 10
    public var archivePosts = 100
    public var newPostEvery = 5
    public var popularComments = 120
    public var popularReactions = 130
    /// Midnight UTC of day 0, epoch milliseconds.
    public var dayZero: Int64
    /// 0, or 1 for the world a day later.
    public var day = 0

    public static let dayMillis: Int64 = 86_400_000
    /// LinkedIn's reaction types, in the order reactions cycle through them.
    public static let reactionTypes = ["LIKE", "PRAISE", "EMPATHY", "INTEREST", "APPRECIATION", "ENTERTAINMENT"]

    public init(dayZero: Int64, day: Int = 0) {
        self.dayZero = dayZero - dayZero % Self.dayMillis
        self.day = day
    }

    /// The same world `days` later.
    public func later(by days: Int = 1) -> EngagementWorld {
        var next = self
        next.day += days
        return next
    }

    /// Midnight UTC of the world's current day.
    public var today: Int64 { dayZero + Int64(day) * Self.dayMillis }
    var moved: Bool { day >= 1 }

    // MARK: Posts

    public struct Post: Sendable {
        public var organization: Int
        public var serial: Int
        public var isVideo: Bool
        public var createdAt: Int64
        /// Replies per top-level comment, in the order the comments were written.
        public var comments: [Int]
        public var reactions: Int

        public var urn: String { (isVideo ? "urn:li:ugcPost:" : "urn:li:share:") + number }
        public var number: String { "7" + EngagementWorld.digits(organization, 6) + EngagementWorld.digits(serial, 4) }
        public var activity: String { "urn:li:activity:8" + number.dropFirst() }
        public var lastModifiedAt: Int64 { createdAt + 3_600_000 }
        public var topLevelCount: Int { comments.count }
        /// Comments and replies, as `socialMetadata`'s `commentSummary.count` counts them.
        public var commentCount: Int { comments.count + comments.reduce(0, +) }

        public func commentURN(_ index: Int) -> String { "urn:li:comment:(\(activity),\(commentID(index)))" }
        func commentID(_ index: Int) -> String { "9" + number.dropFirst() + EngagementWorld.digits(index, 5) }
    }

    /// The organization's posts on the world's day, oldest first.
    public func posts(organization k: Int) -> [Post] {
        var serials = Array(0..<postsPerOrganization)
        if moved && k % newPostEvery == 0 { serials.append(postsPerOrganization) }
        if k % archiveEvery == 0 { serials = (0..<archivePosts).map { 1_000 + $0 } + serials }
        return serials.map { post(organization: k, serial: $0)! }
    }

    /// One post by organization and serial; nil if it does not exist on the world's day.
    public func post(organization k: Int, serial s: Int) -> Post? {
        let count = postsPerOrganization
        let isNew = s == count
        if s < 0 || s > count && s < 1_000 || s >= 1_000 + archivePosts || isNew && !(moved && k % newPostEvery == 0) {
            return nil
        }
        if s >= 1_000 {
            if k % archiveEvery != 0 { return nil }
            let age = Int64(400 + (s - 1_000) * 5) * Self.dayMillis
            return Post(
                organization: k, serial: s, isVideo: false, createdAt: dayZero - age, comments: [], reactions: 0)
        }
        let createdAt =
            isNew
            ? dayZero + 9 * 3_600_000
            : dayZero - Int64((count - s) * spacingDays) * Self.dayMillis + Int64(k % 20) * 3_600_000
        var top = isNew ? 2 : s == count - 2 ? popularComments : Self.mix(k, s) % 5
        var reactions = isNew ? 3 : s == count - 1 ? popularReactions : Self.mix(k, s &+ 7) % 9
        if moved && (s == count - 1 || s == count - 3) { top += 1 }
        if moved && [count - 1, count - 2, count - 4].contains(s) { reactions += 2 }
        var comments = (0..<top).map { $0 % 4 == 1 ? 2 : 0 }
        if moved && s == count - 2 && top > 1 { comments[1] += 1 }
        return Post(
            organization: k, serial: s, isVideo: s % 3 == 0, createdAt: createdAt, comments: comments,
            reactions: reactions)
    }

    /// How many of `count` items a listing holds on day 0 (`base`); the rest came with day 1's movement.
    func base(comments post: Post) -> Int {
        EngagementWorld(dayZero: dayZero).post(organization: post.organization, serial: post.serial)?.topLevelCount ?? 0
    }

    /// When comment `index` of `post` was written: a minute apart after the post, or on day 0 if day 1 brought it.
    func commentTime(_ post: Post, _ index: Int) -> Int64 {
        index < base(comments: post) ? post.createdAt + Int64(index + 1) * 60_000 : dayZero + 10 * 3_600_000
    }

    func replyTime(_ post: Post, comment: Int, _ index: Int) -> Int64 {
        let before = EngagementWorld(dayZero: dayZero).post(organization: post.organization, serial: post.serial)
        let baseReplies = comment < (before?.comments.count ?? 0) ? before!.comments[comment] : 0
        return index < baseReplies
            ? commentTime(post, comment) + Int64(index + 1) * 30_000 : dayZero + 12 * 3_600_000
    }

    func reactionTime(_ post: Post, _ index: Int) -> Int64 {
        let baseCount =
            EngagementWorld(dayZero: dayZero).post(organization: post.organization, serial: post.serial)?
            .reactions ?? 0
        return index < baseCount
            ? post.createdAt + Int64(index + 1) * 60_000 : dayZero + 11 * 3_600_000 + Int64(index) * 1_000
    }

    /// Reactions per type, as `socialMetadata`'s `reactionSummaries` counts them.
    func reactionCounts(_ post: Post) -> [String: Int] {
        var counts: [String: Int] = [:]
        for index in 0..<post.reactions { counts[Self.reactionType(post, index), default: 0] += 1 }
        return counts
    }

    static func reactionType(_ post: Post, _ index: Int) -> String { reactionTypes[(index + post.serial) % 6] }

    // MARK: Videos

    /// Midnight UTC of each day a video has analytics for, up to the world's day (excluded): from its first day.
    public func videoDays(_ post: Post) -> [Int64] {
        guard post.isVideo else { return [] }
        let first = post.createdAt - post.createdAt % Self.dayMillis
        return Array(stride(from: first, to: today, by: Int(Self.dayMillis)))
    }

    // MARK: Identifiers

    /// The post a post URN names, in this world.
    public func post(urn: String) -> Post? {
        guard let colon = urn.lastIndex(of: ":") else { return nil }
        return post(number: String(urn[urn.index(after: colon)...]))
    }

    func post(number: String) -> Post? {
        let digits = Array(number)
        guard digits.count == 11, let k = Int(String(digits[1..<7])), let s = Int(String(digits[7..<11])) else {
            return nil
        }
        return post(organization: k, serial: s)
    }

    /// The post and comment index a comment URN (`urn:li:comment:(urn:li:activity:8…,9…)`) names.
    public func comment(urn: String) -> (post: Post, index: Int)? {
        guard urn.hasPrefix("urn:li:comment:("), let comma = urn.lastIndex(of: ",") else { return nil }
        let id = Array(urn[urn.index(after: comma)...].dropLast())
        guard id.count == 16, let post = post(number: "7" + String(id[1..<11])), let index = Int(String(id[11...]))
        else { return nil }
        return index < post.comments.count ? (post, index) : nil
    }

    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// A fixed scramble of two numbers, for counts that vary from post to post but never from run to run.
    static func mix(_ a: Int, _ b: Int) -> Int {
        var value =
            UInt64(truncatingIfNeeded: a) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: b) &* 0xBF58_476D
        value ^= value >> 29
        return Int(value % 1_000_003)
    }
}
