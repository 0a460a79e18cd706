import Emulators
import Foundation
import Sandbox
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The alerts and the dashboard query only series the operator exports: a real `run` against the sandbox's cluster,
/// with one refused Secret write and one refused Lease request injected (their counters exist only once something
/// failed), must expose every `runbeam_operator_*` name the PrometheusRule and the dashboard use.
@Suite struct MonitoringSeriesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `runbeam_operator_…` name in `text` (rule expressions, dashboard targets).
    static func seriesNames(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: "runbeam_operator_[a-z_]*[a-z]")
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
    }

    /// The sample names of a Prometheus text exposition.
    static func exportedNames(_ exposition: String) -> Set<String> {
        Set(exposition.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            line.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init)
        })
    }

    @Test func theFilesUseTheNamesTheREADMEDocuments() throws {
        let rules = try String(contentsOf: Self.repository.appendingPathComponent("manifests/monitoring/prometheusrule.yaml"), encoding: .utf8)
        let dashboard = try String(contentsOf: Self.repository.appendingPathComponent("manifests/monitoring/runbeam-operator-dashboard.json"), encoding: .utf8)
        let ruleNames = Self.seriesNames(in: rules)
        #expect(ruleNames.isSuperset(of: [
            "runbeam_operator_token_expiry_timestamp_seconds", "runbeam_operator_token_requests_total", "runbeam_operator_kube_write_failures_total",
            "runbeam_operator_leader", "runbeam_operator_gateways", "runbeam_operator_reconcile_total",
        ]))
        #expect(Self.seriesNames(in: dashboard).count >= 8)
        #expect(Self.seriesNames(in: "rate(runbeam_operator_reconcile_duration_seconds_bucket[5m])") == ["runbeam_operator_reconcile_duration_seconds_bucket"])
    }

    @Test func everySeriesTheRulesAndTheDashboardUseIsExported() async throws {
        let rules = try String(contentsOf: Self.repository.appendingPathComponent("manifests/monitoring/prometheusrule.yaml"), encoding: .utf8)
        let dashboard = try String(contentsOf: Self.repository.appendingPathComponent("manifests/monitoring/runbeam-operator-dashboard.json"), encoding: .utf8)
        let wanted = Self.seriesNames(in: rules).union(Self.seriesNames(in: dashboard))

        let cluster = try await SandboxCluster.start(SandboxOptions(gateways: 2, timeScale: 86_400, runsController: false))
        cluster.kube.faults.failNext(1, matching: .init(verb: "create", pathContains: "/secrets"), with: .forbidden())
        cluster.kube.faults.failNext(1, matching: .init(pathContains: "/leases"), with: .forbidden())
        let operatorProcess = try OperatorProcess(arguments: [
            "run", "--config", cluster.operatorConfiguration.path, "--kubeconfig", cluster.kubeconfig.path,
            "--leader-elect", "true", "--log-format", "json",
        ])
        var exported: Set<String> = []
        if let ports = await operatorProcess.probePorts(within: .seconds(30)) {
            let url = URL(string: "http://127.0.0.1:\(ports.metrics)/metrics")!
            _ = await eventually(timeout: .seconds(60), every: .milliseconds(100)) {
                guard let (data, _) = try? await URLSession.shared.data(from: url) else { return false }
                exported = Self.exportedNames(String(decoding: data, as: UTF8.self))
                return exported.isSuperset(of: wanted)
            }
        }
        operatorProcess.terminate()
        _ = await operatorProcess.waitForExit(timeout: .seconds(30))
        operatorProcess.kill()
        let log = operatorProcess.output
        await cluster.shutdown()

        #expect(!exported.isEmpty, "no /metrics scraped; operator output: \(log.suffix(2000))")
        #expect(wanted.subtracting(exported).isEmpty, "used by the rules or the dashboard but not exported: \(wanted.subtracting(exported).sorted())")
        #expect(wanted.count >= 10)
    }
}
