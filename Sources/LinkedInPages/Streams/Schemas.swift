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

    private static let shareStatistics = Schema.object([
        "uniqueImpressionsCount": Schema.integer,
        "shareCount": Schema.integer,
        "engagement": Schema.number,
        "clickCount": Schema.integer,
        "likeCount": Schema.integer,
        "impressionCount": Schema.integer,
        "commentCount": Schema.integer,
        "shareMentionsCount": Schema.integer,
        "commentMentionsCount": Schema.integer,
    ])

    private static let actorAndTime = Schema.object(["actor": Schema.string, "time": Schema.epochMillis])

    static let organizationLookup = Schema.record([
        "id": Schema.integer,
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
    ])

    static let shareStatisticsLifetime = Schema.record([
        "organizationalEntity": Schema.string,
        "snapshotDate": Schema.date,
        "totalShareStatistics": shareStatistics,
    ])

    static let shareStatisticsTimeBound = Schema.record([
        "organizationalEntity": Schema.string,
        "timeRangeStart": Schema.epochMillis,
        "timeRangeEnd": Schema.epochMillis,
        "totalShareStatistics": shareStatistics,
    ])

    static let totalFollowerCount = Schema.record([
        "organizationalEntity": Schema.string,
        "snapshotDate": Schema.date,
        "firstDegreeSize": Schema.integer,
    ])

    static let organizationAcls = Schema.record([
        "organization": Schema.string,
        "role": Schema.string,
        "state": Schema.string,
        "roleAssignee": Schema.string,
        "created": actorAndTime,
        "lastModified": actorAndTime,
    ])
}
