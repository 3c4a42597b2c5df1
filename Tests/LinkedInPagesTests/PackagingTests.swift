import AirbyteProtocol
import Foundation
import LinkedInFake
import Testing
@testable import LinkedInPages

/// The image's contract with Airbyte, checked in the files that define it (scripts/test-container runs the image).
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
        #expect(dockerfile.contains("libcurl4-openssl-dev"))
        // Kubernetes' runAsNonRoot can only verify a numeric user.
        #expect(dockerfile.contains("\nUSER 1000:1000\n"))
        #expect(dockerfile.contains("airbyte:x:1000:1000:"))
    }

    /// The run image is empty but for what the connector and Airbyte's launcher use (see the README's Docker section).
    @Test func runImageHoldsOnlyTheBinaryItsLibrariesAShellAndCARoots() throws {
        let dockerfile = try text("Dockerfile")
        let stages = dockerfile.components(separatedBy: "\nFROM ").dropFirst()  // what precedes the first FROM
        #expect(stages.count == 2)
        let run = try #require(stages.last)
        #expect(run.hasPrefix("scratch\n"))
        #expect(run.contains("COPY --from=build /rootfs/ /"))
        #expect(dockerfile.contains("busybox-static") && dockerfile.contains("/bin/busybox --list"))
        #expect(dockerfile.contains("ldd /out/source-linkedin-pages"))
        // Debian's libcurl reads this path (it ignores SSL_CERT_FILE).
        #expect(dockerfile.contains("cp /etc/ssl/certs/ca-certificates.crt \"$root/etc/ssl/certs/\""))
        #expect(dockerfile.contains("chmod 1777 \"$root/tmp\""))
        #expect(run.contains("ENV PATH=/bin"))
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
        #expect(LinkedInPagesSource().version == version)
        #expect(dockerfile.contains("LABEL io.airbyte.version=\(version)"))
        #expect(value("dockerImageTag", in: metadata) == version)
        let repository = try #require(value("dockerRepository", in: metadata))
        #expect(dockerfile.contains("LABEL io.airbyte.name=\(repository)"))
        #expect(metadata.contains("- language:swift"))
        #expect(value("connectorType", in: metadata) == "source")
        #expect(value("connectorSubtype", in: metadata) == "api")
    }

    /// Every request names the connector and its version; libcurl sends no `User-Agent` of its own.
    @Test func requestsCarryTheConnectorsUserAgent() async throws {
        let seen = Locked<[String]>([])
        let server = try FakeHTTPServer { request in
            seen.withLock { $0.append(request.headers["user-agent"] ?? "") }
            return .json(200, Array("{}".utf8))
        }
        defer { server.stop() }
        let transport = CurlTransport(requestTimeout: 5)
        _ = try await transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/rest/organizations"))
        _ = try await transport.send(
            HTTPRequest(method: "POST", url: server.baseURL + "/oauth/v2/accessToken", body: Array("a=b".utf8)))
        let metadata = try text("metadata.yaml")
        let tag = try #require(value("dockerImageTag", in: metadata))
        #expect(seen.current == ["source-linkedin-pages/\(tag)", "source-linkedin-pages/\(tag)"])
    }
}
