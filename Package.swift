// swift-tools-version:6.1
import PackageDescription

/// The CRM server: one executable (`crm`) layered as DESIGN.md draws it:
/// crm → CRMServices → CRMRouter → CRMHTTP → CTLS, with CRMStore and CRMModel beside.
let package = Package(
    name: "crm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "crm", targets: ["CRMServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CTLS",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "CRMModel"),
        /// The segment filter language (SPEC §3): parse, validate, evaluate; shared by contacts, segments, campaigns, analytics.
        .target(name: "CRMSegments", dependencies: ["CRMModel"]),
        /// CRC-32C with the CPU's instruction (SSE 4.2 / ARMv8 CRC), for the log's checksums.
        .target(name: "CCRC32C"),
        .target(name: "CRMStore", dependencies: ["CCRC32C"]),
        .target(name: "CRMHTTP", dependencies: ["CTLS"]),
        .target(
            name: "CRMRouter",
            dependencies: ["CRMHTTP", "CRMModel", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "CRMServices",
            dependencies: ["CRMRouter", "CRMStore", "CRMModel", "CRMSegments", "CTLS", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "CRMServer",
            dependencies: [
                "CRMServices", "CRMRouter", "CRMHTTP", "CRMStore", "CRMModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        /// Test helpers shared by the test targets (a blocking raw HTTP client, a server process); not shipped.
        .target(name: "CRMTestSupport", path: "Sources/CRMTestSupport"),
        /// Drives the store alone (crash tests, `scripts/bench-store`); not part of the product.
        .executableTarget(name: "CRMStoreBench", dependencies: ["CRMStore"]),
        /// Fuzzing (scripts/fuzz): the invariant checks, shared by the libFuzzer targets and the regression tests.
        .target(name: "CRMFuzzChecks", dependencies: ["CRMHTTP", "CRMModel"]),
        /// libFuzzer target for request parsing; without `-DCRM_FUZZING` it replays corpus files.
        .executableTarget(name: "CRMFuzzHTTP", dependencies: ["CRMFuzzChecks"]),
        /// libFuzzer target for JSON bodies; without `-DCRM_FUZZING` it replays corpus files.
        .executableTarget(name: "CRMFuzzJSON", dependencies: ["CRMFuzzChecks"]),
        .testTarget(name: "CRMModelTests", dependencies: ["CRMModel", "CRMTestSupport"]),
        .testTarget(name: "CRMSegmentsTests", dependencies: ["CRMSegments", "CRMModel"]),
        .testTarget(name: "CRMStoreTests", dependencies: ["CRMStore", "CRMStoreBench", "CRMTestSupport"]),
        .testTarget(name: "CRMHTTPTests", dependencies: ["CRMHTTP", "CRMTestSupport"]),
        .testTarget(name: "CRMRouterTests", dependencies: ["CRMRouter", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "CRMFuzzChecksTests", dependencies: ["CRMFuzzChecks"]),
        .testTarget(name: "CRMServerTests", dependencies: ["CRMServer", "CRMServices", "CRMTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
