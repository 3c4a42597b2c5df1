/// A unit of a stream's work with its own cursor and its own failure: one organization, a batch of them, or the
/// token itself.
public struct Partition: Sendable, Equatable {
    public let organizations: [Organization]

    public static let token = Partition(organizations: [])

    /// The organization of a single-organization partition.
    public var organization: Organization? { organizations.count == 1 ? organizations[0] : nil }

    /// The partitions a stream is split into for these organizations.
    static func partitions(for partitioning: Partitioning, organizations: [Organization]) -> [Partition] {
        switch partitioning {
        case .eachOrganization:
            return organizations.map { Partition(organizations: [$0]) }
        case .organizationBatches(let size):
            return stride(from: 0, to: organizations.count, by: max(1, size)).map {
                Partition(organizations: Array(organizations[$0..<min($0 + size, organizations.count)]))
            }
        case .token:
            return [.token]
        }
    }
}
