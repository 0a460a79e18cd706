import Basics
import FoundationEssentials
import GatewayAPI
import HTTP
import Kubernetes
import Logging
import Operator
import Runbeam

/// The real Gateway controller, in-process, against the sandbox's emulators: the same composition
/// as `runbeam-operator run` (Kubernetes client from the kubeconfig, Runbeam issuer, Event recorder,
/// ``GatewayController``) without leader election, metrics and probes, and stoppable.
final class SandboxController: Sendable {
    private let client: KubernetesClient
    private let issuer: RunbeamTokenIssuer
    private let controller: GatewayController
    private let task: Locked<Task<Void, Never>?> = Locked(nil)
    /// Set when stopping: the controller takes no new work (its leader check fails), so what is in
    /// flight finishes instead of being cancelled into warnings.
    private let draining = Locked(false)

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
        let configuration = Self.configuration(for: cluster)
        client = KubernetesClient(
            configuration: kube, options: KubernetesClientOptions(userAgent: "runbeam-operator/\(version) (sandbox)"),
            logger: Logger(label: "runbeam.kubernetes"))
        issuer = RunbeamTokenIssuer(
            configuration: HTTPClientConfiguration(proxy: .none), userAgent: RunbeamUserAgent(version: version),
            timeout: .milliseconds(Int64(configuration.runbeam.timeoutSeconds * 1000)), allowedAPIURLs: configuration.allowedAPIURLs,
            logger: Logger(label: "runbeam.operator.issuer"))
        let events = EventRecorder(client: client, controller: "runbeam.io/runbeam-operator", instance: "sandbox")
        let draining = self.draining
        controller = GatewayController(
            client: client, configuration: configuration, issuer: ProgressReportingIssuer(base: issuer, progress: progress), events: events,
            isLeader: { !draining.withLock { $0 } }, logger: logger)
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

    /// Stops taking new work, lets what is in flight finish for `grace` (so its last Event and status
    /// writes land), then stops the controller, waits for it, and closes its HTTP clients.
    func stop(grace: Duration = .zero) async {
        draining.withLock { $0 = true }
        if grace > .zero { try? await Task.sleep(for: grace) }
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        issuer.shutdown()
        client.shutdown()
    }
}
