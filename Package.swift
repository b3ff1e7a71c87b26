// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Yulu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "yulu", targets: ["yulu"]),
        .library(name: "YuluAnalysis", targets: ["YuluAnalysis"]),
        .library(name: "YuluIngest", targets: ["YuluIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-i18n",
            providers: [.apt(["libicu-dev"])]
        ),
        .target(
            name: "CICUShim",
            dependencies: ["CICU"]
        ),
        .target(
            name: "YuluAnalysis",
            dependencies: ["CICUShim"]
        ),
        .target(
            name: "YuluIngest",
            dependencies: ["YuluAnalysis", "CICUShim"]
        ),
        .executableTarget(
            name: "yulu",
            dependencies: [
                "YuluAnalysis",
                "YuluIngest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "yulu-bench",
            dependencies: ["YuluAnalysis", "YuluIngest"],
            path: "tools/bench/swift"
        ),
        .target(
            name: "YuluTestSupport",
            path: "Tests/YuluTestSupport"
        ),
        .testTarget(
            name: "YuluAnalysisTests",
            dependencies: ["YuluAnalysis", "YuluTestSupport"]
        ),
        .testTarget(
            name: "YuluIngestTests",
            dependencies: ["YuluIngest", "YuluAnalysis", "YuluTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
