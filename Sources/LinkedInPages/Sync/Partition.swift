/// A unit of a stream's work with its own cursor and its own failure: one organization, a batch of them, or the
/// token itself.
public struct Partition: Sendable, Equatable {
    public let organizations: [Organization]
    /// Post URNs, for streams whose requests go per post.
    public let posts: [String]
    /// When the partition is one post: its last change (epoch ms).
    public let postModifiedAt: Int64?

    public init(organizations: [Organization], posts: [String] = [], postModifiedAt: Int64? = nil) {
        self.organizations = organizations
        self.posts = posts
        self.postModifiedAt = postModifiedAt
    }

    public static let token = Partition(organizations: [])

    /// The organization of a single-organization partition.
    public var organization: Organization? { organizations.count == 1 ? organizations[0] : nil }

    /// The partitions a stream is split into, for the administered and the compared organizations.
    static func partitions(
        for partitioning: Partitioning, organizations: [Organization], compared: [Organization] = []
    ) -> [Partition] {
        switch partitioning {
        case .eachOrganization, .postsOfOrganization:
            return organizations.map { Partition(organizations: [$0]) }
        case .organizationBatches(let size):
            return batches(of: organizations, size: size)
        case .comparedOrganizationBatches(let size):
            return batches(of: compared, size: size)
        case .token:
            return [.token]
        }
    }

    private static func batches(of organizations: [Organization], size: Int) -> [Partition] {
        stride(from: 0, to: organizations.count, by: max(1, size)).map {
            Partition(organizations: Array(organizations[$0..<min($0 + size, organizations.count)]))
        }
    }
}
