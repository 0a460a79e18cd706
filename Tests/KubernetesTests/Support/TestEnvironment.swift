import Basics
import Emulators
import Foundation
import JSON
@testable import Kubernetes

/// A unique temporary folder per test.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-kube-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        return path
    }
}

/// An emulator on port 0 and a client configured from the kubeconfig it writes.
struct EmulatorEnvironment {
    let emulator: KubernetesEmulator
    let folder: TemporaryFolder
    let client: KubernetesClient

    static func start(
        _ configuration: KubernetesEmulator.Configuration = .init(), options: KubernetesClientOptions = .init(qps: 0, backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200)))
    ) async throws -> EmulatorEnvironment {
        let emulator = try await KubernetesEmulator.start(configuration)
        let folder = try TemporaryFolder()
        let path = folder.path("kubeconfig")
        try emulator.writeKubeconfig(to: URL(fileURLWithPath: path))
        let config = try KubeconfigLoader(explicitPath: path).load()
        return EmulatorEnvironment(emulator: emulator, folder: folder, client: KubernetesClient(configuration: config, options: options))
    }

    func client(options: KubernetesClientOptions) throws -> KubernetesClient {
        KubernetesClient(configuration: try KubeconfigLoader(explicitPath: folder.path("kubeconfig")).load(), options: options)
    }

    func stop() async {
        client.shutdown()
        await emulator.shutdown()
    }
}

func secret(_ name: String, namespace: String = "default", labels: [String: String] = [:], value: String = "v") -> Secret {
    var secret = Secret(name: name, namespace: namespace)
    secret.metadata.labels = labels
    secret.type = "Opaque"
    secret.data = ["key": Data(value.utf8)]
    return secret
}
