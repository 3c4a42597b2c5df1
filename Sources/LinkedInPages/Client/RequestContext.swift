/// Who is asking: named in every log line and error message about a request.
struct RequestContext: Sendable, Equatable {
    var stream: String
    var organization: Organization?

    init(stream: String, organization: Organization? = nil) {
        self.stream = stream
        self.organization = organization
    }

    var label: String {
        organization.map { "stream '\(stream)', \($0.label)" } ?? "stream '\(stream)'"
    }
}
