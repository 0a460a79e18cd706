import FoundationEssentials
import Kubernetes
import Logging
import ServiceLifecycle

/// `runbeam-operator run`: wires the Kubernetes client, the Runbeam issuer, the controller, leader
/// election, metrics and probes, and runs them until SIGTERM or SIGINT.
///
/// Shutdown order: the controller stops taking work, the Lease is released, then the probes stop.
public enum OperatorRuntime {
    public static func run(_ options: RunOptions, logger: Logger) async throws {
        var configuration = options.configuration
        if options.dryRun {
            // A Lease is a write too: a dry run reconciles as if it led, beside (not instead of) a running operator.
            configuration.leaderElection.enabled = false
            logger.notice("dry run: nothing will be written and no token requested; leader election is off")
        }
        let metricsAddress = try ListenAddress(parsing: configuration.metricsAddress)
        let healthAddress = try ListenAddress(parsing: configuration.healthAddress)
        let kube = try KubernetesConfiguration.load(kubeconfig: options.kubeconfig, context: options.context)
        let metrics = OperatorMetrics()
        let health = HealthState()
        let assembly = OperatorAssembly(
            kubernetes: kube, configuration: configuration, version: options.version, identity: options.identity,
            userAgent: "runbeam-operator/\(options.version)", metrics: metrics, dryRun: options.dryRun, leading: false)
        defer { assembly.shutdown() }
        let (client, controller) = (assembly.client, assembly.controller)
        try await GatewayCRDCheck.run(client: client, namespace: configuration.watchNamespaces.first, cluster: kube.origin)
        health.readiness(from: { controller.hasSynced })
        let election = configuration.leaderElection
        let leaseNamespace = election.leaseNamespace.isEmpty ? kube.namespace : election.leaseNamespace
        let leaseNamespaceSource =
            !election.leaseNamespace.isEmpty
            ? "leaderElection.leaseNamespace" : (kube.origin == "in-cluster" ? "the pod's namespace" : "the namespace of \(kube.origin)")
        let elector = election.enabled
            ? LeaderElector(
                client: client,
                configuration: .init(
                    namespace: leaseNamespace,
                    leaseName: election.leaseName, identity: options.identity,
                    leaseDuration: .milliseconds(Int64(election.leaseDuration.seconds * 1000)),
                    renewDeadline: .milliseconds(Int64(election.renewDeadline.seconds * 1000)),
                    retryPeriod: .milliseconds(Int64(election.retryPeriod.seconds * 1000))
                ),
                onFailure: { metrics.leaderElectionFailed(code: $0.code.map(String.init) ?? "none") })
            : nil
        if let elector { health.leaseFailures(from: { elector.lastFailure }) }
        let probes = try await ProbeServer.start(metrics: metricsAddress, health: healthAddress, registry: metrics, state: health)
        logger.info("operator starting", metadata: [
            "version": "\(options.version)", "cluster": "\(kube.origin)", "identity": "\(options.identity)",
            "leaderElection": "\(election.enabled)",
            "lease": "\(election.enabled ? "\(leaseNamespace)/\(election.leaseName) (namespace from \(leaseNamespaceSource))" : "none")",
            // The bound ports: a configured port 0 becomes the one the system chose.
            "metrics": "\(ListenAddress(host: metricsAddress.host, port: probes.ports.first ?? metricsAddress.port))",
            "health": "\(ListenAddress(host: healthAddress.host, port: probes.ports.last ?? healthAddress.port))",
            "watchNamespaces": "\(configuration.watchNamespaces.isEmpty ? "all" : configuration.watchNamespaces.joined(separator: ","))",
        ])
        // Shut down in reverse order: controller first, then the Lease, then the probes.
        let group = ServiceGroup(
            services: [
                ProbeService(server: probes),
                LeadershipService(elector: elector, controller: controller, health: health, metrics: metrics, logger: logger),
                ControllerService(controller: controller, metrics: metrics, logger: logger),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
        logger.info("operator stopped")
    }
}
