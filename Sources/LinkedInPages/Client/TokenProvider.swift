import AirbyteProtocol
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Supplies the bearer token: the configured access token, or one obtained from a refresh token.
///
/// With OAuth, concurrent callers share one refresh (at most one more after a 401) and the token is reused until
/// `expires_in` runs out. Every token obtained is registered with the sink's masker before anyone can print it.
actor TokenProvider {
    private let credentials: PagesConfig.Credentials
    private let tokenURL: String
    private let sender: RetryingSender
    private let onRefreshTokenRotated: @Sendable (String) -> Void
    private let now: @Sendable () -> Date

    private var current: (token: String, expires: Date)?
    private var pending: Task<String, Error>?
    private var refreshesAfterRejection = 0

    init(
        credentials: PagesConfig.Credentials, tokenURL: String, sender: RetryingSender,
        now: @escaping @Sendable () -> Date,
        onRefreshTokenRotated: @escaping @Sendable (String) -> Void
    ) {
        self.credentials = credentials
        self.tokenURL = tokenURL
        self.sender = sender
        self.now = now
        self.onRefreshTokenRotated = onRefreshTokenRotated
    }

    var canRefresh: Bool {
        if case .oauth = credentials { return true }
        return false
    }

    func token() async throws -> String {
        if case .accessToken(let token) = credentials { return token }
        if let current, current.expires > now() { return current.token }
        if let pending { return try await pending.value }
        let task = Task { try await self.refresh() }
        pending = task
        defer { pending = nil }
        return try await task.value
    }

    /// After a 401: refresh once per run if OAuth allows, and return the new token; nil when nothing more can be done.
    func tokenAfterRejection(of rejected: String) async throws -> String? {
        guard canRefresh else { return nil }
        if let pending { return try await pending.value }  // a refresh is under way: share it
        if let current, current.token != rejected { return current.token }  // someone already refreshed
        guard refreshesAfterRejection == 0 else { return nil }
        refreshesAfterRejection += 1
        current = nil
        return try await token()
    }

    private func refresh() async throws -> String {
        guard case let .oauth(clientID, clientSecret, refreshToken) = credentials else { return "" }
        let form = [
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientID),
            ("client_secret", clientSecret),
        ].map { "\($0.0)=\(RestLi.encodeLeaf($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(
            method: "POST", url: tokenURL,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Array(form.utf8))
        let context = RequestContext(stream: "authentication")
        let response = try await sender.send(request, context: context, endpoint: "oauth/v2/accessToken")
        guard (200..<300).contains(response.status) else { throw Self.refreshError(response) }
        guard let json = try? JSON.parse(response.body), let token = json["access_token"]?.stringValue, !token.isEmpty
        else {
            throw ConnectorError.system(
                "LinkedIn's token endpoint answered without an access_token; try again, and re-authorize if it persists."
            )
        }
        sender.sink.registerSecret(token)
        let lifetime = Double(json["expires_in"]?.int64Value ?? 3600)
        // Renew a minute early so a request never leaves with a token about to lapse.
        current = (token, now().addingTimeInterval(max(0, lifetime - 60)))
        if let rotated = json["refresh_token"]?.stringValue, !rotated.isEmpty, rotated != refreshToken {
            sender.sink.registerSecret(rotated)
            onRefreshTokenRotated(rotated)
        }
        if let remaining = json["refresh_token_expires_in"]?.int64Value, remaining < 30 * 86_400 {
            let expiry = now().addingTimeInterval(Double(remaining))
            let date = UTCCalendar.dayString(UTCCalendar.millis(expiry))
            sender.sink.log(
                .warn,
                "The LinkedIn refresh token expires on \(date) (in \(remaining / 86_400) days). Re-authorize the "
                    + "connection before then; LinkedIn does not extend a refresh token when it is used.")
        }
        return token
    }

    static func refreshError(_ response: HTTPResponse) -> ConnectorError {
        let details = LinkedInErrorBody(response.body)
        let said = details.summary.map { " LinkedIn said: \($0)." } ?? ""
        switch response.status {
        case 400, 401:
            return .config(
                "LinkedIn refused to refresh the access token: the refresh token is invalid or expired, or the client "
                    + "ID and secret do not match the app that issued it.\(said) Re-authorize the connection to get a "
                    + "new refresh token (refresh tokens last 365 days from the first authorization).",
                internal: "HTTP \(response.status) from oauth/v2/accessToken.\(said)")
        default:
            return .transient(
                "LinkedIn's token endpoint failed with HTTP \(response.status).\(said) Try again later.",
                internal: "HTTP \(response.status) from oauth/v2/accessToken")
        }
    }
}
