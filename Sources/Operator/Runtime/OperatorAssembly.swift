import GatewayAPI
import GatewayCore
import HTTP
import Kubernetes
import Logging

/// The operator's parts and how they connect, shared by `runbeam-operator run` and the sandbox: the Kubernetes client,
/// the Runbeam token issuer, the Event recorder and the ``GatewayController``. Each caller adds only what differs:
/// leader election, metrics and probes (``OperatorRuntime``); progress reporting and a scripted stop (the sandbox).
public struct OperatorAssembly: Sendable {
    public let client: KubernetesClient
    public let issuer: RunbeamTokenIssuer
    public let controller: GatewayController

    /// - Parameters:
    ///   - userAgent: the `User-Agent` of Kubernetes requests (`runbeam-operator/<version>` plus any comment).
    ///   - identity: this replica's name, recorded as the Events' reporting instance.
    ///   - runbeamHTTP: the Runbeam client's TLS and proxy settings.
    ///   - metrics: counts Kubernetes requests, token requests and reconciles; nil counts nothing.
    ///   - dryRun: requests no token and writes nothing (``DryRunTokenIssuer``, no Events).
    ///   - leading: whether the controller's workers start once its caches sync (false: on ``GatewayController/startLeading()``).
    ///   - wrapIssuer: decorates the issuer the controller asks (the sandbox reports progress through it).
    public init(
        kubernetes: KubernetesConfiguration, configuration: OperatorConfiguration, version: String, identity: String, userAgent: String,
        runbeamHTTP: HTTPClientConfiguration = HTTPClientConfiguration(), metrics: OperatorMetrics? = nil, dryRun: Bool = false,
        leading: Bool = true, wrapIssuer: (any TokenIssuer) -> any TokenIssuer = { $0 },
        logger: Logger = Logger(label: "runbeam.operator.controller")
    ) {
        var observer: (@Sendable (String, String) -> Void)?
        if let metrics {
            observer = { verb, code in metrics.kubeRequest(verb: verb, code: Int(code) ?? 0) }
        }
        client = KubernetesClient(
            configuration: kubernetes,
            options: KubernetesClientOptions(
                qps: configuration.kubernetes.qps, burst: configuration.kubernetes.burst, userAgent: userAgent, observer: observer),
            logger: Logger(label: "runbeam.kubernetes"))
        issuer = RunbeamTokenIssuer(configuration: configuration, version: version, http: runbeamHTTP)
        var asked: any TokenIssuer = issuer
        if dryRun {
            asked = DryRunTokenIssuer(logger: logger)
        } else if let metrics {
            asked = MeteredTokenIssuer(issuer, metrics: metrics)
        }
        let events = dryRun ? nil : EventRecorder(client: client, controller: "runbeam.io/runbeam-operator", instance: identity)
        controller = GatewayController(
            client: client, configuration: configuration, issuer: wrapIssuer(asked), events: events, leading: leading, metrics: metrics,
            dryRun: dryRun, logger: logger)
    }

    /// Closes the Kubernetes and Runbeam HTTP clients (after the controller has stopped).
    public func shutdown() {
        issuer.shutdown()
        client.shutdown()
    }
}
