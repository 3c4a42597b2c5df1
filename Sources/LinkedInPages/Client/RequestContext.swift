/// Who is asking: named in every log line and error message about a request.
struct RequestContext: Sendable, Equatable {
    var stream: String
    var organization: Organization?
    /// What a 404 means for this request, as the stream that sends it declares.
    var notFound: NotFoundMeaning

    /// - Parameter notFound: by default, a request about an organization that LinkedIn does not find names a wrong
    ///   organization id; one about nothing in particular, a missing item.
    init(stream: String, organization: Organization? = nil, notFound: NotFoundMeaning? = nil) {
        self.stream = stream
        self.organization = organization
        self.notFound = notFound ?? (organization == nil ? .itemGone : .wrongOrganization)
    }

    var label: String {
        organization.map { "stream '\(stream)', \($0.label)" } ?? "stream '\(stream)'"
    }
}

/// What LinkedIn's 404 says about a request, which only the stream that sent it knows.
enum NotFoundMeaning: Sendable, Equatable {
    /// The request is about the organization itself: its id is wrong (a config error).
    case wrongOrganization
    /// The request is about an item (a post, a comment, a video) that was deleted or never had data: that item is
    /// skipped, the organization's others are not.
    case itemGone
}
