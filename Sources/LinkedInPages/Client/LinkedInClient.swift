import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one client every stream shares: versioned headers, auth, Rest.li queries, query tunnelling, retries and
/// error mapping, written once. Safe to call from many tasks at once.
final class LinkedInClient: Sendable {
    struct Settings: Sendable {
        var endpoints: Endpoints
        var apiVersion: String
        var retry: RetryPolicy
        /// Whether `apiVersion` was chosen by the user; if not, a 426 makes the client look for a newer version.
        var apiVersionIsPinned: Bool
        /// The clock that says which month's version to probe first.
        var now: @Sendable () -> Date

        init(
            endpoints: Endpoints, apiVersion: String, retry: RetryPolicy = RetryPolicy(),
            apiVersionIsPinned: Bool = true, now: @escaping @Sendable () -> Date = Date.init
        ) {
            self.endpoints = endpoints
            self.apiVersion = apiVersion
            self.retry = retry
            self.apiVersionIsPinned = apiVersionIsPinned
            self.now = now
        }
    }

    let settings: Settings
    private let sender: RetryingSender
    private let tokens: TokenProvider
    private let versions: APIVersionSelector
    /// Requests sent and retry waits, per endpoint and per stream.
    let statistics = RequestStatistics()

    /// - Parameters:
    ///   - sleep: how to wait between retries; tests pass a no-op so retries cost microseconds.
    ///   - onRefreshTokenRotated: called when LinkedIn hands out a new refresh token, to persist it.
    init(
        settings: Settings, credentials: PagesConfig.Credentials, transport: HTTPTransport, sink: MessageSink,
        sleep: (@Sendable (Double) async -> Void)? = nil,
        onRefreshTokenRotated: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.settings = settings
        sender = RetryingSender(
            transport: transport, policy: settings.retry, sink: sink, sleep: sleep ?? RetryingSender.realSleep,
            statistics: statistics)
        tokens = TokenProvider(
            credentials: credentials, tokenURL: settings.endpoints.tokenURL, sender: sender, now: settings.now,
            onRefreshTokenRotated: onRefreshTokenRotated)
        versions = APIVersionSelector(
            initial: settings.apiVersion, pinned: settings.apiVersionIsPinned, now: settings.now, sink: sink)
    }

    /// The LinkedIn-Version requests send now: the configured one, or the one found after a 426.
    var apiVersion: String { versions.current }

    /// HTTP requests sent so far, retries and token refreshes included.
    var requestsSent: Int { statistics.total.requests }

    /// GETs `path` (already encoded, relative to the API base) with a Rest.li query and parses the JSON body.
    ///
    /// - Throws: `LinkedInAPIError` for a failure LinkedIn reported or a body that is not JSON, `ConnectorError`
    ///   when the token cannot be refreshed.
    func get(_ path: String, query: [(String, RestLiValue)] = [], context: RequestContext) async throws -> JSON {
        let queryString = RestLi.query(query)
        let endpoint = "/" + path
        var token = try await tokens.token()
        while true {
            let version = versions.current
            let request = makeRequest(path: path, query: queryString, token: token, version: version)
            let response = try await sender.send(request, context: context, endpoint: endpoint)
            if response.status == 401, let renewed = try await tokens.tokenAfterRejection(of: token) {
                token = renewed
                continue
            }
            if response.status == 426, try await versions.replacement(for: version, probe: probeVersion) != nil {
                continue
            }
            guard (200..<300).contains(response.status) else {
                throw LinkedInAPIError.from(
                    status: response.status, body: response.body, context: context, endpoint: endpoint,
                    apiVersion: version, now: settings.now())
            }
            return try parse(response, context: context, endpoint: endpoint)
        }
    }

    /// Whether LinkedIn accepts `version`, asked with the cheapest request every token may make.
    private func probeVersion(_ version: String) async throws -> Int {
        let token = try await tokens.token()
        let request = makeRequest(
            path: "organizationAcls", query: "q=roleAssignee&count=1", token: token, version: version)
        let context = RequestContext(stream: "API version \(version)")
        return try await sender.send(request, context: context, endpoint: "/organizationAcls").status
    }

    func makeRequest(path: String, query: String, token: String, version: String? = nil) -> HTTPRequest {
        var headers = [
            "Authorization": "Bearer \(token)",
            "LinkedIn-Version": version ?? versions.current,
            "X-Restli-Protocol-Version": "2.0.0",
            "Accept": "application/json",
        ]
        // Rest.li's batch get (`ids=List(...)`) names itself, as LinkedIn's batch examples do; when the query is
        // tunnelled as a POST the header is what keeps it a read.
        if query.hasPrefix("ids=") || query.contains("&ids=") { headers["X-RestLi-Method"] = "BATCH_GET" }
        let url = settings.endpoints.apiBase + "/" + path
        if query.count > RestLi.maxQueryLength {
            headers["X-HTTP-Method-Override"] = "GET"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return HTTPRequest(method: "POST", url: url, headers: headers, body: Array(query.utf8))
        }
        return HTTPRequest(method: "GET", url: query.isEmpty ? url : url + "?" + query, headers: headers)
    }

    private func parse(_ response: HTTPResponse, context: RequestContext, endpoint: String) throws -> JSON {
        if response.body.isEmpty {
            throw LinkedInAPIError.malformed(context: context, endpoint: endpoint, problem: "empty body")
        }
        do {
            let json = try JSON.parse(response.body)
            guard case .object = json else {
                throw LinkedInAPIError.malformed(
                    context: context, endpoint: endpoint, problem: "expected a JSON object, got \(json.typeName)")
            }
            return json
        } catch let error as JSONParseError {
            let looksLikeHTML = response.body.prefix(64).contains(UInt8(ascii: "<"))
            let problem = looksLikeHTML ? "an HTML page where JSON was expected" : "invalid JSON (\(error))"
            throw LinkedInAPIError.malformed(context: context, endpoint: endpoint, problem: problem)
        }
    }
}
