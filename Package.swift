// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Yulu",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "yulu", targets: ["yulu"]),
        .library(name: "YuluAnalysis", targets: ["YuluAnalysis"]),
        .library(name: "YuluIngest", targets: ["YuluIngest"]),
        .library(name: "YuluIndex", targets: ["YuluIndex"]),
        .library(name: "YuluSearch", targets: ["YuluSearch"]),
        .library(name: "YuluServer", targets: ["YuluServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "YuluIndex",
            dependencies: ["YuluAnalysis", "YuluIngest", "CZlib"]
        ),
        .target(
            name: "YuluSearch",
            dependencies: ["YuluAnalysis", "YuluIngest", "YuluIndex"]
        ),
        .target(
            name: "YuluServer",
            dependencies: [
                "YuluSearch",
                "YuluIndex",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "yulu",
            dependencies: [
                "YuluAnalysis",
                "YuluIngest",
                "YuluIndex",
                "YuluSearch",
                "YuluServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "yulu-bench",
            dependencies: ["YuluAnalysis", "YuluIngest", "YuluIndex", "YuluSearch"],
            path: "tools/bench/swift"
        ),
        .executableTarget(
            name: "yulu-load",
            path: "tools/bench/load"
        ),
        .target(
            name: "YuluTestSupport",
            dependencies: ["CICUShim"],
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
        .testTarget(
            name: "YuluIndexTests",
            dependencies: ["YuluIndex", "YuluIngest", "YuluAnalysis", "YuluTestSupport"],
            exclude: ["OldFormat"]
        ),
        .testTarget(
            name: "YuluServerTests",
            dependencies: ["YuluServer", "YuluSearch", "YuluIndex", "YuluTestSupport",
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "YuluSearchTests",
            dependencies: ["YuluSearch", "YuluIndex", "YuluIngest", "YuluAnalysis", "YuluTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
