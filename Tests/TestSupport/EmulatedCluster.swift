import Basics
import Emulators
import Foundation
import Kubernetes
import Logging

/// The in-process Kubernetes emulator as a test cluster: started with a given configuration, optionally seeded with
/// the Gateway CRD and namespaces, with a kubeconfig for it in a temporary folder and a ``KubernetesClient`` on that
/// kubeconfig. ``stop()`` shuts the client and the emulator down and removes the folder.
///
/// ```swift
/// let cluster = try await EmulatedCluster.start(.init(rolloutDelay: .milliseconds(100)), gatewayCRD: true, namespaces: ["harmony"])
/// defer { Task { await cluster.stop() } }
/// _ = try await cluster.client.list(Secret.self, namespace: "harmony")
/// ```
public final class EmulatedCluster: Sendable {
    /// The client options of ``start(_:gatewayCRD:namespaces:clientOptions:logger:folderPrefix:)`` unless given: no
    /// client-side rate limit, and retries 20 ms to 200 ms apart.
    public static let testClientOptions = KubernetesClientOptions(qps: 0, backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200)))

    /// The running emulator.
    public let emulator: KubernetesEmulator
    /// The temporary folder holding ``kubeconfig``; tests may put their own files there too.
    public let folder: TemporaryFolder
    /// The configuration loaded from ``kubeconfig``.
    public let configuration: KubernetesConfiguration
    private let clientOptions: KubernetesClientOptions
    private let logger: Logger
    private let clients = Locked<[KubernetesClient]>([])
    private let sharedClient = Locked<KubernetesClient?>(nil)

    private init(emulator: KubernetesEmulator, folder: TemporaryFolder, configuration: KubernetesConfiguration, clientOptions: KubernetesClientOptions, logger: Logger) {
        self.emulator = emulator
        self.folder = folder
        self.configuration = configuration
        self.clientOptions = clientOptions
        self.logger = logger
    }

    /// Starts the emulator with `configuration`, installs the Gateway CRD when `gatewayCRD`, creates `namespaces`, and
    /// writes the emulator's kubeconfig into a new temporary folder named `<folderPrefix>-<UUID>`. The client,
    /// made on first use of ``client``, has `clientOptions` and logs to `logger`.
    public static func start(
        _ configuration: KubernetesEmulator.Configuration = .init(), gatewayCRD: Bool = false, namespaces: [String] = [],
        clientOptions: KubernetesClientOptions = testClientOptions, logger: Logger = quietLogger, folderPrefix: String = "runbeam-cluster"
    ) async throws -> EmulatedCluster {
        let emulator = try await KubernetesEmulator.start(configuration)
        var folder: TemporaryFolder?
        do {
            let created = try TemporaryFolder(prefix: folderPrefix)
            folder = created
            let kubeconfig = created.url.appendingPathComponent("kubeconfig")
            try emulator.writeKubeconfig(to: kubeconfig)
            let loaded = try KubeconfigLoader(explicitPath: kubeconfig.path).load()
            let cluster = EmulatedCluster(emulator: emulator, folder: created, configuration: loaded, clientOptions: clientOptions, logger: logger)
            if gatewayCRD { try cluster.installGatewayCRD() }
            for namespace in namespaces { try cluster.createNamespace(namespace) }
            return cluster
        } catch {
            await emulator.shutdown()
            folder?.remove()
            throw error
        }
    }

    /// Starts a cluster as ``start(_:gatewayCRD:namespaces:clientOptions:logger:folderPrefix:)`` does, runs `body` on
    /// it, and stops it whether `body` returns or throws.
    public static func with<Result>(
        _ configuration: KubernetesEmulator.Configuration = .init(), gatewayCRD: Bool = false, namespaces: [String] = [],
        clientOptions: KubernetesClientOptions = testClientOptions, logger: Logger = quietLogger,
        _ body: (EmulatedCluster) async throws -> Result
    ) async throws -> Result {
        let cluster = try await start(configuration, gatewayCRD: gatewayCRD, namespaces: namespaces, clientOptions: clientOptions, logger: logger)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// The emulator's state (seed it directly: no request is logged).
    public var store: KubernetesStore { emulator.store }

    /// The kubeconfig file for the emulator (its first bearer token, if any).
    public var kubeconfig: URL { folder.url.appendingPathComponent("kubeconfig") }

    /// A client on ``kubeconfig`` with the cluster's client options, made on first use and shut down by ``stop()``.
    public var client: KubernetesClient {
        sharedClient.withLock { shared in
            if let shared { return shared }
            let made = client(options: clientOptions)
            shared = made
            return made
        }
    }

    /// A further client on ``kubeconfig`` with `options`; ``stop()`` shuts it down too.
    public func client(options: KubernetesClientOptions) -> KubernetesClient {
        let made = KubernetesClient(configuration: configuration, options: options, logger: logger)
        clients.withLock { $0.append(made) }
        return made
    }

    /// Shuts every client made here and the emulator down, and removes the folder.
    public func stop() async {
        for client in clients.withLock({ $0 }) { client.shutdown() }
        await emulator.shutdown()
        folder.remove()
    }
}
