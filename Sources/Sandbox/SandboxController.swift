import Basics
import FoundationEssentials
import GatewayAPI
import HTTP
import Kubernetes
import Logging
import Operator
import Runbeam

/// The real Gateway controller, in-process, against the sandbox's emulators: the ``OperatorAssembly`` that
/// `runbeam-operator run` uses, without leader election, metrics and probes, and stoppable.
final class SandboxController: Sendable {
    private let assembly: OperatorAssembly
    private var controller: GatewayController { assembly.controller }
    private let task: Locked<Task<Void, Never>?> = Locked(nil)

    /// The operator configuration the sandbox runs with.
    static func configuration(for cluster: SandboxCluster) -> OperatorConfiguration {
        var configuration = OperatorConfiguration()
        configuration.defaultAPIURL = cluster.cloud.apiBaseURL
        configuration.watchNamespaces = [cluster.example.namespace]
        configuration.leaderElection.enabled = false
        configuration.runbeam.requestsPerSecond = 50
        configuration.runbeam.burst = max(10, cluster.example.members.count)
        configuration.workers = 4
        return configuration
    }

    init(cluster: SandboxCluster, progress: SandboxProgress, version: String, logger: Logger) throws(SandboxError) {
        var kube: KubernetesConfiguration
        do {
            kube = try KubernetesConfiguration.load(kubeconfig: cluster.kubeconfig.path, environment: [:])
        } catch {
            throw .controllerFailed("the sandbox kubeconfig cannot be read: \(error)")
        }
        kube.proxy = .none
        assembly = OperatorAssembly(
            kubernetes: kube, configuration: Self.configuration(for: cluster), version: version, identity: "sandbox",
            userAgent: "runbeam-operator/\(version) (sandbox)", runbeamHTTP: HTTPClientConfiguration(proxy: .none),
            wrapIssuer: { ProgressReportingIssuer(base: $0, progress: progress) }, logger: logger)
    }

    /// Starts the controller in a task of its own.
    func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { [controller] in await controller.run() }
        }
    }

    /// Whether the controller's informers have their first lists.
    var hasSynced: Bool { controller.hasSynced }

    /// Stops taking new work, lets what is in flight finish for at most `grace` (so its last Event and status
    /// writes land), then stops the controller, waits for it, and closes its HTTP clients.
    func stop(grace: Duration = .zero) async {
        await controller.drain(grace: grace)
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        assembly.shutdown()
    }
}
