import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages

@Suite struct LinkedInClientTests {
    let organization = Organization("2414183")!
    var context: RequestContext { RequestContext(stream: "follower_statistics", organization: organization) }

    @Test func sendsVersionedRestLiRequestWithBearerToken() async throws {
        let transport = ScriptedTransport(responses: [response(200, fixture: "network_size_2414183.json")])
        let client = makeClient(transport, apiVersion: "202607")
        let body = try await client.get(
            "networkSizes/" + RestLi.pathKey(organization.urn), query: [("edgeType", "COMPANY_FOLLOWED_BY_MEMBER")],
            context: context)
        #expect(body["firstDegreeSize"]?.int64Value != nil)
        let sent = try #require(transport.requests.first)
        #expect(sent.method == "GET")
        #expect(
            sent.url
                == "https://api.test/rest/networkSizes/urn%3Ali%3Aorganization%3A2414183?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
        )
        #expect(sent.headers["Authorization"] == "Bearer test-access-token")
        #expect(sent.headers["LinkedIn-Version"] == "202607")
        #expect(sent.headers["X-Restli-Protocol-Version"] == "2.0.0")
    }

    @Test func longQueriesAreTunnelledAsPost() async throws {
        let transport = ScriptedTransport(responses: [response(200, #"{"elements":[]}"#)])
        let shares = (0..<200).map { RestLiValue.string("urn:li:share:70000000000000000\($0)") }
        _ = try await makeClient(transport).get(
            "organizationalEntityShareStatistics", query: [("shares", .list(shares))], context: context)
        let sent = try #require(transport.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.url == "https://api.test/rest/organizationalEntityShareStatistics")
        #expect(sent.headers["X-HTTP-Method-Override"] == "GET")
        #expect(sent.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(String(decoding: sent.body ?? [], as: UTF8.self).hasPrefix("shares=List(urn%3Ali%3Ashare%3A"))
    }

    @Test func oauthRefreshesOnceSharesTheTokenAndRegistersItAsSecret() async throws {
        let sink = MemorySink()
        let transport = ScriptedTransport([
            { request in
                #expect(request.url == testEndpoints.tokenURL)
                let form = String(decoding: request.body ?? [], as: UTF8.self)
                #expect(
                    form
                        == "grant_type=refresh_token&refresh_token=AQX-configured-refresh-token&client_id=cid&client_secret=csecret"
                )
                return response(200, fixture: "oauth_token_refreshed.json")
            },
            { _ in response(200, #"{"elements":[]}"#) },
        ])
        let client = makeClient(
            transport,
            credentials: .oauth(clientID: "cid", clientSecret: "csecret", refreshToken: "AQX-configured-refresh-token"),
            sink: sink)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { _ = try await client.get("x", context: context) } }
            try await group.waitForAll()
        }
        #expect(transport.requests.filter { $0.url == testEndpoints.tokenURL }.count == 1)
        #expect(transport.requests.last?.headers["Authorization"] == "Bearer AQV-refreshed-access-token-0123456789")
        #expect(sink.masker.mask("AQV-refreshed-access-token-0123456789") == "****")
        #expect(sink.messages.isEmpty)  // same refresh token, far expiry: no CONTROL, no warning
    }

    @Test func a401RefreshesOnceAndRetriesThenGivesAnActionableConfigError() async throws {
        let transport = ScriptedTransport([
            { _ in response(200, fixture: "oauth_token_refreshed.json") },
            { _ in response(401, fixture: "error_401_revoked.json") },
            { _ in response(200, fixture: "oauth_token_rotated_expiring.json") },
            { _ in response(401, fixture: "error_401_revoked.json") },
        ])
        let client = makeClient(
            transport,
            credentials: .oauth(clientID: "c", clientSecret: "s", refreshToken: "AQX-configured-refresh-token"))
        let error = await #expect(throws: LinkedInAPIError.self) { _ = try await client.get("x", context: context) }
        #expect(transport.requests.count == 4)  // refresh, 401, one more refresh, 401 again
        #expect(error?.connectorError.failureType == .configError)
        #expect(error?.scope == .run)
        #expect(error?.connectorError.message.contains("expired or revoked") == true)
        #expect(error?.connectorError.message.contains("re-authorize") == true)
    }

    @Test func concurrent401sShareOneRefreshAndAllSucceed() async throws {
        let refreshed = Locked(0)
        let transport = ScriptedTransport([
            { request in
                if request.url == testEndpoints.tokenURL {
                    let count = refreshed.withLock { count -> Int in
                        count += 1
                        return count
                    }
                    return response(
                        200, fixture: count == 1 ? "oauth_token_refreshed.json" : "oauth_token_rotated_expiring.json")
                }
                // The first token LinkedIn handed out has been revoked; the second works.
                return request.headers["Authorization"] == "Bearer AQV-refreshed-access-token-0123456789"
                    ? response(401, fixture: "error_401_revoked.json") : response(200, #"{"elements":[]}"#)
            }
        ])
        let client = makeClient(
            transport,
            credentials: .oauth(clientID: "c", clientSecret: "s", refreshToken: "AQX-configured-refresh-token"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await client.get("x", context: context) } }
            try await group.waitForAll()
        }
        #expect(refreshed.current == 2)  // the first token, then one refresh after the 401s
    }

    @Test func accessToken401IsAConfigErrorWithoutRetry() async throws {
        let transport = ScriptedTransport(responses: [response(401, fixture: "error_401_revoked.json")])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport).get("x", context: context)
        }
        #expect(transport.requests.count == 1)
        #expect(error?.connectorError.message.contains("REVOKED_ACCESS_TOKEN") == true)
    }

    @Test func invalidRefreshTokenSaysSoInsteadOfAnOpaque400() async throws {
        let transport = ScriptedTransport(responses: [response(400, fixture: "oauth_error_invalid_grant.json")])
        let client = makeClient(
            transport, credentials: .oauth(clientID: "c", clientSecret: "s", refreshToken: "r-token"))
        let error = await #expect(throws: ConnectorError.self) { _ = try await client.get("x", context: context) }
        #expect(error?.failureType == .configError)
        #expect(error?.message.contains("refresh token is invalid or expired") == true)
        #expect(error?.message.contains("Re-authorize") == true)
    }

    @Test func rotatedRefreshTokenIsReportedAndExpiryWarned() async throws {
        let sink = MemorySink()
        let rotated = Locked<String?>(nil)
        let transport = ScriptedTransport([
            { _ in response(200, fixture: "oauth_token_rotated_expiring.json") },
            { _ in response(200, #"{"elements":[]}"#) },
        ])
        let client = makeClient(
            transport,
            credentials: .oauth(clientID: "c", clientSecret: "s", refreshToken: "AQX-configured-refresh-token"),
            sink: sink, onRotation: { token in rotated.withLock { $0 = token } })
        _ = try await client.get("x", context: context)
        #expect(rotated.current == "AQX-rotated-refresh-token-new")
        #expect(sink.masker.mask("AQX-rotated-refresh-token-new") == "****")
        #expect(sink.logs.contains { $0.contains("refresh token expires on") && $0.contains("in 14 days") })
    }

    @Test func sunsetVersionNamesTheVersionAndTheFix() async throws {
        let transport = ScriptedTransport(responses: [response(426, fixture: "error_426_version.json")])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport, apiVersion: "202403").get("x", context: context)
        }
        #expect(error?.connectorError.failureType == .configError)
        #expect(error?.connectorError.message.contains("202403") == true)
        #expect(error?.connectorError.message.contains("api_version") == true)
    }

    @Test func rateLimitIsRetriedThenSucceeds() async throws {
        let sink = MemorySink()
        let transport = ScriptedTransport([
            { _ in response(429, fixture: "error_429_quota.json") },
            { _ in response(503, "") },
            { _ in response(200, #"{"elements":[{"a":1}]}"#) },
        ])
        let body = try await makeClient(transport, sink: sink).get("x", context: context)
        #expect(body["elements"]?.arrayValue?.count == 1)
        #expect(transport.requests.count == 3)
        let waits = sink.logs.filter { $0.contains("retry") }
        #expect(waits.count == 2)
        #expect(
            waits[0].contains("HTTP 429") && waits[0].contains("follower_statistics") && waits[0].contains("2414183"))
    }

    @Test func rateLimitExhaustedIsTransientWithQuotaAdvice() async throws {
        let transport = ScriptedTransport(responses: [response(429, fixture: "error_429_quota.json")])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport).get("x", context: context)
        }
        #expect(transport.requests.count == 5)
        #expect(error?.connectorError.failureType == .transientError)
        #expect(error?.connectorError.message.contains("00:00 UTC") == true)
        #expect(error?.connectorError.message.contains("Analytics") == true)
        #expect(error?.quotaReset != nil)
    }

    @Test func retryAfterIsHonouredAndHugeOnesAreNotSleptOn() async throws {
        let waits = Locked<[Double]>([])
        let transport = ScriptedTransport([
            { _ in response(429, "", headers: ["Retry-After": "7"]) },
            { _ in response(429, "", headers: ["Retry-After": "86400"]) },
        ])
        let client = LinkedInClient(
            settings: .init(endpoints: testEndpoints, apiVersion: "202608", retry: instantRetries),
            credentials: .accessToken("t-token"), transport: transport, sink: MemorySink(),
            sleep: { seconds in waits.withLock { $0.append(seconds) } })
        await #expect(throws: LinkedInAPIError.self) { _ = try await client.get("x", context: context) }
        #expect(waits.current == [7])
        #expect(transport.requests.count == 2)
    }

    @Test func connectionErrorsAndTimeoutsAreRetried() async throws {
        let transport = ScriptedTransport([
            { _ in throw TransportError.timedOut },
            { _ in throw TransportError.connectionFailed("reset") },
            { _ in response(200, "{}") },
        ])
        _ = try await makeClient(transport).get("x", context: context)
        #expect(transport.requests.count == 3)
    }

    @Test func aMissingPageIsAWrongIdAndAMissingPostIsADeletionAsTheStreamSays() {
        let organization = Organization("2414183")
        let page = LinkedInAPIError.from(
            status: 404, body: [], context: RequestContext(stream: "page_statistics", organization: organization),
            endpoint: "/organizationPageStatistics", apiVersion: "202608", now: recordedAt)
        #expect(page.connectorError.message.contains("Check the id") && page.connectorError.failureType == .configError)
        let post = LinkedInAPIError.from(
            status: 404, body: [],
            context: RequestContext(stream: "post_comments", organization: organization, notFound: .itemGone),
            endpoint: "/socialActions/urn%3Ali%3Ashare%3A1/comments", apiVersion: "202608", now: recordedAt)
        #expect(
            post.connectorError.message.contains("may have been deleted")
                && !post.connectorError.message.contains("Check the id"))
        // The registry's streams say it: children of posts are about items, page streams about the page.
        #expect(StreamRegistry.named("post_comments")?.notFound == .itemGone)
        #expect(StreamRegistry.named("video_analytics")?.notFound == .itemGone)
        #expect(StreamRegistry.named("page_statistics")?.notFound == .wrongOrganization)
        #expect(StreamRegistry.named("total_follower_count")?.notFound == .wrongOrganization)
    }

    @Test func aTransportThatCannotWorkHereIsNotRetriedAndStopsTheRun() async throws {
        let transport = ScriptedTransport([
            { _ in throw TransportError.unavailable("cannot load libcurl (libcurl.so.4)") }
        ])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport).get("x", context: context)
        }
        #expect(transport.requests.count == 1)
        #expect(error?.scope == .run && error?.connectorError.message.contains("libcurl") == true)
    }

    @Test func forbiddenNamesOrganizationAndPermissions() async throws {
        let transport = ScriptedTransport(responses: [response(403, fixture: "error_403_not_admin.json")])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport).get("x", context: context)
        }
        let message = error?.connectorError.message ?? ""
        #expect(error?.scope == .organization)
        #expect(message.contains("organization 2414183"))
        #expect(
            message.contains("ADMINISTRATOR") && message.contains("rw_organization_admin")
                && message.contains("r_organization_social"))
    }

    @Test func badRequestQuotesLinkedInsMessageAndCode() async throws {
        let transport = ScriptedTransport(responses: [
            response(400, #"{"status":400,"serviceErrorCode":100,"message":"Unpermitted fields present in PARAMETER"}"#)
        ])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport).get("x", context: context)
        }
        #expect(error?.connectorError.message.contains("Unpermitted fields present in PARAMETER") == true)
        #expect(error?.connectorError.message.contains("serviceErrorCode 100") == true)
        #expect(error?.connectorError.failureType == .systemError)
    }

    @Test func aRejectedTimeWindowExplainsLinkedInsDateRules() async throws {
        let transport = ScriptedTransport(responses: [response(400, fixture: "error_400_time_intervals.json")])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport).get("x", context: context)
        }
        #expect(error?.connectorError.message.contains("Invalid timeIntervals parameter") == true)
        #expect(
            error?.connectorError.message.contains("12 months") == true
                && error?.connectorError.message.contains("start_date") == true)
        #expect(error?.connectorError.failureType == .configError)
    }

    @Test(arguments: [
        ("{\"elements\":[{\"a\":", "invalid JSON"), ("<html><body>Service Unavailable</body></html>", "HTML"),
        ("", "empty body"), ("[1,2]", "expected a JSON object"),
    ])
    func unreadableBodiesAreSystemErrorsNamingStreamAndEndpoint(_ body: String, _ problem: String) async throws {
        let transport = ScriptedTransport(responses: [response(200, body)])
        let error = await #expect(throws: LinkedInAPIError.self) {
            _ = try await makeClient(transport).get("organizationalEntityFollowerStatistics", context: context)
        }
        #expect(error?.connectorError.failureType == .systemError)
        #expect(error?.connectorError.message.contains(problem) == true)
        #expect(error?.connectorError.message.contains("follower_statistics") == true)
        #expect(error?.connectorError.message.contains("/organizationalEntityFollowerStatistics") == true)
    }

    @Test func endpointsComeOnlyFromTheEnvironment() {
        #expect(Endpoints.fromEnvironment([:]) == Endpoints())
        #expect(Endpoints().tokenURL == "https://www.linkedin.com/oauth/v2/accessToken")
        let moved = Endpoints.fromEnvironment([
            "LINKEDIN_API_BASE_URL": "http://127.0.0.1:9/rest/", "LINKEDIN_OAUTH_TOKEN_URL": "http://127.0.0.1:9/t",
        ])
        #expect(moved.apiBase == "http://127.0.0.1:9/rest")
        #expect(moved.tokenURL == "http://127.0.0.1:9/t")
    }
}
