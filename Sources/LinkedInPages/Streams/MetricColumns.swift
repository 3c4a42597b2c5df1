import AirbyteProtocol

/// A numeric metric that LinkedIn nests inside a statistics object, copied to a top-level column of its own, so a
/// warehouse gets a typed column instead of a JSON path. The nested object stays as LinkedIn sent it (Airbyte's
/// record shape); the column is an addition.
///
/// Contract: a value missing from LinkedIn's answer leaves the column absent; a value of the wrong type (a string,
/// an object, null) becomes null. Neither fails the record. Columns have no minimum: LinkedIn's daily counts can be
/// negative.
struct MetricColumn: Sendable, Equatable {
    enum Kind: Sendable {
        /// A count: written as an integer (`12.0` becomes `12`).
        case integer
        /// A ratio such as `engagement`: any JSON number.
        case number
    }

    /// Where the value sits in the record, e.g. `["totalShareStatistics", "impressionCount"]`. A step
    /// `[field=value]` picks the item of an array whose `field` is `value` (a custom button by its type); a step `[*]`
    /// sums the rest of the path over every item of an array (all custom buttons, whatever their type).
    let path: [String]
    /// The top-level column, lower camel case, unique within its stream.
    let column: String
    let kind: Kind
    /// What an analyst must know to compare the value with LinkedIn's page analytics (see `MetricNotes`).
    let about: String

    init(path: [String], column: String, kind: Kind = .integer, about: String = "") {
        self.path = path
        self.column = column
        self.kind = kind
        self.about = about
    }

    /// The column's value in `record`, or nil when LinkedIn did not send the metric.
    func value(in record: JSONObject) -> JSON? {
        var value: JSON? = .object(record)
        for (index, step) in path.enumerated() {
            if step == "[*]" {
                guard let items = value?.arrayValue else { return nil }
                let rest = MetricColumn(path: Array(path.dropFirst(index + 1)), column: column)
                let values = items.compactMap { $0.objectValue.flatMap(rest.value(in:)) }
                guard values.allSatisfy({ $0.int64Value != nil }) else { return .null }
                return .int(values.reduce(0) { $0 + ($1.int64Value ?? 0) })
            }
            if step.hasPrefix("["), step.hasSuffix("]"), let equals = step.firstIndex(of: "=") {
                let field = String(step[step.index(after: step.startIndex)..<equals])
                let wanted = JSON.string(String(step[step.index(after: equals)..<step.index(before: step.endIndex)]))
                value = value?.arrayValue?.first { $0[field] == wanted }
            } else {
                value = value?[step]
            }
            if value == nil { return nil }
        }
        guard let value else { return nil }
        switch kind {
        case .integer: return value.int64Value.map(JSON.int) ?? .null
        case .number: return value.doubleValue == nil ? .null : value
        }
    }

    /// The value's JSON Schema type, nullable.
    var type: JSON { kind == .integer ? Schema.integer : Schema.number }

    /// The column's JSON Schema, saying where the value comes from and how it compares with LinkedIn's UI.
    var schema: JSON {
        let source = "\(path.joined(separator: ".")), lifted to a column."
        return Schema.described(type, about.isEmpty ? source : source + " " + about)
    }
}

/// What analysts compare with LinkedIn's page analytics, said once per family of metrics (LinkedIn's share, follower
/// and page statistics docs; research notes `linkedin_api_2026-12.md` §3).
enum MetricNotes {
    static let organicOnly =
        "Organic only: LinkedIn's share statistics leave sponsored activity out, while its page analytics can include "
        + "it. In share_statistics_time_bound a day counts the activity that happened that day, as LinkedIn's page "
        + "analytics do; post_statistics counts a post's activity towards the post, whatever the day."
    static let canBeNegative =
        "A day's value can be negative (e.g. a sponsored post un-liked or un-shared counts "
        + "against organic); keep it when summing."
    static let notAdditive =
        "Unique members: not additive. Never sum daily values over a period; LinkedIn "
        + "counts a member once per bucket."
    static let engagement =
        "LinkedIn's ratio (clicks + likes + comments + shares) / impressions; its page "
        + "analytics also count follows from the post, so they read higher."
    static let followerGain =
        "Net followers gained that day (or month): negative when more members unfollowed than followed."
    static let pageViews =
        "Page views of this section. allPageViews and overviewPageViews include traffic that "
        + "is neither desktop nor mobile, so they exceed desktop + mobile."
    static let clicks = "Clicks counted by LinkedIn's page statistics, by day in time-bound rows."
    static let postTotal =
        "LinkedIn's socialMetadata running total as of snapshotDate, not that day's activity; unlike post_statistics "
        + "(organic only) it has no organic/sponsored split, so the two can differ."
    static let topFacetValues =
        "LinkedIn keeps the top 100 values per facet, so a facet's rows need not add up to total_follower_count."
    static let followers =
        "networkSizes' firstDegreeSize as of snapshotDate, the total LinkedIn's follower statistics no longer give."
}

// MARK: The metrics of each statistics shape

extension MetricColumn {
    /// `followerGains` of time-bound follower statistics: `organicFollowerGain`, `paidFollowerGain`.
    static let followerGains: [MetricColumn] = ["organicFollowerGain", "paidFollowerGain"].map {
        MetricColumn(path: ["followerGains", $0], column: $0, about: MetricNotes.followerGain)
    }

    /// `totalShareStatistics` of share and post statistics, under the same names one level up.
    static let shareStatistics: [MetricColumn] =
        [
            ("impressionCount", ""), ("uniqueImpressionsCount", MetricNotes.notAdditive), ("clickCount", ""),
            ("likeCount", MetricNotes.canBeNegative), ("commentCount", MetricNotes.canBeNegative),
            ("shareCount", MetricNotes.canBeNegative), ("shareMentionsCount", ""), ("commentMentionsCount", ""),
        ].map { name, note in
            MetricColumn(
                path: ["totalShareStatistics", name], column: name,
                about: note.isEmpty ? MetricNotes.organicOnly : note + " " + MetricNotes.organicOnly)
        }
        + [
            MetricColumn(
                path: ["totalShareStatistics", "engagement"], column: "engagement", kind: .number,
                about: MetricNotes.engagement + " " + MetricNotes.organicOnly)
        ]

    /// The page sections of `views` in page statistics: all, overview and each tab, in total, desktop and mobile.
    static let pageViewSections: [String] = [
        "all", "overview", "about", "careers", "jobs", "lifeAt", "people",
        "products", "insights",
    ].flatMap { section -> [String] in
        let name = section.prefix(1).uppercased() + section.dropFirst()
        return section == "all"
            ? ["allPageViews", "allDesktopPageViews", "allMobilePageViews"]
            : ["\(section)PageViews", "desktop\(name)PageViews", "mobile\(name)PageViews"]
    }

    /// Page views and clicks of page statistics (`totalPageStatistics`).
    static let totalPageViews = pageMetrics(under: ["totalPageStatistics"])
    /// Page views and clicks of a `page_statistics_by_facet` row (`views`, `clicks`).
    static let facetPageViews = pageMetrics(under: [])

    /// The views (`pageViews`) and clicks (`clicks`) under `parent`.
    static func pageMetrics(under parent: [String]) -> [MetricColumn] {
        pageViews(under: parent + ["views"]) + pageClicks(under: parent + ["clicks"])
    }

    /// Page views under `parent` (`totalPageStatistics.views`, or `views` in a facet row): each section's
    /// `pageViews` as `<section>` (e.g. `allPageViews`, `desktopCareersPageViews`) and its `uniquePageViews` as
    /// `unique<Section>` (e.g. `uniqueAllPageViews`).
    static func pageViews(under parent: [String]) -> [MetricColumn] {
        pageViewSections.flatMap { section in
            [
                MetricColumn(path: parent + [section, "pageViews"], column: section, about: MetricNotes.pageViews),
                MetricColumn(
                    path: parent + [section, "uniquePageViews"],
                    column: "unique" + section.prefix(1).uppercased() + section.dropFirst(),
                    about: MetricNotes.pageViews + " " + MetricNotes.notAdditive),
            ]
        }
    }

    /// The sections of a careers page whose clicks LinkedIn counts (`careersPageClicks`, `mobileCareersPageClicks`).
    static let careersClickSections = ["BannerPromo", "Employees", "Jobs", "PromoLinks"]
    /// LinkedIn's custom button types (a page's "Visit website", "Contact us" … button).
    static let customButtonTypes = [
        ("VISIT_WEBSITE", "VisitWebsite"), ("LEARN_MORE", "LearnMore"), ("CONTACT_US", "ContactUs"),
        ("REGISTER", "Register"), ("SIGN_UP", "SignUp"),
    ]

    /// Clicks under `parent` (`totalPageStatistics.clicks`): careers-page clicks per section as LinkedIn names them
    /// (`careersPageJobsClicks`, and `mobileCareersPageJobsClicks` from `mobileCareersPageClicks`), and custom-button
    /// clicks per device and button type (`desktopVisitWebsiteButtonClicks`, `mobileContactUsButtonClicks`).
    static func pageClicks(under parent: [String]) -> [MetricColumn] {
        let careers = ["", "mobile"].flatMap { device in
            careersClickSections.map { section in
                let field = "careersPage\(section)Clicks"
                let group = device.isEmpty ? "careersPageClicks" : "mobileCareersPageClicks"
                return MetricColumn(
                    path: parent + [group, field], column: device.isEmpty ? field : "mobileC" + field.dropFirst(),
                    about: "Careers page \(section) clicks\(device.isEmpty ? "" : " on mobile"). " + MetricNotes.clicks)
            }
        }
        let buttons = ["desktop", "mobile"].flatMap { device in
            let counts = "\(device)CustomButtonClickCounts"
            return [
                MetricColumn(
                    path: parent + [counts, "[*]", "clicks"], column: "\(device)CustomButtonClicks",
                    about: "Clicks on the page's custom button on \(device), whatever its type. " + MetricNotes.clicks)
            ]
                + customButtonTypes.map { type, name in
                    MetricColumn(
                        path: parent + [counts, "[customButtonType=\(type)]", "clicks"],
                        column: "\(device)\(name)ButtonClicks",
                        about: "Clicks on the page's \(type) custom button on \(device). " + MetricNotes.clicks)
                }
        }
        return careers + buttons
    }
}
