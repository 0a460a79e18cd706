import Basics
import Foundation
import Kubernetes
import Logging

/// One run's world: both emulator processes, a Kubernetes client of the harness's own (user agent
/// `runbeam-bench`, no request budget) and the seeded CRD, namespace and Runbeam credential.
struct BenchCluster: Sendable {
    let emulators: EmulatorProcesses
    let client: KubernetesClient
    let seed: ClusterSeed
    let operatorBinary: URL

    /// Starts the emulators and seeds them; `tokenLifetime` as the Runbeam emulator reads it.
    static func start(operatorBinary: URL, tokenLifetime: String = "30d") async throws(BenchError) -> BenchCluster {
        let emulators = try await EmulatorProcesses.start(binary: operatorBinary, tokenLifetime: tokenLifetime)
        let client: KubernetesClient
        do {
            let configuration = try KubeconfigLoader(explicitPath: emulators.kubeconfig.path).load()
            client = KubernetesClient(
                configuration: configuration,
                options: KubernetesClientOptions(qps: 0, userAgent: "runbeam-bench"),
                logger: Logger(label: "runbeam.bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch {
            emulators.stop()
            throw BenchError("cannot load the Kubernetes emulator's kubeconfig: \(error)")
        }
        let cluster = BenchCluster(emulators: emulators, client: client, seed: ClusterSeed(client: client), operatorBinary: operatorBinary)
        do {
            try await cluster.seed.prepare(crd: try await ClusterSeed.crd(binary: operatorBinary), credential: emulators.credential)
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    /// Starts the operator under test with the benchmark configuration (see ``OperatorUnderTest``).
    func startOperator() throws(BenchError) -> BenchProcess {
        try OperatorUnderTest.start(binary: operatorBinary, emulators: emulators)
    }

    /// Polls until `count` Gateways are Ready; returns the seconds since `started`. Fails when the
    /// operator exits or `timeout` passes.
    func waitUntilReady(
        _ count: Int, operatorProcess: BenchProcess, started: ContinuousClock.Instant, timeout: Duration
    ) async throws(BenchError) -> Double {
        while true {
            let ready = try await seed.readyCount()
            let elapsed = ContinuousClock.now - started
            if ready >= count { return elapsed.inSeconds }
            guard operatorProcess.isRunning else {
                throw BenchError("the operator exited before \(count) Gateways were Ready; its output:\n\(operatorProcess.output.suffix(2000))")
            }
            guard elapsed < timeout else {
                throw BenchError("\(ready) of \(count) Gateways Ready after \(timeout); the operator's output:\n\(operatorProcess.output.suffix(2000))")
            }
            try? await Task.sleep(for: .milliseconds(count >= 5_000 ? 250 : 50))
        }
    }

    /// Stops the operator with SIGTERM and checks it exits cleanly.
    func stopOperator(_ process: BenchProcess) async throws(BenchError) {
        guard await process.terminate(timeout: .seconds(30)) == 0 else {
            throw BenchError("the operator did not exit cleanly on SIGTERM; its output:\n\(process.output.suffix(2000))")
        }
    }

    /// Shuts the client down, kills the emulators and removes the work folder.
    func stop() {
        client.shutdown()
        emulators.stop()
    }
}

