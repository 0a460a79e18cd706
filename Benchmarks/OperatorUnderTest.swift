import Foundation

/// The release-built operator as its own process, with the benchmark configuration: leader election
/// off, the Runbeam rate limit raised, no Kubernetes client budget, 8 workers, warnings only.
enum OperatorUnderTest {
    static func start(binary: URL, emulators: EmulatorProcesses) throws(BenchError) -> BenchProcess {
        let config = emulators.folder.appendingPathComponent("operator.yaml")
        let text = """
            defaultAPIURL: \(emulators.runbeamURL)
            runbeam: {requestsPerSecond: 10000, burst: 10000, timeoutSeconds: 30}
            kubernetes: {qps: 0}
            workers: 8
            leaderElection: {enabled: false}
            metricsAddress: 127.0.0.1:0
            healthAddress: 127.0.0.1:0
            log: {level: warning, format: json}

            """
        do {
            try Data(text.utf8).write(to: config)
        } catch {
            throw BenchError("cannot write the operator config \(config.path): \(error)")
        }
        return try BenchProcess(
            name: "operator", executable: binary,
            arguments: ["run", "--config", config.path, "--kubeconfig", emulators.kubeconfig.path])
    }
}
