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
        .library(name: "GatewayAPI", targets: ["GatewayAPI"]),
        .library(name: "GatewayCore", targets: ["GatewayCore"]),
        .library(name: "Operator", targets: ["Operator"]),
        .library(name: "Emulators", targets: ["Emulators"]),
        .library(name: "Sandbox", targets: ["Sandbox"]),
        .library(name: "Manifests", targets: ["Manifests"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // posix_spawn with the GNU extensions (close every other descriptor, working directory).
        .target(name: "CSpawn"),
        // Child processes that never block Swift's cooperative pool: exec credential plugins, test helpers.
        .target(
            name: "ChildProcess",
            dependencies: ["Basics", "CSpawn"],
            swiftSettings: strict
        ),
        // The leaf every module may use: RFC 3339 times, Duration conversions, the wall clock, the lock, backoff, token bucket,
        // and what FoundationEssentials lacks (trimming, printf-style numbers, files, a plain thread), so no module needs Foundation.
        // mallopt, which Swift's Glibc module does not import.
        .target(name: "CMalloc"),
        .target(
            name: "Basics",
            dependencies: ["CMalloc"],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // libyaml, from the distribution (libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // zlib, from the distribution (zlib1g-dev), and raw DEFLATE with a preset dictionary over it: how the informer
        // caches hold their objects.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "Deflate",
            dependencies: ["CZlib"],
            swiftSettings: strict
        ),
        // The HTTP client: HTTP/1.1 on NIO, TLS through NIOSSL (BoringSSL), on one shared event-loop thread.
        .target(
            name: "HTTP",
            dependencies: [
                "Basics",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
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
            dependencies: ["Basics", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "JSON",
            swiftSettings: strict
        ),
        // Kubernetes object types that need no API server (re-exported by Kubernetes), so the pure core can use them.
        .target(
            name: "KubernetesModel",
            dependencies: ["JSON"],
            swiftSettings: strict
        ),
        .target(
            name: "Kubernetes",
            dependencies: ["Basics", "KubernetesModel", "HTTP", "YAML", "JSON", "ChildProcess", "Deflate", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Runbeam",
            dependencies: ["Basics", "JSON"],
            swiftSettings: strict
        ),
        // The HTTP client of Runbeam Cloud's API (authorize); the types it speaks are in Runbeam, which needs no HTTP.
        .target(
            name: "RunbeamCloud",
            dependencies: ["Runbeam", "Basics", "HTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The Gateway resource: types, schema, CRD, validation, the operator's configuration file and manifest
        // validation. What `validate` and `manifests` need; no I/O.
        .target(
            name: "GatewayAPI",
            dependencies: ["Basics", "YAML", "JSON"],
            swiftSettings: strict
        ),
        // The pure reconciler, its inputs and outputs. Checked below: nothing that does I/O may be reachable from it.
        .target(
            name: "GatewayCore",
            dependencies: [
                "Basics", "GatewayAPI", "KubernetesModel", "Runbeam", "Age", "JSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // The controller (informers, work queue, executor) and the runtime (metrics, probes, service lifecycle).
        .target(
            name: "Operator",
            dependencies: [
                "Basics", "GatewayAPI", "GatewayCore", "JSON", "HTTP", "HTTPServer", "Kubernetes", "Runbeam", "RunbeamCloud",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "HTTPServer",
            dependencies: [
                "Basics",
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
                "Basics", "JSON", "YAML", "HTTPServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Kubernetes/README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "Basics", "Operator", "GatewayAPI", "GatewayCore", "Emulators", "Kubernetes", "JSON", "HTTP", "Runbeam",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Manifests",
            dependencies: ["GatewayAPI", "GatewayCore", "Kubernetes", "YAML", "JSON"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "runbeam-operator",
            dependencies: [
                "Basics", "HTTP", "YAML", "Age", "Kubernetes", "Runbeam", "RunbeamCloud", "Operator", "GatewayAPI", "Emulators", "Sandbox",
                "Manifests",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "runbeam-bench",
            dependencies: [
                "Basics", "Kubernetes", "YAML", "JSON", "ChildProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks",
            swiftSettings: strict
        ),
        .testTarget(
            name: "BasicsTests",
            dependencies: ["Basics"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HTTPTests",
            dependencies: [
                "HTTP", "ChildProcess", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChildProcessTests",
            dependencies: ["TestSupport", "ChildProcess"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "YAMLTests",
            dependencies: ["TestSupport", "YAML"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgeTests",
            dependencies: ["TestSupport", "Age", "Basics", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["runbeam-operator", "ChildProcess", "TestSupport", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KubernetesTests",
            dependencies: ["Basics", "Kubernetes", "Emulators", "JSON", "HTTP", "ChildProcess", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RunbeamTests",
            dependencies: [
                "TestSupport", "Basics", "Runbeam", "RunbeamCloud", "Emulators", "HTTP", "HTTPServer",
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
                "TestSupport", "Basics", "Operator", "GatewayAPI", "GatewayCore", "Emulators", "Age", "YAML", "JSON", "Kubernetes", "Runbeam", "RunbeamCloud",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // What every test suite shares: polling (eventually), log capture, a seeded generator, temporary folders, child
        // processes (the operator binary, socat servers, tools) and the in-process emulator cluster (EmulatedCluster).
        // Only library targets here: no test target, so no cycle.
        .target(
            name: "TestSupport",
            dependencies: [
                "Basics", "ChildProcess", "Emulators", "GatewayAPI", "JSON", "Kubernetes",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["runbeam-operator", "TestSupport", "ChildProcess", "Emulators", "Operator", "GatewayAPI", "GatewayCore", "Manifests", "Age", "JSON"],
            swiftSettings: strict
        ),
        // The fault-injection suite: the operator binary against both emulators under every fault of RELIABILITY.md.
        .testTarget(
            name: "FaultTests",
            dependencies: ["runbeam-operator", "TestSupport", "Emulators", "Operator", "GatewayAPI", "GatewayCore", "Manifests", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: ["Basics", "Sandbox", "Emulators", "JSON", "TestSupport", "runbeam-operator"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ManifestsTests",
            dependencies: ["TestSupport", "Manifests", "Operator", "GatewayAPI", "GatewayCore", "YAML", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DeflateTests",
            dependencies: ["Deflate"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "JSONTests",
            dependencies: ["TestSupport", "JSON"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EmulatorsTests",
            dependencies: [
                "Basics", "Emulators", "JSON", "YAML", "HTTPServer", "ChildProcess", "TestSupport",
                .product(name: "X509", package: "swift-certificates"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)

// GatewayCore stays pure: none of these may be reachable from it, directly or through another target.
let forbiddenInCore: Set<String> = [
    "HTTP", "HTTPServer", "Kubernetes", "NIOCore", "NIOPosix", "NIOHTTP1", "NIOSSL", "NIOConcurrencyHelpers",
    "Prometheus", "ServiceLifecycle",
]

@MainActor func reachable(from name: String) -> Set<String> {
    var seen: Set<String> = []
    var pending = [name]
    while let next = pending.popLast() {
        guard let target = package.targets.first(where: { $0.name == next }) else { continue }
        for dependency in target.dependencies {
            let name: String
            switch dependency {
            case .targetItem(let target, _), .byNameItem(let target, _): name = target
            case .productItem(let product, _, _, _): name = product
            @unknown default: continue
            }
            if seen.insert(name).inserted { pending.append(name) }
        }
    }
    return seen
}

let coreLeaks = reachable(from: "GatewayCore").intersection(forbiddenInCore)
precondition(coreLeaks.isEmpty, "GatewayCore must stay free of I/O, but reaches \(coreLeaks.sorted())")
