import AirbyteProtocol

/// A change applied to every record of a stream, declared in the registry.
public enum RecordTransform: Sendable {
    /// Sets `field` to the partition's organization URN when LinkedIn's payload lacks it.
    case addOrganizationURN(field: String)
    /// Adds `snapshotDate` (`YYYY-MM-DD`, UTC): a lifetime figure is only history when it says which day it is from.
    case addSnapshotDate
    /// Lifts `timeRange.start` / `timeRange.end` to top-level `timeRangeStart` / `timeRangeEnd` and drops
    /// `timeRange`, the shape Airbyte's connector writes.
    case flattenTimeRange
    /// Fills `field` from the first present of `fallbacks` (LinkedIn renamed fields between versions).
    case coalesce(field: String, fallbacks: [String])
    /// Adds `post` (the URN of the post the record belongs to) and `postLastModifiedAt` (that post's last change,
    /// the cursor of streams that follow posts), when the request was about one post.
    case addParentPost
    /// Keeps, hashes or drops every member identifier in the record, as the config's `member_data` says.
    case memberIdentifiers

    /// Facts about where a record came from.
    public struct Context: Sendable {
        public var organization: Organization?
        public var post: String?
        public var postModifiedAt: Int64?
        public var snapshotDate: String
        public var memberData: MemberDataPolicy
    }

    func apply(to record: inout JSONObject, context: Context) {
        switch self {
        case .addOrganizationURN(let field):
            if record[field] == nil || record[field] == .null, let organization = context.organization {
                record[field] = .string(organization.urn)
            }
        case .addSnapshotDate:
            record["snapshotDate"] = .string(context.snapshotDate)
        case .flattenTimeRange:
            if let range = record["timeRange"] {
                record["timeRangeStart"] = range["start"] ?? .null
                record["timeRangeEnd"] = range["end"] ?? .null
                record["timeRange"] = nil
            }
        case let .coalesce(field, fallbacks):
            guard record[field] == nil || record[field] == .null else { return }
            for fallback in fallbacks {
                if let value = record[fallback], value != .null {
                    record[field] = value
                    return
                }
            }
        case .addParentPost:
            if let post = context.post { record["post"] = .string(post) }
            if let modified = context.postModifiedAt { record["postLastModifiedAt"] = .int(modified) }
        case .memberIdentifiers:
            if case .object(let rewritten) = context.memberData.apply(to: .object(record)) { record = rewritten }
        }
    }
}

extension Array where Element == RecordTransform {
    func apply(to record: inout JSONObject, context: RecordTransform.Context) {
        for transform in self { transform.apply(to: &record, context: context) }
    }
}
