import AirbyteProtocol

/// The JSON Schemas of the streams' records: at least Airbyte's fields, typed (counts as integers).
enum Schemas {
    private static let followerCounts = Schema.object([
        "organicFollowerCount": Schema.integer,
        "paidFollowerCount": Schema.integer,
    ])

    private static func facetCounts(_ facet: String) -> JSON {
        Schema.array(of: Schema.object([facet: Schema.string, "followerCounts": followerCounts]))
    }

    /// `totalShareStatistics`: the metrics `MetricColumn.shareStatistics` lifts (columns named as LinkedIn names them).
    private static let shareStatistics = Schema.object(pairs: MetricColumn.shareStatistics.map { ($0.column, $0.type) })

    private static let actorAndTime = Schema.object(["actor": Schema.string, "time": Schema.epochMillis])

    static let organizationLookup = Schema.record([
        "id": Schema.integer,
        "organizationalEntity": Schema.string,
        "$URN": Schema.string,
        "localizedName": Schema.string,
        "vanityName": Schema.string,
        "name": Schema.object([
            "localized": Schema.anyObject,
            "preferredLocale": Schema.object(["country": Schema.string, "language": Schema.string]),
        ]),
        "localizedDescription": Schema.string,
        "localizedWebsite": Schema.string,
        "website": Schema.anyObject,
        "primaryOrganizationType": Schema.string,
        "organizationType": Schema.string,
        "organizationStatus": Schema.string,
        "staffCountRange": Schema.string,
        "foundedOn": Schema.object(["year": Schema.integer]),
        "industries": Schema.array(of: Schema.string),
        "specialties": Schema.array(of: Schema.anyObject),
        "localizedSpecialties": Schema.array(of: Schema.string),
        "alternativeNames": Schema.array(of: Schema.anyObject),
        "groups": Schema.array(of: Schema.string),
        "locations": Schema.array(of: Schema.anyObject),
        "defaultLocale": Schema.object(["country": Schema.string, "language": Schema.string]),
        "versionTag": Schema.string,
        "autoCreated": Schema.boolean,
        "logoV2": Schema.anyObject,
        "coverPhotoV2": Schema.anyObject,
        "parentRelationship": Schema.anyObject,
        "parentOrganization": Schema.described(
            Schema.string,
            "A showcase page's parent page (parentRelationship.parent), e.g. urn:li:organization:2414183; null for a "
                + "company page."),
        "created": actorAndTime,
        "lastModified": actorAndTime,
    ])

    static let followerStatistics = Schema.record([
        "organizationalEntity": Schema.string,
        "snapshotDate": Schema.date,
        "followerCountsByAssociationType": facetCounts("associationType"),
        "followerCountsBySeniority": facetCounts("seniority"),
        "followerCountsByIndustry": facetCounts("industry"),
        "followerCountsByFunction": facetCounts("function"),
        "followerCountsByStaffCountRange": facetCounts("staffCountRange"),
        "followerCountsByGeoCountry": facetCounts("geo"),
        "followerCountsByGeo": facetCounts("geo"),
    ])

    static let followerStatisticsTimeBound = Schema.record([
        "organizationalEntity": Schema.string,
        "timeRangeStart": Schema.epochMillis,
        "timeRangeEnd": Schema.epochMillis,
        "followerGains": Schema.object([
            "organicFollowerGain": Schema.integer,
            "paidFollowerGain": Schema.integer,
        ]),
    ]).adding(metrics: MetricColumn.followerGains)

    static let shareStatisticsLifetime = Schema.record([
        "organizationalEntity": Schema.string,
        "snapshotDate": Schema.date,
        "totalShareStatistics": shareStatistics,
    ]).adding(metrics: MetricColumn.shareStatistics)

    static let shareStatisticsTimeBound = Schema.record([
        "organizationalEntity": Schema.string,
        "timeRangeStart": Schema.epochMillis,
        "timeRangeEnd": Schema.epochMillis,
        "totalShareStatistics": shareStatistics,
    ]).adding(metrics: MetricColumn.shareStatistics)

    static let totalFollowerCount = Schema.record([
        "organizationalEntity": Schema.string,
        "snapshotDate": Schema.date,
        "firstDegreeSize": Schema.described(
            Schema.integer,
            "The page's followers: " + MetricNotes.followers + " Not the sum of follower_statistics_by_facet's rows."),
    ])

    static let organizationAcls = Schema.record([
        "organization": Schema.string,
        "role": Schema.string,
        "state": Schema.string,
        "roleAssignee": Schema.string,
        "created": actorAndTime,
        "lastModified": actorAndTime,
    ])

    // MARK: Posts and engagement

    static let posts = Schema.record([
        "id": Schema.string,
        "author": Schema.string,
        "commentary": Schema.string,
        "visibility": Schema.string,
        "lifecycleState": Schema.string,
        "lifecycleStateInfo": Schema.anyObject,
        "createdAt": Schema.epochMillis,
        "lastModifiedAt": Schema.epochMillis,
        "publishedAt": Schema.epochMillis,
        "distribution": Schema.anyObject,
        "content": Schema.anyObject,
        "contentLandingPage": Schema.string,
        "contentCallToActionLabel": Schema.string,
        "isReshareDisabledByAuthor": Schema.boolean,
        "reshareContext": Schema.anyObject,
        "adContext": Schema.object([
            "isDsc": Schema.boolean, "dscAdAccount": Schema.string, "dscAdType": Schema.string,
            "dscName": Schema.string, "dscStatus": Schema.string,
        ]),
    ])

    static let postStatistics = Schema.record([
        "post": Schema.string,
        "share": Schema.string,
        "ugcPost": Schema.string,
        "organizationalEntity": Schema.string,
        "snapshotDate": Schema.date,
        "totalShareStatistics": shareStatistics,
    ]).adding(metrics: MetricColumn.shareStatistics)

    static let postComments = Schema.record([
        "id": Schema.string,
        "commentUrn": Schema.string,
        "post": Schema.string,
        "postLastModifiedAt": Schema.epochMillis,
        "organization": Schema.string,
        "object": Schema.string,
        "actor": Schema.string,
        "agent": Schema.string,
        "parentComment": Schema.string,
        "lastModifiedAt": Schema.epochMillis,
        "message": Schema.object(["text": Schema.string, "attributes": Schema.array(of: Schema.anyObject)]),
        "content": Schema.array(of: Schema.anyObject),
        "created": actorAndTime,
        "lastModified": actorAndTime,
        "likesSummary": Schema.anyObject,
        "commentsSummary": Schema.anyObject,
    ])

    static let postReactions = Schema.record([
        "id": Schema.string,
        "post": Schema.string,
        "postLastModifiedAt": Schema.epochMillis,
        "organization": Schema.string,
        "root": Schema.string,
        "reactionType": Schema.string,
        "lastModifiedAt": Schema.epochMillis,
        "createdAt": Schema.epochMillis,
        "created": actorAndTime,
        "lastModified": actorAndTime,
    ])

    // MARK: Page statistics

    private static let pageViews = Schema.object(["pageViews": Schema.integer, "uniquePageViews": Schema.integer])

    private static let pageStatistics = Schema.object([
        "views": Schema.object(pairs: MetricColumn.pageViewSections.map { ($0, pageViews) }),
        "clicks": Schema.anyObject,
    ])

    private static func pageFacet(_ facet: String) -> JSON {
        Schema.array(of: Schema.object([facet: Schema.string, "pageStatistics": pageStatistics]))
    }

    static let pageStatisticsLifetime = Schema.record([
        "organization": Schema.string,
        "snapshotDate": Schema.date,
        "totalPageStatistics": pageStatistics,
        "pageStatisticsBySeniority": pageFacet("seniority"),
        "pageStatisticsByIndustry": pageFacet("industry"),
        "pageStatisticsByIndustryV2": pageFacet("industryV2"),
        "pageStatisticsByFunction": pageFacet("function"),
        "pageStatisticsByStaffCountRange": pageFacet("staffCountRange"),
        "pageStatisticsByGeoCountry": pageFacet("geo"),
        "pageStatisticsByGeo": pageFacet("geo"),
        "pageStatisticsByTargetedContent": Schema.array(of: Schema.anyObject),
    ]).adding(metrics: MetricColumn.totalPageViews)

    static let pageStatisticsTimeBound = Schema.record([
        "organization": Schema.string,
        "timeRangeStart": Schema.epochMillis,
        "timeRangeEnd": Schema.epochMillis,
        "totalPageStatistics": pageStatistics,
    ]).adding(metrics: MetricColumn.totalPageViews)

    // MARK: Analyst-ready reports

    static let followerStatisticsByFacet = Schema.record([
        "organizationalEntity": Schema.string,
        "snapshotDate": Schema.date,
        "facet": Schema.string,
        "facetValue": Schema.string,
        "facetName": Schema.string,
        "organicFollowerCount": Schema.described(
            Schema.integer,
            "Followers with this facet value as of snapshotDate: followerCounts.organicFollowerCount of LinkedIn's "
                + "lifetime follower statistics. " + MetricNotes.topFacetValues),
        "paidFollowerCount": Schema.described(
            Schema.integer,
            "followerCounts.paidFollowerCount of LinkedIn's lifetime follower statistics: LinkedIn counts "
                + "demographics in organicFollowerCount and says not to refer to this one."),
    ])

    static let pageStatisticsByFacet = Schema.record([
        "organization": Schema.string,
        "snapshotDate": Schema.date,
        "facet": Schema.string,
        "facetValue": Schema.string,
        "facetName": Schema.string,
        "views": Schema.anyObject,
        "clicks": Schema.anyObject,
    ]).adding(metrics: MetricColumn.facetPageViews)

    /// What `organizationsLookup` answers for a page the token need not administer (LinkedIn's organization lookup
    /// docs): these fields only, plus our `snapshotDate` and `followerCount`. Anything else LinkedIn adds passes
    /// through (every object allows additional properties).
    static let companySearch = Schema.record([
        "id": Schema.integer,
        "snapshotDate": Schema.date,
        "name": Schema.object([
            "localized": Schema.anyObject,
            "preferredLocale": Schema.object(["country": Schema.string, "language": Schema.string]),
        ]),
        "localizedName": Schema.string,
        "localizedWebsite": Schema.string,
        "vanityName": Schema.string,
        "logoV2": Schema.anyObject,
        "locations": Schema.array(of: Schema.anyObject),
        "primaryOrganizationType": Schema.string,
        "followerCount": Schema.described(
            Schema.integer, "The compared page's followers, as in total_follower_count: " + MetricNotes.followers),
    ])
}
