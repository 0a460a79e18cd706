// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "runbeam-operator",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "runbeam-operator", targets: ["runbeam-operator"]),
        .executable(name: "runbeam-bench", targets: ["runbeam-bench"]),
        .library(name: "HTTP", targets: ["HTTP"]),
        .library(name: "YAML", targets: ["YAML"]),
        .library(name: "Age", targets: ["Age"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Kubernetes", targets: ["Kubernetes"]),
        .library(name: "Runbeam", targets: ["Runbeam"]),
        .library(name: "Operator", targets: ["Operator"]),
        .library(name: "Emulators", targets: ["Emulators"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
        .library(name: "Manifests", targets: ["Manifests"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C shim over libcurl: typed wrappers around the variadic curl_easy_setopt/getinfo.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // posix_spawn with the GNU extensions (close every other descriptor, working directory).
        .target(name: "CSpawn"),
        // Child processes that never block Swift's cooperative pool: exec credential plugins, test helpers.
        .target(
            name: "ChildProcess",
            dependencies: ["CSpawn"],
            swiftSettings: strict
        ),
        // libyaml, from the distribution (libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "HTTP",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "YAML",
            dependencies: ["CYAML"],
            swiftSettings: strict
        ),
        .target(
            name: "Age",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "JSON",
            swiftSettings: strict
        ),
        .target(
            name: "Kubernetes",
            dependencies: ["HTTP", "YAML", "JSON", "ChildProcess", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Runbeam",
            dependencies: ["HTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Operator",
            dependencies: [
                "Age", "YAML", "JSON", "HTTP", "HTTPServer", "Kubernetes", "Runbeam",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HTTPServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Emulators",
            dependencies: [
                "JSON", "YAML", "HTTPServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Kubernetes/README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "Operator", "Emulators", "Kubernetes", "JSON", "HTTP", "Runbeam",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Manifests",
            dependencies: ["Operator", "Kubernetes", "YAML", "JSON"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "runbeam-operator",
            dependencies: [
                "HTTP", "YAML", "Age", "JSON", "Runbeam", "Operator", "Emulators", "Sandbox", "Manifests",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "runbeam-bench",
            dependencies: [
                "Kubernetes", "YAML", "JSON", "ChildProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks",
            swiftSettings: strict
        ),
        .testTarget(
            name: "HTTPTests",
            dependencies: [
                "HTTP", "ChildProcess", "TestProcesses",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChildProcessTests",
            dependencies: ["ChildProcess"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "YAMLTests",
            dependencies: ["YAML"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgeTests",
            dependencies: ["Age", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["runbeam-operator", "ChildProcess", "TestProcesses", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubernetesTests",
            dependencies: ["Kubernetes", "Emulators", "JSON", "HTTP", "ChildProcess", "TestProcesses"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RunbeamTests",
            dependencies: [
                "Runbeam", "Emulators", "HTTP", "HTTPServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OperatorTests",
            dependencies: [
                "Operator", "Emulators", "Age", "YAML", "JSON", "Kubernetes", "Runbeam",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Child processes the test suites share: the operator binary, socat servers; and polling.
        .target(
            name: "TestProcesses",
            dependencies: ["ChildProcess"],
            path: "Tests/TestProcesses",
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["runbeam-operator", "TestProcesses", "ChildProcess", "Emulators", "Operator", "Manifests", "Age", "JSON"],
            swiftSettings: strict
        ),
        // The fault-injection suite: the operator binary against both emulators under every fault of RELIABILITY.md.
        .testTarget(
            name: "FaultTests",
            dependencies: ["runbeam-operator", "TestProcesses", "Emulators", "Operator", "Manifests", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: ["Sandbox", "Emulators", "JSON", "TestProcesses", "runbeam-operator"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ManifestsTests",
            dependencies: ["Manifests", "Operator", "YAML", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "JSONTests",
            dependencies: ["JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EmulatorsTests",
            dependencies: [
                "Emulators", "JSON", "YAML", "HTTPServer", "ChildProcess", "TestProcesses",
                .product(name: "X509", package: "swift-certificates"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
