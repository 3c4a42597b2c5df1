import AirbyteProtocol

/// How the values of follower and page statistics facets get names, declared as data: LinkedIn's standardized-data
/// endpoints for URNs (geo, industries, functions, seniorities), and fixed tables for the enums LinkedIn offers no
/// lookup for (staff count ranges, association types).
enum FacetLookup: Sendable {
    /// BATCH_GET `path?ids=List(1,2)` (with `locale` when `localized`), results keyed by the numeric id.
    case batch(path: String, localized: Bool)
    /// GET_ALL `path`, paged: every value at once.
    case all(path: String)
    /// Names known without asking.
    case fixed([String: String])

    /// The lookup for one facet value: by URN type, or by enum.
    static func lookup(for value: String) -> FacetLookup? {
        if value.hasPrefix("urn:li:") {
            let type = value.split(separator: ":").dropFirst(2).first.map(String.init) ?? ""
            return byURNType[type]
        }
        if staffCountRanges[value] != nil { return .fixed(staffCountRanges) }
        if associationTypes[value] != nil { return .fixed(associationTypes) }
        return nil
    }

    /// Lookups by URN type (`urn:li:<type>:<id>`).
    static let byURNType: [String: FacetLookup] = [
        "geo": .batch(path: "geo", localized: true),
        "industry": .batch(path: "industryTaxonomyVersions/DEFAULT/industries", localized: true),
        "function": .all(path: "functions"),
        "seniority": .all(path: "seniorities"),
    ]

    /// LinkedIn's company size buckets (`staffCountRange`), as its UI words them.
    static let staffCountRanges: [String: String] = [
        "SIZE_1": "1 employee", "SIZE_2_TO_10": "2-10 employees", "SIZE_11_TO_50": "11-50 employees",
        "SIZE_51_TO_200": "51-200 employees", "SIZE_201_TO_500": "201-500 employees",
        "SIZE_501_TO_1000": "501-1,000 employees", "SIZE_1001_TO_5000": "1,001-5,000 employees",
        "SIZE_5001_TO_10000": "5,001-10,000 employees", "SIZE_10001_OR_MORE": "10,001+ employees",
    ]

    /// Follower association types. LinkedIn's follower-statistics sample lists `EMPLOYEE` only (the facet counts a
    /// page's staff); `MEMBER` and `ALUMNI` have both been seen in other sources and are named too, so neither
    /// spelling leaves a row unnamed.
    static let associationTypes: [String: String] = [
        "EMPLOYEE": "Employees", "MEMBER": "Members (non-employees)", "ALUMNI": "Alumni",
    ]

    /// A value's name in a lookup response element, in the config's locale (`en_US`) where several are given:
    /// geo's `defaultLocalizedName.value`, or `name.localized.<locale>`, or any localized name, or `name.value`.
    static func name(in element: JSON, locale: String) -> String? {
        if let name = element.value(at: ["defaultLocalizedName", "value"])?.stringValue { return name }
        if let localized = element.value(at: ["name", "localized"])?.objectValue {
            return localized[locale]?.stringValue ?? localized.lazy.compactMap { $0.1.stringValue }.first
        }
        return element.value(at: ["name", "value"])?.stringValue ?? element["name"]?.stringValue
    }

    /// A value's parent where LinkedIn gives one (an industry's broader industry).
    static func parent(in element: JSON) -> String? {
        element["parentIndustries"]?.arrayValue?.first?.stringValue
    }
}

/// What a stream's records get from the facet names of the run: `valueField` names the value, `nameField` and
/// `parentField` receive its name and parent (null, with a warning, where nothing names it), `sourceField` who named
/// it (`FacetNameCache.Source`).
struct FacetNames: Sendable {
    let valueField: String
    let nameField: String
    let parentField: String?
    let sourceField: String?

    init(valueField: String, nameField: String, parentField: String? = nil, sourceField: String? = nil) {
        self.valueField = valueField
        self.nameField = nameField
        self.parentField = parentField
        self.sourceField = sourceField
    }
}
