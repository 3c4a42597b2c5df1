import AirbyteProtocol

/// Where one stream's read goes: the stream's own output (RECORD, STATE, failures: `StreamProgress`), or the records
/// kept for the streams that build on it (`KeptRecords`). The read loop is the same for both; only this differs.
protocol ReadDestination: AnyObject, Sendable {
    /// Records, in the order they were read.
    func emit(records: [JSONObject])
    /// A slice is read: each member partition's state entry (nil: nothing to save).
    func checkpoint(_ entries: [(PartitionKey, JSONObject?)])
    /// A failure the policy does not tolerate, about `organizations` when it concerns only them.
    func fail(_ error: LinkedInAPIError, organizations: [Organization])
    /// More partitions became known (children of a parent, found while reading).
    func planned(partitions: Int)
    func partitionDone()
    /// A failure after which the read goes no further: records kept for other streams are thrown away on one. Nil
    /// for a stream's own output, whose other partitions go on.
    var stoppingFailure: LinkedInAPIError? { get }
}

extension StreamProgress: ReadDestination {
    var stoppingFailure: LinkedInAPIError? { nil }
}

/// The records of a stream read for the streams that build on it: kept in memory, never written, saving no state.
/// A failure the policy does not tolerate is kept too, and thrown by `records()`: the job that needs the records
/// fails with it, as it would had it read them itself.
final class KeptRecords: ReadDestination {
    private let kept = Locked<(records: [JSONObject], failure: LinkedInAPIError?)>(([], nil))

    init() {}

    func emit(records: [JSONObject]) {
        kept.withLock { $0.records += records }
    }

    func fail(_ error: LinkedInAPIError, organizations: [Organization]) {
        kept.withLock { $0.failure = $0.failure ?? error }
    }

    func checkpoint(_ entries: [(PartitionKey, JSONObject?)]) {}
    func planned(partitions: Int) {}
    func partitionDone() {}

    /// The first failure the read kept, if any.
    var stoppingFailure: LinkedInAPIError? { kept.current.failure }

    /// Every record read, or the first failure the read kept.
    func records() throws -> [JSONObject] {
        let (records, failure) = kept.current
        if let failure { throw failure }
        return records
    }
}
