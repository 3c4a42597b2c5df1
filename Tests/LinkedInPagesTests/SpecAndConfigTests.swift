import AirbyteProtocol
import Foundation
import Testing
@testable import LinkedInPages

@Suite struct SpecAndConfigTests {
    @Test func embeddedSpecIsExactlySpecJSON() throws {
        let root = fixtureDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let onDisk = try JSON.parse([UInt8](Data(contentsOf: root.appendingPathComponent("spec.json"))))
        #expect(LinkedInPagesSource().specification == onDisk, "run scripts/embed-spec after editing spec.json")
    }

    @Test func specIsASupersetOfAirbytesAndMarksSecrets() throws {
        let properties = try #require(Specification.json["connectionSpecification"]?["properties"]?.objectValue)
        for key in [
            "credentials", "org_id", "start_date", "time_granularity_type", "api_version", "org_ids", "lookback_days",
            "max_concurrency",
        ] {
            #expect(properties[key] != nil, "\(key)")
        }
        let branches = try #require(properties["credentials"]?["oneOf"]?.arrayValue)
        #expect(branches[0]["properties"]?["auth_method"]?["const"] == "oAuth2.0")  // OAuth first, as Airbyte requires
        #expect(branches[1]["properties"]?["auth_method"]?["const"] == "access_token")
        for (branch, key) in [(0, "client_id"), (0, "client_secret"), (0, "refresh_token"), (1, "access_token")] {
            #expect(branches[branch]["properties"]?[key]?["airbyte_secret"] == true, "\(key)")
        }
        #expect(Specification.json["advanced_auth"]?["predicate_value"] == "oAuth2.0")
    }

    @Test func secretsOfBothBranchesAreFoundForMasking() {
        let source = LinkedInPagesSource()
        #expect(
            source.secretValues(in: [
                "credentials": ["client_id": "cid-1", "client_secret": "cs-2", "refresh_token": "rt-3"]
            ]).sorted()
                == ["cid-1", "cs-2", "rt-3"])
        #expect(source.secretValues(in: ["credentials": ["access_token": "at-4"], "org_id": "123"]) == ["at-4"])
    }

    @Test func airbyteConfigWithoutAuthMethodIsUnderstood() throws {
        let oauth = try PagesConfig(json: [
            "credentials": ["client_id": "a", "client_secret": "b", "refresh_token": "c"], "org_id": "1",
        ])
        #expect(oauth.credentials == .oauth(clientID: "a", clientSecret: "b", refreshToken: "c"))
        let token = try PagesConfig(json: ["credentials": ["access_token": "t"], "org_id": "1"])
        #expect(token.credentials == .accessToken("t"))
        #expect(token.apiVersion == PagesConfig.defaultAPIVersion)
        #expect(token.granularity == .day)
        #expect(token.lookbackDays == 2)
    }

    @Test func organizationsAreNormalisedAndUnited() throws {
        let config = try PagesConfig(json: [
            "credentials": ["access_token": "t"], "org_id": "urn:li:organization:2414183",
            "org_ids": ["5509721", "2414183", " urn:li:organization:77 "],
        ])
        #expect(config.organizations.map(\.id) == ["2414183", "5509721", "77"])
        #expect(config.primaryOrganization?.id == "2414183")
    }

    @Test func badOrganizationIdNamesTheField() {
        let error = #expect(throws: ConnectorError.self) {
            try PagesConfig(json: ["credentials": ["access_token": "t"], "org_ids": ["1", "acme-corp"]])
        }
        #expect(error?.message.contains("org_ids[1]") == true)
        #expect(error?.failureType == .configError)
    }

    @Test func invalidConfigFromIntegrationTestsFailsValidation() throws {
        let root = fixtureDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try JSON.parse(
            [UInt8](Data(contentsOf: root.appendingPathComponent("integration_tests/invalid_config.json"))))
        let problems = SchemaValidator(schema: Specification.json["connectionSpecification"]!).violations(of: config)
            .map(\.description)
        #expect(problems.contains("credentials.access_token is required"))
        #expect(problems.contains { $0.hasPrefix("org_id must match") })
        #expect(problems.contains { $0.hasPrefix("start_date must match") })
        #expect(problems.contains { $0.hasPrefix("time_granularity_type must be one of") })
    }

    @Test func anOldApiVersionIsWarnedAboutBeforeLinkedInSunsetsIt() throws {
        let old = try PagesConfig(json: ["credentials": ["access_token": "t"], "api_version": "202511"])
        #expect(old.apiVersionWarning(now: recordedAt)?.contains("202511 is 12 months old") == true)
        let current = try PagesConfig(json: ["credentials": ["access_token": "t"]])
        #expect(current.apiVersionWarning(now: recordedAt) == nil)
    }

    @Test func controlMessageConfigKeepsEverythingButTheNewRefreshToken() throws {
        let config = try PagesConfig(json: [
            "credentials": ["auth_method": "oAuth2.0", "client_id": "a", "client_secret": "b", "refresh_token": "old"],
            "org_id": "1",
        ])
        let updated = config.withRefreshToken("new")
        #expect(updated["credentials"]?["refresh_token"] == "new")
        #expect(updated["credentials"]?["client_id"] == "a")
        #expect(updated["org_id"] == "1")
    }
}
