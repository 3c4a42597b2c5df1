// swift-tools-version:6.0
import PackageDescription

// No package dependencies, by design: Foundation, FoundationNetworking and Dispatch from the toolchain only.
let package = Package(
    name: "source-linkedin-pages",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "source-linkedin-pages", targets: ["source-linkedin-pages"]),
        .library(name: "AirbyteProtocol", targets: ["AirbyteProtocol"]),
        .library(name: "LinkedInPages", targets: ["LinkedInPages"]),
    ],
    targets: [
        .target(name: "AirbyteProtocol"),
        .target(name: "LinkedInPages", dependencies: ["AirbyteProtocol"]),
        .executableTarget(name: "source-linkedin-pages", dependencies: ["AirbyteProtocol", "LinkedInPages"]),
        .testTarget(name: "AirbyteProtocolTests", dependencies: ["AirbyteProtocol"]),
        .testTarget(name: "LinkedInPagesTests", dependencies: ["AirbyteProtocol", "LinkedInPages"]),
    ]
)
