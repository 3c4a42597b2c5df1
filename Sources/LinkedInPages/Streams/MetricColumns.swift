import AirbyteProtocol

/// A numeric metric that LinkedIn nests inside a statistics object, copied to a top-level column of its own, so a
/// warehouse gets a typed column instead of a JSON path. The nested object stays as LinkedIn sent it (Airbyte's
/// record shape); the column is an addition.
///
/// Contract: a value missing from LinkedIn's answer leaves the column absent; a value of the wrong type (a string,
/// an object, null) becomes null. Neither fails the record.
struct MetricColumn: Sendable, Equatable {
    enum Kind: Sendable {
        /// A count: written as an integer (`12.0` becomes `12`).
        case integer
        /// A ratio such as `engagement`: any JSON number.
        case number
    }

    /// Where the value sits in the record, e.g. `["totalShareStatistics", "impressionCount"]`.
    let path: [String]
    /// The top-level column, lower camel case, unique within its stream.
    let column: String
    let kind: Kind

    init(path: [String], column: String, kind: Kind = .integer) {
        self.path = path
        self.column = column
        self.kind = kind
    }

    /// The column's value in `record`, or nil when LinkedIn did not send the metric.
    func value(in record: JSONObject) -> JSON? {
        guard let first = path.first, var value = record[first] else { return nil }
        for key in path.dropFirst() {
            guard let next = value[key] else { return nil }
            value = next
        }
        switch kind {
        case .integer: return value.int64Value.map(JSON.int) ?? .null
        case .number: return value.doubleValue == nil ? .null : value
        }
    }

    /// The value's JSON Schema type, nullable.
    var type: JSON { kind == .integer ? Schema.integer : Schema.number }

    /// The column's JSON Schema, saying where the value comes from.
    var schema: JSON {
        guard case .object(var schema) = type else { return type }
        schema["description"] = .string("\(path.joined(separator: ".")), lifted to a column.")
        return .object(schema)
    }
}

// MARK: The metrics of each statistics shape

extension MetricColumn {
    /// `followerGains` of time-bound follower statistics: `organicFollowerGain`, `paidFollowerGain`.
    static let followerGains: [MetricColumn] = ["organicFollowerGain", "paidFollowerGain"].map {
        MetricColumn(path: ["followerGains", $0], column: $0)
    }

    /// `totalShareStatistics` of share and post statistics, under the same names one level up.
    static let shareStatistics: [MetricColumn] =
        [
            "impressionCount", "uniqueImpressionsCount", "clickCount", "likeCount", "commentCount", "shareCount",
            "shareMentionsCount", "commentMentionsCount",
        ].map { MetricColumn(path: ["totalShareStatistics", $0], column: $0) }
        + [MetricColumn(path: ["totalShareStatistics", "engagement"], column: "engagement", kind: .number)]

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

    /// Page views of page statistics (`totalPageStatistics.views`).
    static let totalPageViews = pageViews(under: ["totalPageStatistics", "views"])
    /// Page views of a `page_statistics_by_facet` row (`views`).
    static let facetPageViews = pageViews(under: ["views"])

    /// Page views under `parent` (`totalPageStatistics.views`, or `views` in a facet row): each section's
    /// `pageViews` as `<section>` (e.g. `allPageViews`, `desktopCareersPageViews`) and its `uniquePageViews` as
    /// `unique<Section>` (e.g. `uniqueAllPageViews`).
    static func pageViews(under parent: [String]) -> [MetricColumn] {
        pageViewSections.flatMap { section in
            [
                MetricColumn(path: parent + [section, "pageViews"], column: section),
                MetricColumn(
                    path: parent + [section, "uniquePageViews"],
                    column: "unique" + section.prefix(1).uppercased() + section.dropFirst()),
            ]
        }
    }
}
