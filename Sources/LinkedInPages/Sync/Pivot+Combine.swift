import AirbyteProtocol

extension Pivot {
    /// One listing's elements, each named after the metric the request asked for (when the pivot says which
    /// parameter names it), whatever the answer calls it.
    func tagged(_ records: [PartitionReader.Extracted], listing: [(String, RestLiValue)])
        -> [PartitionReader.Extracted]
    {
        guard let parameter = nameFromListing, case .string(let name)? = listing.first(where: { $0.0 == parameter })?.1
        else { return records }
        return records.map { item in
            var item = item
            item.record[nameField] = .string(name)
            return item
        }
    }

    /// One record per key, in the order keys first appear: the first record's fields (without the metric name and
    /// value) plus one column per metric, 0 for a metric no record carried.
    func combine(_ records: [PartitionReader.Extracted]) -> [PartitionReader.Extracted] {
        var order: [String] = []
        var groups: [String: [PartitionReader.Extracted]] = [:]
        for item in records {
            let key = self.key.map { JSON.object(item.record).value(at: $0)?.serialized ?? "null" }.joined(
                separator: ",")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(item)
        }
        return order.compactMap { key in
            guard let group = groups[key], var combined = group.first else { return nil }
            combined.record[nameField] = nil
            combined.record[valueField] = nil
            for (name, column) in columns {
                let values = group.filter { $0.record[nameField]?.stringValue == name }
                combined.record[column] = .int(values.reduce(0) { $0 + ($1.record[valueField]?.int64Value ?? 0) })
            }
            return combined
        }
    }
}

extension StreamDefinition {
    /// The stream as its nested listing reads it: the same shaping, the nested request, one listing, no nesting.
    func nestedListing(_ nested: NestedListing) -> StreamDefinition {
        StreamDefinition(
            name: name, request: nested.request, router: router, records: records, paging: nested.paging,
            cursor: cursor, transforms: transforms, enrichments: enrichments, primaryKey: primaryKey, schema: schema)
    }
}
