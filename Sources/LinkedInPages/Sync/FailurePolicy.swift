import AirbyteProtocol

/// Where in a read a request failed: what the failure can cost is decided from this and the stream.
enum FailureSite: Sendable {
    /// Reading one partition of a job (a post, a batch, an organization).
    case partition(Partition)
    /// Everything else that ends a job (listing the parents, the stream's whole read).
    case job
    /// One id of a batch answer (`statuses`/`errors` of a batch GET).
    case batchMember(Organization, missingIsError: Bool)
    /// The counts that tell which parents changed (change detection), from `stream`.
    case signal(stream: String, organization: Organization)
    /// The counts that tell which records have nested ones, for `count` records of a partition.
    case probe(Partition, count: Int)
    /// A field filled by a further request per record.
    case enrichment(field: String, organization: Organization)
}

/// What the read does about a failure.
enum FailureDecision: Sendable {
    /// The run cannot go on (token rejected, version gone, quota spent): TRACE, and no new job starts.
    case stop(LinkedInAPIError)
    /// The job's organization (or the batch member) fails alone: TRACE; the others continue.
    case fail(LinkedInAPIError)
    /// The item is gone or unknown: WARN, and the read goes on without it.
    case skip(warning: String)
    /// Something that only saves requests or fills an extra field is missing: WARN, and the read goes on the
    /// costlier or emptier way.
    case degrade(warning: String)

    /// The failure to report, for `stop` and `fail`.
    var failure: LinkedInAPIError? {
        switch self {
        case .stop(let failure), .fail(let failure): return failure
        case .skip, .degrade: return nil
        }
    }
}

/// The one failure policy of a read: from the error, the stream and where it happened, between stop, fail, skip and
/// degrade. Every place a request can fail asks this; `SyncEngine.report` turns the answer into protocol messages.
enum FailurePolicy {
    static func decide(_ error: Error, stream: StreamDefinition, at site: FailureSite) -> FailureDecision {
        let failure = LinkedInAPIError.wrapping(error, stream: stream.name)
        if failure.scope == .run { return .stop(failure) }
        // Only LinkedIn's answers about one thing are tolerated; anything unexpected fails the job.
        guard error is LinkedInAPIError else { return .fail(failure) }
        let why = failure.connectorError.message
        switch site {
        case .partition(let partition):
            guard failure.status == 404, stream.notFound == .itemGone, !partition.parents.isEmpty else {
                return .fail(failure)
            }
            // A post deleted between its listing and its comments: skip it, not the organization's others.
            return .skip(
                warning: "Stream '\(stream.name)', \(partition.label): skipped, LinkedIn no longer has it (404).")
        case .job:
            return .fail(failure)
        case let .batchMember(organization, missingIsError):
            guard failure.status == 404, !missingIsError else { return .fail(failure) }
            return .skip(
                warning: "Stream '\(stream.name)': LinkedIn knows no organization \(organization.id); it is skipped.")
        case let .signal(signalStream, organization):
            // Without the counts nothing tells which posts changed: read every post, as a full sync would, but emit
            // only what is newer than the cursor.
            return .degrade(
                warning:
                    "Stream '\(stream.name)', organization \(organization.id): the counts of '\(signalStream)' are "
                    + "unavailable (\(why)); every post is read instead.")
        case let .probe(partition, count):
            // Without the counts, ask every record for its nested ones: complete, at a request per record.
            return .degrade(
                warning: "Stream '\(stream.name)', \(partition.label): LinkedIn refused the counts that tell which "
                    + "records have nested ones (\(why)); asking each of \(count).")
        case let .enrichment(field, organization):
            // The record itself is still worth having.
            return .degrade(warning: "Stream '\(stream.name)': no \(field) for organization \(organization.id): \(why)")
        }
    }

}

/// Where a failure decision becomes protocol messages, the one place for a read: TRACE (through the stream's
/// progress, which records it for the stream's status and the summary) for `stop` and `fail`, with `stop` ending
/// the scheduling of new jobs; WARN for `skip` and `degrade`.
struct FailureReporter: Sendable {
    let sink: MessageSink
    /// Where failures are recorded (the stream's output, or the records kept for other streams); nil where failures
    /// are only thrown (the retriever).
    var destination: (any ReadDestination)? = nil
    /// The run's stop reason, set by the first `stop`.
    var stop: Locked<LinkedInAPIError?>? = nil

    /// - Parameter organizations: the organizations a failure is about, when it concerns only them.
    func report(_ decision: FailureDecision, organizations: [Organization] = []) {
        switch decision {
        case .stop(let failure):
            destination?.fail(failure, organizations: organizations)
            stop?.withLock { $0 = $0 ?? failure }
        case .fail(let failure):
            destination?.fail(failure, organizations: organizations)
        case .skip(let warning), .degrade(let warning):
            sink.log(.warn, warning)
        }
    }

    /// Runs `body`; a failure the policy tolerates at `site` is reported (WARN) and gives `fallback`, any other is
    /// thrown as the failure to report where the job ends.
    func tolerating<Value>(
        _ site: FailureSite, stream: StreamDefinition, fallback: Value, _ body: () async throws -> Value
    ) async throws -> Value {
        do {
            return try await body()
        } catch {
            let decision = FailurePolicy.decide(error, stream: stream, at: site)
            if let failure = decision.failure { throw failure }
            report(decision)
            return fallback
        }
    }
}

extension LinkedInAPIError {
    /// Any error as the one failure value the read reports: LinkedIn's own errors as they are, a connector error
    /// (bad config or state found late) as one that stops the run, anything else as a system error of the stream's
    /// organization with the details kept for the log.
    static func wrapping(_ error: Error, stream: String) -> LinkedInAPIError {
        switch error {
        case let error as LinkedInAPIError:
            return error
        case let error as ConnectorError:
            return LinkedInAPIError(connectorError: error, scope: .run, status: nil)
        default:
            return LinkedInAPIError(
                connectorError: .system(
                    "Reading stream '\(stream)' failed unexpectedly; please report this with the log.",
                    internal: "\(error)"),
                scope: .organization, status: nil)
        }
    }
}
