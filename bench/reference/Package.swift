// swift-tools-version:6.1
import PackageDescription

/// A minimal Hummingbird 2 server serving the same benchmark routes as `crm serve --bench-routes`.
/// It is the yardstick for `scripts/bench-http` only: never a dependency of the product.
let package = Package(
    name: "bench-reference",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bench-reference", targets: ["ReferenceServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "ReferenceServer",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
