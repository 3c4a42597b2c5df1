import Testing
@testable import AirbyteProtocol

@Suite struct SchemaValidatorTests {
    let schema: JSON = [
        "type": "object", "required": ["credentials"],
        "properties": [
            "credentials": [
                "type": "object",
                "oneOf": [
                    [
                        "title": "OAuth2.0", "type": "object", "required": ["client_id", "refresh_token"],
                        "properties": [
                            "auth_method": ["const": "oAuth2.0"], "client_id": ["type": "string"],
                            "refresh_token": ["type": "string", "airbyte_secret": true],
                        ],
                    ],
                    [
                        "title": "Access token", "type": "object", "required": ["access_token"],
                        "properties": [
                            "auth_method": ["const": "access_token"],
                            "access_token": ["type": "string", "airbyte_secret": true, "pattern": "^[A-Z]+$"],
                        ],
                    ],
                ],
            ],
            "granularity": ["type": "string", "enum": ["DAY", "MONTH"]],
            "days": ["type": "integer", "minimum": 0, "maximum": 60],
            "ids": ["type": "array", "items": ["type": "string", "pattern": "^[0-9]+$"]],
        ],
    ]

    func problems(_ config: JSON) -> [String] {
        SchemaValidator(schema: schema).violations(of: config).map(\.description)
    }

    @Test func validConfigsPass() {
        #expect(problems(["credentials": ["auth_method": "access_token", "access_token": "ABC"]]).isEmpty)
        // Airbyte's older configs have no auth_method: the keys decide the branch.
        #expect(problems(["credentials": ["client_id": "x", "refresh_token": "y"], "days": 3]).isEmpty)
    }

    @Test func eachRuleNamesTheField() {
        #expect(problems([:]) == ["credentials is required"])
        #expect(problems(["credentials": ["auth_method": "access_token"]]) == ["credentials.access_token is required"])
        #expect(
            problems(["credentials": ["access_token": "ABC"], "granularity": "WEEK"]).first?.hasPrefix(
                "granularity must be one of") == true)
        #expect(problems(["credentials": ["access_token": "ABC"], "days": 61]) == ["days must be at most 60"])
        #expect(
            problems(["credentials": ["access_token": "ABC"], "days": "2"]) == ["days must be integer, not string"])
        #expect(
            problems(["credentials": ["access_token": "ABC"], "ids": ["12", "x"]]).first?.hasPrefix("ids[1] must match")
                == true)
        #expect(
            problems(["credentials": ["nothing": 1]]).first?.contains("matches none of: OAuth2.0, Access token") == true
        )
    }

    @Test func secretValuesAreNeverQuoted() {
        let found = problems(["credentials": ["auth_method": "access_token", "access_token": "lowercase-secret"]])
        #expect(found.count == 1)
        #expect(found.allSatisfy { !$0.contains("lowercase-secret") })
    }
}
