import AirbyteProtocol

/// A small builder for the JSON Schemas that `discover` declares, so each schema reads like the record it describes.
///
/// Every object allows additional properties: LinkedIn adds fields between versions, and a new field must reach
/// the destination rather than break the sync.
enum Schema {
    static let string: JSON = ["type": ["null", "string"]]
    static let integer: JSON = ["type": ["null", "integer"]]
    static let number: JSON = ["type": ["null", "number"]]
    static let boolean: JSON = ["type": ["null", "boolean"]]
    static let date: JSON = ["type": ["null", "string"], "format": "date"]
    /// Epoch milliseconds, as LinkedIn sends times.
    static let epochMillis: JSON = ["type": ["null", "integer"], "description": "Epoch milliseconds (UTC)."]
    static let anyObject: JSON = ["type": ["null", "object"], "additionalProperties": true]

    static func object(_ properties: KeyValuePairs<String, JSON>) -> JSON {
        object(pairs: properties.map { ($0.key, $0.value) })
    }

    static func object(pairs: [(String, JSON)]) -> JSON {
        ["type": ["null", "object"], "additionalProperties": true, "properties": .object(JSONObject(pairs))]
    }

    /// `schema` with a `description` (what a column means, for the analyst reading the destination's schema).
    static func described(_ schema: JSON, _ text: String) -> JSON {
        guard case .object(var object) = schema else { return schema }
        object["description"] = .string(text)
        return .object(object)
    }

    static func array(of items: JSON) -> JSON {
        ["type": ["null", "array"], "items": items]
    }

    /// The top-level schema of a stream's records.
    static func record(_ properties: KeyValuePairs<String, JSON>) -> JSON {
        var schema = object(properties)
        if case .object(var root) = schema {
            root["$schema"] = "http://json-schema.org/draft-07/schema#"
            root["type"] = "object"
            schema = .object(root)
        }
        return schema
    }
}

extension JSON {
    /// A record schema with a column for each lifted metric after its fields; a column may not reuse a field's name.
    func adding(metrics: [MetricColumn]) -> JSON {
        guard case .object(var root) = self, case .object(var properties)? = root["properties"] else { return self }
        for metric in metrics {
            assert(properties[metric.column] == nil, "metric column \(metric.column) collides with a field")
            properties[metric.column] = metric.schema
        }
        root["properties"] = .object(properties)
        return .object(root)
    }
}
