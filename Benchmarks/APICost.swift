import Foundation
import Kubernetes

/// Scenario 3: the operator's Kubernetes requests and writes per first issuance, per renewal, and during a
/// steady state in which everything a long quiet period brings (watches ended by the server, history
/// compacted so every watch lists again) happens within `steadySeconds`.
///
/// Every Gateway restarts one Deployment, so a first issuance and a renewal each include one rollout.
/// Tokens live `tokenLifetimeSeconds` so that renewals come due within the run.
struct APICost: Sendable {
    var gateways: Int
    var steadySeconds: Int
    var tokenLifetimeSeconds: Int
    var operatorBinary: URL

    struct Result: Sendable {
        var gateways: Int
        var issuance: RequestLog
        var steady: RequestLog
        var renewal: RequestLog
        var runbeamPerIssuance: Double
        var runbeamPerRenewal: Double
        var steadySeconds: Int

        var lines: [String] {
            let labels = "gateways=\(gateways) rollout_targets_per_gateway=1"
            let issuanceFigures = FigureLines(scenario: "api_cost_first_issuance", labels: labels)
            let renewalFigures = FigureLines(scenario: "api_cost_renewal", labels: labels)
            let steadyFigures = FigureLines(scenario: "api_cost_steady_state", labels: "gateways=\(gateways) seconds=\(steadySeconds)")
            return issuance.lines(issuanceFigures, per: gateways, unit: "gateway")
                + [issuanceFigures.line("runbeam_requests_per_gateway", runbeamPerIssuance)]
                + renewal.lines(renewalFigures, per: gateways, unit: "renewal")
                + [renewalFigures.line("runbeam_requests_per_renewal", runbeamPerRenewal)]
                + steady.lines(steadyFigures, per: gateways, unit: "gateway")
        }
    }

    func run(timeout: Duration) async throws(BenchError) -> Result {
        let cluster = try await BenchCluster.start(operatorBinary: operatorBinary, tokenLifetime: "\(tokenLifetimeSeconds)s")
        defer { cluster.stop() }
        let kube = cluster.emulators.kubernetesURL, runbeam = cluster.emulators.runbeamURL.replacingOccurrences(of: "/api", with: "")
        try await cluster.seed.createGateways(0..<gateways, rolloutTargets: true)
        try await RequestLog.clear(emulator: kube)

        // First issuance: from the operator's start until every Gateway is Ready and every Deployment rolled.
        let operatorProcess = try cluster.startOperator()
        defer { operatorProcess.forceKill() }
        let started = ContinuousClock.now
        _ = try await cluster.waitUntilReady(gateways, operatorProcess: operatorProcess, started: started, timeout: timeout)
        let firstIssued = try await issuedAt(cluster)
        try await settle()
        let issuance = try await RequestLog.count(emulator: kube, userAgentPrefix: "runbeam-operator")
        let runbeamIssuance = try await RequestLog.count(emulator: runbeam, userAgentPrefix: "runbeam-operator")

        // Steady state: the server ends every watch, then compacts its history so that every watch lists again.
        try await RequestLog.clear(emulator: kube)
        try await RequestLog.clear(emulator: runbeam)
        try await Task.sleep(seconds: steadySeconds / 3)
        try await EmulatorControl.call(kube, "POST", "faults/drop-watches")
        try await Task.sleep(seconds: steadySeconds / 3)
        try await EmulatorControl.call(kube, "POST", "faults/compact")
        try await EmulatorControl.call(kube, "POST", "faults/drop-watches")
        try await Task.sleep(seconds: steadySeconds - 2 * (steadySeconds / 3))
        let steady = try await RequestLog.count(emulator: kube, userAgentPrefix: "runbeam-operator")
        let renewalsDuringSteady = try await issuedAt(cluster).filter { firstIssued[$0.key] != $0.value }.count
        guard renewalsDuringSteady == 0 else {
            throw BenchError("\(renewalsDuringSteady) tokens were renewed during the steady-state window; use a longer --token-lifetime or a shorter --steady-seconds")
        }

        // Renewal: until every Gateway holds a second token and is Ready again.
        try await RequestLog.clear(emulator: kube)
        let deadline = ContinuousClock.now + .seconds(tokenLifetimeSeconds) + timeout
        while true {
            let renewed = try await issuedAt(cluster).filter { firstIssued[$0.key] != $0.value }.count
            if renewed == gateways, try await cluster.seed.readyCount() == gateways { break }
            guard operatorProcess.isRunning, ContinuousClock.now < deadline else {
                throw BenchError("\(renewed) of \(gateways) tokens renewed in time; the operator's output:\n\(operatorProcess.output.suffix(2000))")
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        try await settle()
        let renewal = try await RequestLog.count(emulator: kube, userAgentPrefix: "runbeam-operator")
        let runbeamRenewal = try await RequestLog.count(emulator: runbeam, userAgentPrefix: "runbeam-operator")
        try await cluster.stopOperator(operatorProcess)
        return Result(
            gateways: gateways, issuance: issuance, steady: steady, renewal: renewal,
            runbeamPerIssuance: Double(runbeamIssuance.requests) / Double(gateways),
            runbeamPerRenewal: Double(runbeamRenewal.requests) / Double(gateways), steadySeconds: steadySeconds)
    }

    /// Each Gateway's `status.issuedAt`.
    private func issuedAt(_ cluster: BenchCluster) async throws(BenchError) -> [String: String] {
        var issued: [String: String] = [:]
        for gateway in try await cluster.seed.gateways() {
            issued[gateway.metadata.name ?? ""] = gateway["status", "issuedAt"]?.stringValue ?? ""
        }
        return issued
    }

    /// Lets rollouts finish and the last status writes land before counting.
    private func settle() async throws(BenchError) {
        try await Task.sleep(seconds: 2)
    }
}

extension Task where Success == Never, Failure == Never {
    /// Sleeps whole seconds; a cancelled benchmark stops with a clear error.
    static func sleep(seconds: Int) async throws(BenchError) {
        do {
            try await Task.sleep(for: .seconds(seconds))
        } catch {
            throw BenchError("the benchmark was cancelled")
        }
    }
}
