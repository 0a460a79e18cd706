import Foundation
import Kubernetes
import Logging

/// Scenario 1: N Gateways exist before the operator starts; measures the time until all are Ready and
/// what the operator process spent getting there.
struct ColdStart: Sendable {
    var gateways: Int
    var operatorBinary: URL

    /// The figures of one run.
    struct Result: Sendable {
        var gateways: Int
        var secondsToReady: Double
        /// The operator's peak RSS and CPU time when every Gateway was Ready.
        var usage: ProcessUsage
        /// The operator's requests to the Kubernetes emulator from its start until every Gateway was Ready.
        var kubernetes: RequestLog

        /// One machine-readable line per figure.
        var lines: [String] {
            let prefix = "cold_start gateways=\(gateways)"
            let verbs = kubernetes.byVerb.sorted { $0.key < $1.key }.map { "\(prefix) kube_requests_\($0.key)=\($0.value)" }
            return [
                "\(prefix) seconds_to_ready=\(Self.format(secondsToReady))",
                "\(prefix) gateways_per_second=\(Self.format(Double(gateways) / max(secondsToReady, 0.000_001)))",
                "\(prefix) peak_rss_mib=\(Self.format(usage.peakResidentMiB))",
                "\(prefix) cpu_seconds=\(Self.format(usage.cpuSeconds))",
                "\(prefix) kube_requests=\(kubernetes.requests)",
                "\(prefix) kube_writes=\(kubernetes.writes)",
                "\(prefix) kube_requests_per_gateway=\(Self.format(Double(kubernetes.requests) / Double(gateways)))",
                "\(prefix) kube_writes_per_gateway=\(Self.format(Double(kubernetes.writes) / Double(gateways)))",
            ] + verbs
        }

        private static func format(_ value: Double) -> String { String(format: "%.3f", value) }
    }

    /// Runs the scenario once; every child process is stopped before it returns or throws.
    func run(timeout: Duration) async throws(BenchError) -> Result {
        let emulators = try await EmulatorProcesses.start(binary: operatorBinary)
        defer { emulators.stop() }
        let client: KubernetesClient
        do {
            let configuration = try KubeconfigLoader(explicitPath: emulators.kubeconfig.path).load()
            client = KubernetesClient(
                configuration: configuration,
                options: KubernetesClientOptions(qps: 0, userAgent: "runbeam-bench"),
                logger: Logger(label: "runbeam.bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch {
            throw BenchError("cannot load the Kubernetes emulator's kubeconfig: \(error)")
        }
        defer { client.shutdown() }

        let seed = ClusterSeed(client: client)
        try await seed.prepare(crd: try await ClusterSeed.crd(binary: operatorBinary), credential: emulators.credential)
        try await seed.createGateways(gateways)
        try await RequestLog.clear(emulator: emulators.kubernetesURL)

        let config = try writeOperatorConfig(in: emulators.folder, runbeamURL: emulators.runbeamURL)
        let started = ContinuousClock.now
        let operatorProcess = try ChildProcess(
            name: "operator", executable: operatorBinary,
            arguments: ["run", "--config", config.path, "--kubeconfig", emulators.kubeconfig.path])
        defer { operatorProcess.forceKill() }

        let elapsed = try await waitUntilReady(seed: seed, operatorProcess: operatorProcess, started: started, timeout: timeout)
        let usage = try ProcessUsage.read(pid: operatorProcess.pid)
        let kubernetes = try await RequestLog.count(emulator: emulators.kubernetesURL, userAgentPrefix: "runbeam-operator")
        guard await operatorProcess.terminate(timeout: .seconds(30)) == 0 else {
            throw BenchError("the operator did not exit cleanly on SIGTERM; its output:\n\(operatorProcess.output.suffix(2000))")
        }
        return Result(gateways: gateways, secondsToReady: elapsed, usage: usage, kubernetes: kubernetes)
    }

    private func waitUntilReady(
        seed: ClusterSeed, operatorProcess: ChildProcess, started: ContinuousClock.Instant, timeout: Duration
    ) async throws(BenchError) -> Double {
        while true {
            let ready = try await seed.readyCount()
            let elapsed = ContinuousClock.now - started
            if ready >= gateways {
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
            guard operatorProcess.isRunning else {
                throw BenchError("the operator exited before every Gateway was Ready; its output:\n\(operatorProcess.output.suffix(2000))")
            }
            guard elapsed < timeout else {
                throw BenchError(
                    "\(ready) of \(gateways) Gateways Ready after \(timeout); the operator's output:\n\(operatorProcess.output.suffix(2000))")
            }
            try? await Task.sleep(for: .milliseconds(gateways >= 5_000 ? 250 : 50))
        }
    }

    /// The operator's config: leader election off, Runbeam rate limit raised, 8 workers, warnings only.
    private func writeOperatorConfig(in folder: URL, runbeamURL: String) throws(BenchError) -> URL {
        let file = folder.appendingPathComponent("operator.yaml")
        let text = """
            defaultAPIURL: \(runbeamURL)
            runbeam: {requestsPerSecond: 10000, burst: 10000, timeoutSeconds: 30}
            workers: 8
            leaderElection: {enabled: false}
            metricsAddress: 127.0.0.1:0
            healthAddress: 127.0.0.1:0
            log: {level: warning, format: json}

            """
        do {
            try Data(text.utf8).write(to: file)
        } catch {
            throw BenchError("cannot write the operator config \(file.path): \(error)")
        }
        return file
    }
}
