import AirbyteProtocol

/// The connector's specification, parsed once from the copy of spec.json compiled into the binary.
enum Specification {
    static let json: JSON = {
        do {
            return try JSON.parse(SpecDocument.text)
        } catch {
            // spec.json is checked by a unit test; reaching this means the build embedded a broken file.
            return ["connectionSpecification": ["type": "object"]]
        }
    }()
}
