// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by design: the toolchain's FoundationEssentials and Dispatch, and the system's libcurl
// (a system-library target for its headers, Sources/CCurl; Debian: libcurl4-openssl-dev). Only tests and tools use
// Foundation.
let package = Package(
    name: "source-linkedin-pages",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "source-linkedin-pages", targets: ["source-linkedin-pages"]),
        .library(name: "AirbyteProtocol", targets: ["AirbyteProtocol"]),
        .library(name: "LinkedInPages", targets: ["LinkedInPages"]),
    ],
    targets: [
        // libcurl's headers; the library itself is loaded on the first request (dlopen), see Sources/CCurl/shim.h.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "AirbyteProtocol"),
        .target(name: "LinkedInPages", dependencies: ["AirbyteProtocol", "CCurl"]),
        .executableTarget(name: "source-linkedin-pages", dependencies: ["AirbyteProtocol", "LinkedInPages"]),
        // A LinkedIn stand-in over HTTP on 127.0.0.1, for the fault tests and the benchmark; never shipped.
        .target(name: "LinkedInFake", dependencies: ["AirbyteProtocol", "LinkedInPages", "LinkedInReplay"]),
        // Recorded LinkedIn responses replayed in process, for the tests and the demo; never shipped.
        .target(name: "LinkedInReplay", dependencies: ["AirbyteProtocol", "LinkedInPages"]),
        .executableTarget(name: "linkedin-pages-demo", dependencies: ["AirbyteProtocol", "LinkedInPages", "LinkedInReplay"]),
        .executableTarget(
            name: "linkedin-pages-bench", dependencies: ["AirbyteProtocol", "LinkedInPages", "LinkedInFake"], path: "bench/Sources"),
        .target(name: "ConnectorTestSupport", path: "Tests/ConnectorTestSupport"),
        .testTarget(name: "AirbyteProtocolTests", dependencies: ["AirbyteProtocol", "ConnectorTestSupport"]),
        .testTarget(name: "LinkedInPagesTests", dependencies: ["AirbyteProtocol", "LinkedInPages", "LinkedInReplay", "LinkedInFake", "ConnectorTestSupport"]),
        .testTarget(name: "LinkedInPagesDemoTests", dependencies: ["linkedin-pages-demo", "AirbyteProtocol"]),
    ]
)
