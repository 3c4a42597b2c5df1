import AirbyteProtocol

/// A change applied to every record of a stream, declared in the registry.
enum RecordTransform: Sendable {
    /// Sets `field` to the partition's page URN when LinkedIn's payload lacks it. A showcase page's records always
    /// carry its `urn:li:organizationBrand:` URN there, whatever form LinkedIn answered with, so a warehouse joins
    /// pages of both kinds on one column.
    case addOrganizationURN(field: String)
    /// Adds `snapshotDate` (`YYYY-MM-DD`, UTC): a lifetime figure is only history when it says which day it is from.
    case addSnapshotDate
    /// Lifts `timeRange.start` / `timeRange.end` to top-level `timeRangeStart` / `timeRangeEnd` and drops
    /// `timeRange`, the shape Airbyte's connector writes.
    case flattenTimeRange
    /// Fills `field` from the first present of `fallbacks` (LinkedIn renamed fields between versions).
    case coalesce(field: String, fallbacks: [String])
    /// Sets `field` to the first value present at one of `paths` (e.g. a comment's `lastModified.time`, else its
    /// `created.time`), so a nested time can be a cursor.
    case copyFirst(of: [[String]], to: String)
    /// Counts as top-level integer columns: each column is the integer at its path, 0 when absent (LinkedIn leaves
    /// out the reaction types nobody used).
    case liftCounts([(path: [String], column: String)])
    /// `column` is the sum of `itemField` over the values of the object at `field` (all reactions, whatever type).
    case total(of: String, itemField: String, column: String)
    /// Keeps only these fields, renamed: `(from, to)`.
    case project([(from: String, to: String)])
    /// Keeps, hashes or drops every member identifier in the record, as the config's `member_data` says.
    case memberIdentifiers
    /// Turns each item of every array named `<prefix><Facet>` into a record of its own: `facet` (the array's name
    /// after the prefix, lower camel case), `facetValue` (the item's facet field) and the item's `countsField`
    /// object lifted to the top level; `keep` fields are copied from the parent. The parent record is not emitted.
    case unpivotFacets(prefix: String, countsField: String, keep: [String])
    /// Copies each nested metric to its own top-level column (see `MetricColumn`); the nested objects stay.
    case liftMetrics([MetricColumn])

    /// Facts about where a record came from.
    struct Context: Sendable {
        var organization: Organization?
        var snapshotDate: String
        var memberData: MemberDataPolicy
    }

    /// Applies the transform to one record, which may become several (or none).
    func apply(to record: JSONObject, context: Context) -> [JSONObject] {
        guard case let .unpivotFacets(prefix, countsField, keep) = self else {
            var shaped = record
            apply(to: &shaped, context: context)
            return [shaped]
        }
        var rows: [JSONObject] = []
        Self.unpivot(record, prefix: prefix, countsField: countsField, keep: keep) { rows.append($0) }
        return rows
    }

    /// The rows of `unpivotFacets`, one at a time.
    static func unpivot(
        _ record: JSONObject, prefix: String, countsField: String, keep: [String], _ body: (JSONObject) -> Void
    ) {
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
                body(row)
            }
        }
    }

    /// Applies a one-to-one transform in place (`unpivotFacets` does nothing here).
    func apply(to record: inout JSONObject, context: Context) {
        switch self {
        case .addOrganizationURN(let field):
            if let organization = context.organization,
                record[field] == nil || record[field] == .null || organization.kind == .showcase
            {
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
        case let .copyFirst(paths, field):
            let object = JSON.object(record)
            record[field] = paths.lazy.compactMap { object.value(at: $0) }.first { $0 != .null } ?? .null
        case .liftCounts(let columns):
            let object = JSON.object(record)
            for (path, column) in columns { record[column] = .int(object.value(at: path)?.int64Value ?? 0) }
        case let .total(field, itemField, column):
            let items = record[field]?.objectValue ?? JSONObject()
            record[column] = .int(items.reduce(0) { $0 + ($1.1[itemField]?.int64Value ?? 0) })
        case .project(let fields):
            record = JSONObject(fields.map { ($0.to, record[$0.from] ?? .null) })
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

    /// Applies every transform in order and hands over the results one at a time, so a record that becomes 35,000
    /// rows is never held as 35,000 rows at once.
    func forEachResult(
        of record: JSONObject, from start: Int = 0, context: RecordTransform.Context, _ body: (JSONObject) -> Void
    ) {
        var current = record
        for index in indices where index >= start {
            if case let .unpivotFacets(prefix, countsField, keep) = self[index] {
                RecordTransform.unpivot(current, prefix: prefix, countsField: countsField, keep: keep) { row in
                    forEachResult(of: row, from: index + 1, context: context, body)
                }
                return
            }
            self[index].apply(to: &current, context: context)
        }
        body(current)
    }

    /// Applies every transform in order; the result may hold more or fewer records than went in.
    func apply(to record: JSONObject, context: RecordTransform.Context) -> [JSONObject] {
        var records = [record]
        for transform in self { records = records.flatMap { transform.apply(to: $0, context: context) } }
        return records
    }
}
