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
    /// Turns each item of every array named `<prefix><Facet>` into a record of its own: `facet` (the array's name
    /// after the prefix, lower camel case), `facetValue` (the item's facet field) and the item's `countsField`
    /// object lifted to the top level; `keep` fields are copied from the parent. The parent record is not emitted.
    case unpivotFacets(prefix: String, countsField: String, keep: [String])
    /// Copies each nested metric to its own top-level column (see `MetricColumn`); the nested objects stay.
    case liftMetrics([MetricColumn])

    /// Facts about where a record came from.
    public struct Context: Sendable {
        public var organization: Organization?
        public var post: String?
        public var postModifiedAt: Int64?
        public var snapshotDate: String
        public var memberData: MemberDataPolicy
    }

    /// Applies the transform to one record, which may become several (or none).
    func apply(to record: JSONObject, context: Context) -> [JSONObject] {
        guard case let .unpivotFacets(prefix, countsField, keep) = self else {
            var shaped = record
            apply(to: &shaped, context: context)
            return [shaped]
        }
        var rows: [JSONObject] = []
        for (name, value) in record where name.hasPrefix(prefix) && name.count > prefix.count {
            let facetName = name.dropFirst(prefix.count)
            let facet = facetName.prefix(1).lowercased() + facetName.dropFirst()
            for item in value.arrayValue ?? [] {
                guard case .object(let entry) = item else { continue }
                var row = JSONObject()
                for field in keep { if let kept = record[field] { row[field] = kept } }
                row["facet"] = .string(facet)
                row["facetValue"] = entry.first { $0.0 != countsField }?.1 ?? .null
                for (key, count) in entry[countsField]?.objectValue ?? JSONObject() { row[key] = count }
                rows.append(row)
            }
        }
        return rows
    }

    /// Applies a one-to-one transform in place (`unpivotFacets` does nothing here).
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
        case .liftMetrics(let columns):
            for metric in columns {
                if let value = metric.value(in: record) { record[metric.column] = value }
            }
        case .unpivotFacets:
            break  // one record to many: handled by apply(to:context:) -> [JSONObject]
        }
    }
}

extension Array where Element == RecordTransform {
    /// True when every transform maps one record to one record, so the in-place path applies.
    var isOneToOne: Bool {
        !contains { if case .unpivotFacets = $0 { return true } else { return false } }
    }

    /// Applies every one-to-one transform in order, in place: the hot path for most streams.
    func apply(to record: inout JSONObject, context: RecordTransform.Context) {
        for transform in self { transform.apply(to: &record, context: context) }
    }

    /// Applies every transform in order; the result may hold more or fewer records than went in.
    func apply(to record: JSONObject, context: RecordTransform.Context) -> [JSONObject] {
        var records = [record]
        for transform in self { records = records.flatMap { transform.apply(to: $0, context: context) } }
        return records
    }
}
