import ArgumentParser
import Foundation

/// `runbeam-bench all`: every scenario at the sizes the README records, each figure line as it comes,
/// then one Markdown table against the targets.
struct AllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every scenario (cold start at 100/1,000/10,000, live creation, API cost, renewal spread, baseline) and print the table.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "The largest cold start, also the renewal-spread token count.")
    var largest: Int = 10_000

    func run() async throws {
        let binary = try common.binary()
        let timeout = Duration.seconds(common.timeout)
        var table = SummaryTable()
        try await report("all") {
            var lines: [String] = []
            func emit(_ new: [String]) {
                for line in new { print(line) }
                fflush(nil)
                lines += new
            }
            let idle = try await Idle(operatorBinary: binary).run()
            emit(idle.lines)
            table.add(idle: idle)
            for size in [100, 1_000, largest] {
                let result = try await ColdStart(gateways: size, operatorBinary: binary).run(timeout: timeout)
                emit(result.lines)
                table.add(coldStart: result, idle: idle)
                if size == largest {
                    let spread = try RenewalSpread(gateways: result.readyGateways)
                    emit(spread.lines)
                    table.add(spread: spread)
                }
            }
            let live = try await LiveCreation(existing: 1_000, created: 1_000, rate: 100, operatorBinary: binary).run(timeout: timeout)
            emit(live.lines)
            table.add(live: live)
            let cost = try await APICost(gateways: 100, steadySeconds: 30, tokenLifetimeSeconds: 90, operatorBinary: binary).run(timeout: timeout)
            emit(cost.lines)
            table.add(cost: cost)
            let comparison = try await BaselineComparison.run(gateways: 100, operatorBinary: binary, timeout: timeout)
            emit(comparison.lines)
            table.add(baseline: comparison)
            return ["", table.markdown]
        }
    }
}

/// The README's results table: figure, measured value, target.
struct SummaryTable: Sendable {
    private var rows: [(String, String, String)] = []

    private static func f(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

    mutating func add(idle: Idle.Result) {
        rows.append(("Idle (no Gateway, watching): operator RSS (MiB)", Self.f(idle.residentMiB), "≤ 20 MiB"))
        rows.append(("Idle: of which the binary's own pages (MiB)", Self.f(idle.binaryResidentMiB), ""))
        rows.append(("Binary size, static release build (MiB)", Self.f(idle.binaryMiB), ""))
    }

    mutating func add(coldStart r: ColdStart.Result, idle: Idle.Result) {
        let n = r.gateways.formatted()
        let rssTarget = r.gateways >= 10_000 ? "≤ 64 MiB" : r.gateways >= 1_000 ? "≤ 32 MiB" : ""
        rows.append(("Cold start, \(n) Gateways: seconds to all Ready", Self.f(r.secondsToReady), r.gateways >= 10_000 ? "≤ 30 s" : ""))
        rows.append(("Cold start, \(n): Gateways per second", Self.f(Double(r.gateways) / r.secondsToReady), r.gateways >= 10_000 ? "≥ 300" : ""))
        rows.append(("Cold start, \(n): operator peak RSS (MiB)", Self.f(r.usage.peakResidentMiB), rssTarget))
        rows.append(("Cold start, \(n): operator CPU seconds", Self.f(r.usage.cpuSeconds, 2), ""))
        let perThousand = (r.usage.peakResidentMiB - idle.residentMiB) * 1_000 / Double(r.gateways)
        rows.append(("Cold start, \(n): peak RSS above idle per 1,000 Gateways (MiB)", Self.f(perThousand), ""))
    }

    mutating func add(spread: RenewalSpread) {
        rows.append((
            "Renewal spread, \(spread.tokens.formatted()) tokens issued in \(Self.f(spread.issuanceSpanSeconds)) s: busiest minute / mean "
                + "(\(spread.busiestMinute) / \(Self.f(spread.mean, 2)) over \(spread.windowMinutes) min)",
            Self.f(Double(spread.busiestMinute) / spread.mean, 2), "≤ 2"))
        rows.append((
            "Renewal spread, same tokens: busiest 60 seconds anywhere / mean (\(spread.busiestSixtySeconds) / \(Self.f(spread.mean, 2)))",
            Self.f(Double(spread.busiestSixtySeconds) / spread.mean, 2), "≤ 2"))
    }

    mutating func add(live: LiveCreation.Result) {
        rows.append(("Live creation at \(live.existing.formatted()) existing: p50 create → Secret (ms)", Self.f(live.latencies.value(at: 0.5) * 1000), ""))
        rows.append(("Live creation at \(live.existing.formatted()) existing: p99 create → Secret (ms)", Self.f(live.latencies.value(at: 0.99) * 1000), "≤ 50 ms"))
    }

    mutating func add(cost: APICost.Result) {
        let n = Double(cost.gateways)
        rows.append(("First issuance (1 rollout target): Kubernetes requests / writes per Gateway",
                     "\(Self.f(Double(cost.issuance.requests) / n, 2)) / \(Self.f(Double(cost.issuance.writes) / n, 2))", "writes ≤ 3 + 1"))
        rows.append(("Renewal (1 rollout target): Kubernetes requests / writes per renewal",
                     "\(Self.f(Double(cost.renewal.requests) / n, 2)) / \(Self.f(Double(cost.renewal.writes) / n, 2))", "writes ≤ 3 + 1"))
        rows.append(("Steady state (\(cost.steadySeconds) s; the server ends every watch twice and compacts its history): writes", "\(cost.steady.writes)", "0"))
    }

    mutating func add(baseline c: BaselineComparison) {
        rows.append(("Scripted baseline, \(c.baseline.gateways) Gateways: CPU ms / wall ms per Gateway",
                     "\(Self.f(c.baselineCPUPerGateway * 1000)) / \(Self.f(c.baseline.wallSeconds * 1000 / Double(c.baseline.gateways)))", ""))
        rows.append(("Operator, \(c.operatorRun.gateways) Gateways: CPU ms / wall ms per Gateway",
                     "\(Self.f(c.operatorCPUPerGateway * 1000)) / \(Self.f(c.operatorRun.secondsToReady * 1000 / Double(c.operatorRun.gateways)))", ""))
        rows.append(("Baseline ÷ operator: CPU per Gateway", Self.f(c.cpuRatio), "≥ 20"))
        rows.append(("Baseline ÷ operator: wall time per Gateway", Self.f(c.wallRatio), ""))
    }

    var markdown: String {
        (["| Figure | Measured | Target |", "| --- | ---: | --- |"] + rows.map { "| \($0.0) | \($0.1) | \($0.2) |" }).joined(separator: "\n")
    }
}
