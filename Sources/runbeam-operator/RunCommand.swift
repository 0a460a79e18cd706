import Basics
import ArgumentParser
import FoundationEssentials
import GatewayAPI
import Logging
import Operator

/// `runbeam-operator run`: the controller process (what the container runs).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the Gateway controller against a cluster until SIGTERM or SIGINT.",
        discussion: """
            Flags override the --config file, which overrides the defaults shown. The cluster must \
            serve the Gateway CRD (kubectl apply -f manifests/).

            Examples:
              runbeam-operator run --leader-elect false --log-format text
              runbeam-operator run --config operator.yaml --watch-namespace harmony
            """
    )

    @Option(help: "The operator configuration file (YAML); flags below override it.")
    var config: String?

    @Option(help: "A kubeconfig file; default: $KUBECONFIG, the in-cluster service account, or ~/.kube/config.")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use.")
    var context: String?

    @Option(name: .customLong("watch-namespace"), help: "A namespace to watch; repeat for several (default: all namespaces).")
    var watchNamespaces: [String] = []

    @Option(help: "Reconcile workers (default: \(OperatorConfiguration().workers)).")
    var workers: Int?

    @Option(help: "Where /metrics listens (default: \(OperatorConfiguration().metricsAddress)).")
    var metricsAddress: String?

    @Option(help: "Where /healthz and /readyz listen (default: \(OperatorConfiguration().healthAddress)).")
    var healthAddress: String?

    @Option(name: .customLong("leader-elect"), help: "Hold a Lease so only one replica reconciles: true|false (default: \(OperatorConfiguration().leaderElection.enabled)).")
    var leaderElect: Bool?

    @Option(help: "Log level (default: \(OperatorConfiguration().log.level.rawValue)).")
    var logLevel: OperatorConfiguration.Log.Level?

    @Option(help: "Log format (default: \(OperatorConfiguration().log.format.rawValue)).")
    var logFormat: OperatorConfiguration.Log.Format?

    @Flag(help: "Reconcile and log what would be written; write nothing, request no token, hold no Lease.")
    var dryRun = false

    func run() async throws {
        MallocArenas.limit(environment: ProcessInfo.processInfo.environment)
        var configuration = try loadConfiguration()
        if !watchNamespaces.isEmpty { configuration.watchNamespaces = watchNamespaces }
        if let workers { configuration.workers = workers }
        if let metricsAddress { configuration.metricsAddress = metricsAddress }
        if let healthAddress { configuration.healthAddress = healthAddress }
        if let leaderElect { configuration.leaderElection.enabled = leaderElect }
        if let logLevel { configuration.log.level = logLevel }
        if let logFormat { configuration.log.format = logFormat }
        let logger = OperatorLogging.bootstrap(configuration.log)
        let identity = ProcessInfo.processInfo.environment["POD_NAME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(ProcessInfo.processInfo.hostName)-\(UUID().uuidString.prefix(8).lowercased())"
        do {
            try await OperatorRuntime.run(
                RunOptions(configuration: configuration, kubeconfig: kubeconfig, context: context, identity: identity, version: OperatorVersion.current,
                    dryRun: dryRun),
                logger: logger
            )
        } catch {
            logger.critical("operator failed", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }

    private func loadConfiguration() throws -> OperatorConfiguration {
        guard let config else { return OperatorConfiguration() }
        do {
            return try OperatorConfiguration.load(contentsOf: URL(fileURLWithPath: config))
        } catch {
            throw CommandUsage.failure("\(error)", in: Self.self)
        }
    }
}

extension OperatorConfiguration.Log.Level: ExpressibleByArgument {}
extension OperatorConfiguration.Log.Format: ExpressibleByArgument {}
