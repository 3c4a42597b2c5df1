#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where requests go. Only the environment can move them (tests and demos); the config cannot, so a shared
/// connection can never be pointed at a server that would collect its token.
public struct Endpoints: Sendable, Equatable {
    public static let defaultAPIBase = "https://api.linkedin.com/rest"
    public static let defaultTokenURL = "https://www.linkedin.com/oauth/v2/accessToken"

    public var apiBase: String
    public var tokenURL: String

    public init(apiBase: String = Endpoints.defaultAPIBase, tokenURL: String = Endpoints.defaultTokenURL) {
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.tokenURL = tokenURL
    }

    /// `LINKEDIN_API_BASE_URL` and `LINKEDIN_OAUTH_TOKEN_URL` override the defaults.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Endpoints
    {
        Endpoints(
            apiBase: environment["LINKEDIN_API_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultAPIBase,
            tokenURL: environment["LINKEDIN_OAUTH_TOKEN_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultTokenURL)
    }
}
