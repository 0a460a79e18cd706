import Foundation
import TestSupport
import Testing
@testable import Kubernetes

/// Hostile kubeconfig files: each is a ``KubernetesConfigurationError`` naming the file (and the
/// line and field where there is one), bounded in time and memory; loading never runs anything.
@Suite struct HostileKubeconfigTests {
    /// Writes `contents` as a kubeconfig and returns what loading it throws.
    func loadError(_ contents: Data, sourceLocation: SourceLocation = #_sourceLocation) throws -> KubernetesConfigurationError {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let path = folder.path("config")
        try contents.write(to: URL(fileURLWithPath: path))
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(throws: KubernetesConfigurationError.self, sourceLocation: sourceLocation) {
            try KubeconfigLoader(explicitPath: path, environment: [:], homeDirectory: folder.url.path).load()
        }
        #expect(clock.now - started < .seconds(20), "loading took too long", sourceLocation: sourceLocation)
        #expect(error.file == path, sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(path), sourceLocation: sourceLocation)
        return error
    }

    func loadError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> KubernetesConfigurationError {
        try loadError(Data(text.utf8), sourceLocation: sourceLocation)
    }

    @Test func malformedYAMLIsLocated() throws {
        let error = try loadError("apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: https://x\n")
        #expect(error.line == 5)
        let tab = try loadError("apiVersion: v1\n\tclusters: []\n")
        #expect(tab.line == 2)
    }

    @Test func wrongTypesNameTheField() throws {
        let error = try loadError("clusters: a string\n")
        #expect(error.line == 1 && error.field == "clusters")
        let nested = try loadError("clusters:\n- name: a\n  cluster:\n    server: [1, 2]\n")
        #expect(nested.line == 4)
        #expect(nested.field == "clusters[0].cluster.server")
    }

    @Test func unknownKeysAreIgnoredAsKubectlDoes() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let path = try folder.write("config", """
            apiVersion: v1
            kind: Config
            preferences: {colors: true}
            extensions: [{name: x, extension: {anything: 1}}]
            clusters: [{name: c, cluster: {server: "https://kube.example.test", future-field: 1}}]
            users: [{name: u, user: {token: fake-token, future-auth: {}}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """)
        let config = try KubeconfigLoader(explicitPath: path, environment: [:], homeDirectory: folder.url.path).load()
        #expect(config.server == "https://kube.example.test")
    }

    @Test func billionLaughsIsBounded() throws {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "clusters: *l9\n"
        let error = try loadError(text)
        #expect(error.line == 5)
        #expect(error.message.contains("billion laughs"))
    }

    @Test func tenThousandDeepFlowAndBlockNestingAreBounded() throws {
        let flow = try loadError("clusters: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n")
        #expect(flow.line == 1)
        #expect(flow.message.contains("nest deeper than 256 levels"))
        let blockError = try loadError("clusters:\n" + String(repeating: "- ", count: 10_000) + "x\n")
        #expect(blockError.message.contains("nest deeper than 256 levels"))
        #expect(blockError.line == 2)
    }

    @Test func fiftyMebibyteFileIsRefusedBeforeParsing() throws {
        var contents = Data("apiVersion: v1\n".utf8)
        contents.append(Data(repeating: UInt8(ascii: "#"), count: 50 << 20))
        let error = try loadError(contents)
        #expect(error.message.contains("larger than 16 MiB"))
    }

    @Test func binaryAndInvalidUTF8AreSyntaxErrors() throws {
        let error = try loadError(Data([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x00, 0x0A]))
        #expect(error.message.contains("UTF-8"))
        _ = try loadError(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131) }))
    }

    @Test func aFolderInsteadOfAFileIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let error = try #require(throws: KubernetesConfigurationError.self) {
            try KubeconfigLoader(explicitPath: folder.url.path, environment: [:], homeDirectory: folder.url.path).load()
        }
        #expect(error.file == folder.url.path)
        #expect(error.message.hasPrefix("cannot read the kubeconfig"))
    }

    @Test func loadingNeverRunsTheExecPlugin() throws {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let marker = folder.path("ran")
        let plugin = try folder.write("plugin.sh", "#!/bin/sh\ntouch '\(marker)'\n", executable: true)
        let path = try folder.write("config", """
            clusters: [{name: c, cluster: {server: "https://kube.example.test"}}]
            users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: "\(plugin)"}}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """)
        let config = try KubeconfigLoader(explicitPath: path, environment: [:], homeDirectory: folder.url.path).load()
        #expect(config.credentials is ExecCredentials)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
