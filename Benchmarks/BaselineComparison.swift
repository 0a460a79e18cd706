import Foundation

/// Scenario 5 side by side: the scripted baseline and the operator (a cold start with one Deployment per
/// Gateway), per Gateway, and their ratios.
struct BaselineComparison: Sendable {
    var baseline: ScriptedBaseline.Result
    var operatorRun: ColdStart.Result

    static func run(gateways: Int, operatorBinary: URL, timeout: Duration) async throws(BenchError) -> BaselineComparison {
        let baseline = try await ScriptedBaseline(gateways: gateways, operatorBinary: operatorBinary).run(timeout: timeout)
        let operatorRun = try await ColdStart(gateways: gateways, rolloutTargets: true, operatorBinary: operatorBinary).run(timeout: timeout)
        return BaselineComparison(baseline: baseline, operatorRun: operatorRun)
    }

    var operatorCPUPerGateway: Double { operatorRun.usage.cpuSeconds / Double(operatorRun.gateways) }
    var baselineCPUPerGateway: Double { baseline.cpuSeconds / Double(baseline.gateways) }
    var cpuRatio: Double { baselineCPUPerGateway / max(operatorCPUPerGateway, 0.000_001) }
    var wallRatio: Double {
        (baseline.wallSeconds / Double(baseline.gateways)) / max(operatorRun.secondsToReady / Double(operatorRun.gateways), 0.000_001)
    }

    var lines: [String] {
        let figures = FigureLines(scenario: "baseline_vs_operator", labels: "gateways=\(baseline.gateways)")
        return baseline.lines + operatorRun.lines + [
            figures.line("cpu_ratio", cpuRatio),
            figures.line("wall_ratio", wallRatio),
        ]
    }
}
