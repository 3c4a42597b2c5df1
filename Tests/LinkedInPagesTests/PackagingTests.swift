import Foundation
import Testing
@testable import LinkedInPages

/// CI has no Docker engine, so the image's contract with Airbyte is checked in the files that define it.
@Suite struct PackagingTests {
    let root = fixtureDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func text(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
    }

    func value(_ key: String, in yaml: String) -> String? {
        yaml.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix(key + ":") }
            .map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces) }
    }

    @Test func dockerfileBuildsStaticAndRunsAsAirbyteUser() throws {
        let dockerfile = try text("Dockerfile")
        #expect(dockerfile.contains("FROM swift:6."))
        #expect(dockerfile.contains("COPY . ."))  // the manifest names test and bench targets: copying Sources alone fails
        #expect(dockerfile.contains("--static-swift-stdlib"))
        #expect(dockerfile.contains("strip "))
        #expect(dockerfile.contains("FROM debian:bookworm-slim"))
        #expect(dockerfile.contains("libcurl4") && dockerfile.contains("ca-certificates"))
        #expect(dockerfile.contains("--uid 1000") && dockerfile.contains("USER airbyte"))
    }

    @Test func entrypointVariableEqualsEntrypoint() throws {
        let dockerfile = try text("Dockerfile")
        let variable = try #require(dockerfile.firstMatch(of: /ENV AIRBYTE_ENTRYPOINT="([^"]+)"/)?.1)
        let entrypoint = try #require(dockerfile.firstMatch(of: /ENTRYPOINT \["([^"]+)"\]/)?.1)
        #expect(variable == entrypoint)
        #expect(variable.hasPrefix("/"))
    }

    @Test func labelsMetadataAndBinaryAgreeOnNameAndVersion() throws {
        let dockerfile = try text("Dockerfile")
        let metadata = try text("metadata.yaml")
        let version = LinkedInPagesSource.connectorVersion
        #expect(dockerfile.contains("LABEL io.airbyte.version=\(version)"))
        #expect(value("dockerImageTag", in: metadata) == version)
        let repository = try #require(value("dockerRepository", in: metadata))
        #expect(dockerfile.contains("LABEL io.airbyte.name=\(repository)"))
        #expect(metadata.contains("- language:swift"))
        #expect(value("connectorType", in: metadata) == "source")
        #expect(value("connectorSubtype", in: metadata) == "api")
    }
}
