import AirbyteProtocol

/// One stream, declared as data: where its records come from, how they are cut into partitions and slices, how
/// they are shaped, and what `discover` says about them. The sync engine reads these values and knows nothing of
/// any particular stream.
struct StreamDefinition: Sendable {
    let name: String
    /// One request template per partition and slice.
    let request: RequestTemplate
    /// Extra fixed parameters of further listings read the same way and merged, newest first and without
    /// duplicates (organic and sponsored posts). `[[]]`: the request alone.
    let listings: [[(String, RestLiValue)]]
    /// How partitions are formed.
    let router: PartitionRouter
    /// Where the records sit in a response.
    let records: RecordSelector
    let paging: Paging
    /// nil for snapshots read in full each time; set for incremental streams.
    let cursor: StreamCursor?
    /// Applied in order to every record.
    let transforms: [RecordTransform]
    /// Fields filled by a further request per record, after the transforms.
    let enrichments: [Enrichment]
    /// Combines the records of the listings into one per key (one row per video and day from one listing per
    /// metric).
    let pivot: Pivot?
    /// A further listing per record (replies of each comment), whose records join the stream's.
    let nested: NestedListing?
    /// Facet values named from LinkedIn's standardized data, once per value per run.
    let names: FacetNames?
    /// A record field naming the parent each record is about: parents LinkedIn returned nothing for are counted in
    /// a LOG line instead of silently missing.
    let reportsMissingParents: String?
    /// Another stream's records that say which parents changed beyond their counts and which children were deleted
    /// (see `ChangeFeed`); incremental syncs only.
    let changeFeed: ChangeFeed?
    let primaryKey: [[String]]
    let schema: JSON
    /// What LinkedIn requires for the stream's requests (its own, then the lookups it makes); `check` probes them.
    let permissions: [Permission]

    init(
        name: String, request: RequestTemplate, listings: [[(String, RestLiValue)]] = [[]],
        router: PartitionRouter = .eachOrganization, records: RecordSelector = .elements, paging: Paging = .none,
        cursor: StreamCursor? = nil, transforms: [RecordTransform] = [], enrichments: [Enrichment] = [],
        pivot: Pivot? = nil, nested: NestedListing? = nil, names: FacetNames? = nil,
        reportsMissingParents: String? = nil, changeFeed: ChangeFeed? = nil, primaryKey: [[String]], schema: JSON,
        permissions: [Permission] = []
    ) {
        self.changeFeed = changeFeed
        self.name = name
        self.request = request
        self.listings = listings.isEmpty ? [[]] : listings
        self.router = router
        self.records = records
        self.paging = paging
        self.cursor = cursor
        self.transforms = transforms
        self.enrichments = enrichments
        self.pivot = pivot
        self.nested = nested
        self.names = names
        self.reportsMissingParents = reportsMissingParents
        self.primaryKey = primaryKey
        self.schema = schema
        self.permissions = permissions
    }

    var isIncremental: Bool { cursor != nil }

    /// The parent stream, for children.
    var parent: ParentStream? {
        if case .children(let parent) = router { return parent }
        return nil
    }

    /// What LinkedIn's 404 means for its requests: a child's requests are about an item of the organization (a post
    /// deleted since it was listed), everything else's about the organization itself.
    var notFound: NotFoundMeaning { parent == nil ? .wrongOrganization : .itemGone }

    /// The context of its requests for one partition.
    func requestContext(_ organization: Organization?) -> RequestContext {
        RequestContext(stream: name, organization: organization, notFound: notFound)
    }

    /// Whether its records can identify members (and so fall under `member_data`).
    var handlesMemberData: Bool {
        transforms.contains { if case .memberIdentifiers = $0 { return true } else { return false } }
    }

    /// What `discover` prints for this stream.
    var airbyteStream: AirbyteStream {
        AirbyteStream(
            name: name, jsonSchema: schema,
            supportedSyncModes: isIncremental ? [.fullRefresh, .incremental] : [.fullRefresh],
            defaultCursorField: cursor.map { [$0.field] } ?? [], primaryKey: primaryKey)
    }

    /// The record's primary key as one string, for dropping duplicates LinkedIn's paging can produce.
    func primaryKeyText(_ record: JSONObject) -> String {
        primaryKey.map { JSON.object(record).value(at: $0)?.serialized ?? "null" }.joined(separator: "\u{1F}")
    }
}

/// A path and query with placeholders filled per partition and slice.
struct RequestTemplate: Sendable {
    enum PathPart: Sendable {
        case literal(String)
        /// The organization's URN as an encoded path key (`urn%3Ali%3Aorganization%3A1`).
        case organizationURN
        /// The partition's (first) parent key as an encoded path key (`urn%3Ali%3Ashare%3A1`).
        case parentKey
        /// The parent as the complex key `(entity:urn%3Ali%3Ashare%3A1)` (the Reactions API).
        case parentEntityKey
    }

    enum Parameter: Sendable {
        case literal(String, RestLiValue)
        /// `name=<organization URN>`.
        case organizationURN(String)
        /// `name=List(<id>,<id>,...)` over the partition's organizations (batch endpoints).
        case organizationIDs(String)
        /// `timeIntervals=(timeRange:(start:S,end:E),timeGranularityType:G)` for the current slice.
        case timeIntervals
        /// `timeRange=(start:S,end:E)` for the current slice (the Video Analytics API's form).
        case timeRange
        /// `name=<the partition's parent key>`.
        case parentKey(String)
        /// `name=List(<key>,<key>,...)` over the partition's parents.
        case parentKeys(String)
        /// The partition's parents as a list named after their URN type (`shares=List(...)` or
        /// `ugcPosts=List(...)`): `names` maps a URN type (`share`) to the parameter name. Batches hold one type.
        case parentKeysByURNType([String: String])
    }

    let path: [PathPart]
    let query: [Parameter]
    /// Literal parameters to try instead, in order, when LinkedIn answers 400 (an enum spelled differently across
    /// API versions); the first variant LinkedIn accepts wins.
    let variantsOn400: [[(String, RestLiValue)]]
    /// How a showcase page is asked (`RequestBuilder` picks by the partition's page kind).
    let brand: BrandRequest

    init(
        _ path: PathPart..., query: [Parameter] = [], variantsOn400: [[(String, RestLiValue)]] = [],
        brand: BrandRequest = .same
    ) {
        self.init(path: path, query: query, variantsOn400: variantsOn400, brand: brand)
    }

    init(
        path: [PathPart], query: [Parameter], variantsOn400: [[(String, RestLiValue)]] = [],
        brand: BrandRequest = .same
    ) {
        self.path = path
        self.query = query
        self.variantsOn400 = variantsOn400
        self.brand = brand
    }
}

/// How a request is made for a showcase page (LinkedIn's organization brand, `urn:li:organizationBrand:{id}`),
/// declared with the request: adding a page kind to a stream is a registry entry, not engine code.
indirect enum BrandRequest: Sendable {
    /// The same request, with the brand's URN (or id) wherever the page goes: LinkedIn documents the endpoint's
    /// page parameter as an organization or organization brand.
    case same
    /// Another request: page statistics are `brandPageStatistics`, the lookup is `organizationBrands`.
    case other(RequestTemplate)
    /// LinkedIn documents the endpoint for organizations only (`why` says where): the stream skips showcase pages,
    /// with one LOG line per page, and so do the streams built on its records.
    case notServed(why: String)
}

/// A field filled from a second request per record, e.g. a compared page's follower count.
struct Enrichment: Sendable {
    /// The field to set on the record.
    let field: String
    /// The record field holding the organization id the second request is about.
    let organizationFrom: String
    let request: RequestTemplate
    /// The field of the second response to copy.
    let value: String

    init(field: String, organizationFrom: String, request: RequestTemplate, value: String) {
        self.field = field
        self.organizationFrom = organizationFrom
        self.request = request
        self.value = value
    }
}

enum RecordSelector: Sendable {
    /// `elements[]`, the usual finder response.
    case elements
    /// The whole body is one record.
    case root
    /// No request: the partition's parent records are the records (a stream derived from others).
    case parents
    /// A batch GET: `results{id: record}`, with failures in `statuses` / `errors`, keyed by the partition's
    /// organization ids or by its parent keys. With `missingIsError` false, an id LinkedIn does not know is a
    /// warning, not a failure (pages of others, which may disappear).
    case batchResults(keyedBy: BatchKeys, missingIsError: Bool)
}

enum BatchKeys: Sendable {
    case organizations
    case parents
}

enum Paging: Sendable {
    case none
    /// `start`/`count` paging. The end is an empty page, `paging.total` items, or the last `next` link; a short page
    /// is not the end (LinkedIn has been seen returning them mid-listing).
    case startCount(pageSize: Int)
}

/// Turns one record per metric into one record per key with the metrics as columns: `{statisticsType: VIEWER,
/// value: 3, timeRange: …}` and `{statisticsType: VIDEO_VIEW, value: 5, …}` become `{viewers: 3, videoViews: 5, …}`.
struct Pivot: Sendable {
    /// The fields that identify a combined record (besides the partition).
    let key: [[String]]
    /// The field naming the metric, and the field holding its value.
    let nameField: String
    let valueField: String
    /// Metric name → column. Metrics a listing did not return are 0 (LinkedIn sends no element for nothing).
    let columns: [(name: String, column: String)]
    /// The listing parameter that names the metric a listing asks for (`type`): its elements take that name, so a
    /// missing or renamed `nameField` in LinkedIn's answer cannot turn every metric into 0.
    let nameFromListing: String?

    init(
        key: [[String]], nameField: String, valueField: String, columns: [(name: String, column: String)],
        nameFromListing: String? = nil
    ) {
        self.key = key
        self.nameField = nameField
        self.valueField = valueField
        self.columns = columns
        self.nameFromListing = nameFromListing
    }
}

/// A listing under each record of a stream: the replies of each comment. Asked only for records the `probe` says
/// have nested records, so a post with a hundred comments and two threads costs three requests, not a hundred.
struct NestedListing: Sendable {
    /// The record field naming the nested listing's subject (a comment's URN).
    let key: String
    /// The nested listing's request; `.parentKey` is the record's key.
    let request: RequestTemplate
    let paging: Paging
    /// A batch request (`.parentKeys`, results keyed by record key) giving each record's count of nested records.
    let probe: RequestTemplate
    let probeBatchSize: Int
    /// Where the count sits in a probe result.
    let probeCount: [String]

    init(
        key: String, request: RequestTemplate, paging: Paging, probe: RequestTemplate, probeBatchSize: Int,
        probeCount: [String]
    ) {
        self.key = key
        self.request = request
        self.paging = paging
        self.probe = probe
        self.probeBatchSize = probeBatchSize
        self.probeCount = probeCount
    }
}
