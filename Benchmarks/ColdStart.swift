import Foundation
import Kubernetes

/// Scenario 1: N Gateways exist before the operator starts; measures the time until all are Ready and
/// what the operator process spent getting there.
struct ColdStart: Sendable {
    var gateways: Int
    /// Whether each Gateway restarts a Deployment of its own (as in the scripted baseline).
    var rolloutTargets = false
    var operatorBinary: URL

    /// The figures of one run.
    struct Result: Sendable {
        var gateways: Int
        var rolloutTargets: Bool
        var secondsToReady: Double
        /// The operator's peak RSS and CPU time when every Gateway was Ready.
        var usage: ProcessUsage
        /// The operator's requests to the Kubernetes emulator from its start until every Gateway was Ready.
        var kubernetes: RequestLog
        /// Every Gateway with its status once all were Ready (for the renewal-spread scenario).
        var readyGateways: [KubernetesObject]

        /// One machine-readable line per figure.
        var lines: [String] {
            let figures = FigureLines(scenario: "cold_start", labels: "gateways=\(gateways)" + (rolloutTargets ? " rollout_targets_per_gateway=1" : ""))
            return [
                figures.line("seconds_to_ready", secondsToReady),
                figures.line("gateways_per_second", Double(gateways) / max(secondsToReady, 0.000_001)),
                figures.line("peak_rss_mib", usage.peakResidentMiB),
                figures.line("cpu_seconds", usage.cpuSeconds),
                figures.line("cpu_ms_per_gateway", usage.cpuSeconds * 1000 / Double(gateways)),
                figures.line("wall_ms_per_gateway", secondsToReady * 1000 / Double(gateways)),
            ] + kubernetes.lines(figures, per: gateways, unit: "gateway")
        }
    }

    /// Runs the scenario once; every child process is stopped before it returns or throws.
    func run(timeout: Duration) async throws(BenchError) -> Result {
        let cluster = try await BenchCluster.start(operatorBinary: operatorBinary)
        defer { cluster.stop() }
        try await cluster.seed.createGateways(0..<gateways, rolloutTargets: rolloutTargets)
        try await RequestLog.clear(emulator: cluster.emulators.kubernetesURL)

        let started = ContinuousClock.now
        let operatorProcess = try cluster.startOperator()
        defer { operatorProcess.forceKill() }
        let elapsed = try await cluster.waitUntilReady(gateways, operatorProcess: operatorProcess, started: started, timeout: timeout)
        let usage = try ProcessUsage.read(pid: operatorProcess.pid)
        let kubernetes = try await RequestLog.count(emulator: cluster.emulators.kubernetesURL, userAgentPrefix: "runbeam-operator")
        let ready = try await cluster.seed.gateways()
        try await cluster.stopOperator(operatorProcess)
        return Result(gateways: gateways, rolloutTargets: rolloutTargets, secondsToReady: elapsed, usage: usage, kubernetes: kubernetes, readyGateways: ready)
    }
}
