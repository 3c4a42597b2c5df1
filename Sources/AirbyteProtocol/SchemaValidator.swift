/// Checks a JSON value against the subset of JSON Schema that Airbyte specs and stream schemas use:
/// `type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`, `pattern`, `minimum`,
/// `maximum`, `minItems`, `minLength` and `oneOf`.
///
/// Violations name the field by its path (`credentials.access_token`) and never quote a value whose schema is
/// marked `airbyte_secret`.
public struct SchemaValidator: Sendable {
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let problem: String
        public var description: String { path.isEmpty ? "the config \(problem)" : "\(path) \(problem)" }
    }

    public let schema: JSON

    public init(schema: JSON) { self.schema = schema }

    public func violations(of value: JSON) -> [Violation] {
        var found: [Violation] = []
        validate(value, against: schema, path: "", into: &found)
        return found
    }

    private func validate(_ value: JSON, against schema: JSON, path: String, into found: inout [Violation]) {
        guard case .object(let rules) = schema else { return }
        let secret = rules["airbyte_secret"]?.boolValue == true
        func shown(_ value: JSON) -> String { secret ? "" : " (got \(value.serialized.prefix(80)))" }

        if let types = rules["type"], !Self.matches(value, types: types) {
            let expected =
                types.arrayValue?.compactMap(\.stringValue).joined(separator: " or ") ?? types.stringValue ?? "?"
            found.append(Violation(path: path, problem: "must be \(expected), not \(value.typeName)"))
            return
        }
        if let constant = rules["const"], constant != value {
            found.append(Violation(path: path, problem: "must be \(constant.serialized)\(shown(value))"))
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            let list = options.map(\.serialized).joined(separator: ", ")
            found.append(Violation(path: path, problem: "must be one of \(list)\(shown(value))"))
        }
        switch value {
        case .string(let text):
            if let pattern = rules["pattern"]?.stringValue, !Self.string(text, matches: pattern) {
                let hint = rules["pattern_descriptor"]?.stringValue ?? pattern
                found.append(Violation(path: path, problem: "must match \(hint)\(shown(value))"))
            }
            if let minimum = rules["minLength"]?.int64Value, text.count < minimum {
                found.append(Violation(path: path, problem: "must not be empty"))
            }
        case .int, .double:
            let number = value.doubleValue ?? 0
            if let minimum = rules["minimum"]?.doubleValue, number < minimum {
                found.append(Violation(path: path, problem: "must be at least \(rules["minimum"]!.serialized)"))
            }
            if let maximum = rules["maximum"]?.doubleValue, number > maximum {
                found.append(Violation(path: path, problem: "must be at most \(rules["maximum"]!.serialized)"))
            }
        case .array(let elements):
            if let minimum = rules["minItems"]?.int64Value, elements.count < minimum {
                found.append(Violation(path: path, problem: "must have at least \(minimum) item(s)"))
            }
            if let items = rules["items"] {
                for (index, element) in elements.enumerated() {
                    validate(element, against: items, path: "\(path)[\(index)]", into: &found)
                }
            }
        case .object(let object):
            validateObject(object, rules: rules, path: path, into: &found)
        default:
            break
        }
        if let options = rules["oneOf"]?.arrayValue {
            validateOneOf(value, options: options, path: path, into: &found)
        }
    }

    private func validateObject(_ object: JSONObject, rules: JSONObject, path: String, into found: inout [Violation]) {
        let properties = rules["properties"]?.objectValue ?? JSONObject()
        for required in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[required] == nil {
            found.append(Violation(path: Self.join(path, required), problem: "is required"))
        }
        for (key, child) in object {
            if let childSchema = properties[key] {
                validate(child, against: childSchema, path: Self.join(path, key), into: &found)
            } else if rules["additionalProperties"] == .bool(false) {
                found.append(Violation(path: Self.join(path, key), problem: "is not a known field"))
            }
        }
    }

    /// Picks the branch whose `const` discriminator matches; without one, the value must fit exactly one branch.
    private func validateOneOf(_ value: JSON, options: [JSON], path: String, into found: inout [Violation]) {
        for option in options {
            for (key, property) in option["properties"]?.objectValue ?? JSONObject() {
                if let constant = property["const"], value[key] == constant {
                    validate(value, against: option, path: path, into: &found)
                    return
                }
            }
        }
        var branchViolations: [[Violation]] = []
        for option in options {
            var violations: [Violation] = []
            validate(value, against: option, path: path, into: &violations)
            if violations.isEmpty { return }
            branchViolations.append(violations)
        }
        let titles = options.enumerated().map { $1["title"]?.stringValue ?? "option \($0 + 1)" }
        let closest = branchViolations.min { $0.count < $1.count }?.first
        let detail = closest.map { "; closest (\($0.description))" } ?? ""
        found.append(
            Violation(path: path, problem: "matches none of: \(titles.joined(separator: ", "))\(detail)"))
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    static func matches(_ value: JSON, types: JSON) -> Bool {
        let names = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue ?? ""]
        return names.contains { name in
            switch (name, value) {
            case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
                return true
            case ("integer", .int): return true
            case ("integer", .double(let number)): return number.rounded() == number
            case ("number", .int), ("number", .double): return true
            default: return false
            }
        }
    }

    private static let patternCache = Locked<[String: Pattern?]>([:])

    static func string(_ text: String, matches pattern: String) -> Bool {
        let compiled = patternCache.withLock { cache -> Pattern? in
            if let cached = cache[pattern] { return cached }
            let compiled = Pattern(pattern)
            cache[pattern] = compiled
            return compiled
        }
        // A pattern outside the supported subset is a schema limitation, not the user's fault; don't block on it.
        return compiled?.matches(text) ?? true
    }
}
