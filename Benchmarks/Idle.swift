import Foundation

/// Scenario 0: the operator with no Gateway, after it has listed and watched every resource it caches;
/// its resident memory (the floor every other figure sits on) and the binary's size.
struct Idle: Sendable {
    var operatorBinary: URL
    /// How long the operator runs before it is measured: its informers have listed and are watching, it has
    /// released its start-up code and what its steady state runs (watches, timers, metrics) has faulted back in.
    var settle: Duration = .seconds(30)

    struct Result: Sendable {
        /// `VmRSS` after settling, in bytes.
        var residentBytes: Int
        var usage: ProcessUsage
        /// The operator's mapped pages that come from its own executable file (`Rss` of those mappings in `/proc/PID/smaps`).
        var binaryResidentBytes: Int
        var binaryBytes: Int

        var residentMiB: Double { Double(residentBytes) / 1_048_576 }
        var binaryResidentMiB: Double { Double(binaryResidentBytes) / 1_048_576 }
        var binaryMiB: Double { Double(binaryBytes) / 1_048_576 }

        var lines: [String] {
            let figures = FigureLines(scenario: "idle", labels: "")
            return [
                figures.line("rss_mib", residentMiB),
                figures.line("peak_rss_mib", usage.peakResidentMiB),
                figures.line("binary_rss_mib", binaryResidentMiB),
                figures.line("binary_mib", binaryMiB),
            ]
        }
    }

    func run() async throws(BenchError) -> Result {
        let cluster = try await BenchCluster.start(operatorBinary: operatorBinary)
        defer { cluster.stop() }
        let operatorProcess = try cluster.startOperator()
        defer { operatorProcess.forceKill() }
        try? await Task.sleep(for: settle)
        guard operatorProcess.isRunning else {
            throw BenchError("the operator exited while idle; its output:\n\(operatorProcess.output.suffix(2000))")
        }
        let usage = try ProcessUsage.read(pid: operatorProcess.pid)
        let resident = try ProcessUsage.residentBytes(pid: operatorProcess.pid)
        let binaryResident = try ProcessUsage.residentBytes(pid: operatorProcess.pid, mappedFrom: operatorBinary.resolvingSymlinksInPath().path)
        try await cluster.stopOperator(operatorProcess)
        let size = (try? FileManager.default.attributesOfItem(atPath: operatorBinary.path)[.size] as? Int) ?? 0
        return Result(residentBytes: resident, usage: usage, binaryResidentBytes: binaryResident, binaryBytes: size)
    }
}
