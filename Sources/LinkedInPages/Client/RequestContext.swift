/// Who is asking: named in every log line and error message about a request.
public struct RequestContext: Sendable, Equatable {
    public var stream: String
    public var organization: Organization?

    public init(stream: String, organization: Organization? = nil) {
        self.stream = stream
        self.organization = organization
    }

    var label: String {
        organization.map { "stream '\(stream)', organization \($0.id)" } ?? "stream '\(stream)'"
    }
}
