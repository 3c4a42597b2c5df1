import AirbyteProtocol
import Testing
@testable import LinkedInPages

/// One policy decides, from the error, the stream and where it happened, what a failure costs.
@Suite struct FailurePolicyTests {
    let organization = Organization("2414183")!
    var comments: StreamDefinition { StreamRegistry.named("post_comments")! }
    var pages: StreamDefinition { StreamRegistry.named("page_statistics")! }

    func error(_ status: Int, _ stream: StreamDefinition) -> LinkedInAPIError {
        LinkedInAPIError.from(
            status: status, body: [], context: stream.requestContext(organization), endpoint: "/x",
            apiVersion: "202608", now: recordedAt)
    }

    var post: Partition {
        Partition(organizations: [organization], parents: [["id": "urn:li:share:1"]], parentKeys: ["urn:li:share:1"])
    }

    @Test func aRejectedTokenStopsTheRunWhereverItHappens() {
        for site in [FailureSite.job, .partition(post), .signal(stream: "s", organization: organization)] {
            guard case .stop = FailurePolicy.decide(error(401, comments), stream: comments, at: site) else {
                Issue.record("\(site) did not stop")
                continue
            }
        }
    }

    @Test func aPostGoneIsSkippedButAPageGoneFailsWithItsId() {
        guard
            case .skip(let warning) = FailurePolicy.decide(error(404, comments), stream: comments, at: .partition(post))
        else {
            Issue.record("a deleted post was not skipped")
            return
        }
        #expect(warning.contains("post_comments") && warning.contains("404"))
        let page = FailurePolicy.decide(
            error(404, pages), stream: pages, at: .partition(Partition(organizations: [organization])))
        #expect(page.failure?.connectorError.message.contains("Check the id") == true)
        #expect(page.failure?.connectorError.failureType == .configError)
    }

    @Test func missingCountsDegradeButAnUnexpectedErrorFailsTheJob() {
        let site = FailureSite.signal(stream: "post_social_metadata", organization: organization)
        guard case .degrade(let warning) = FailurePolicy.decide(error(403, comments), stream: comments, at: site) else {
            Issue.record("missing counts did not degrade")
            return
        }
        #expect(warning.contains("every post is read instead"))
        struct Unexpected: Error {}
        guard case .fail = FailurePolicy.decide(Unexpected(), stream: comments, at: site) else {
            Issue.record("an unexpected error was tolerated")
            return
        }
    }
}
