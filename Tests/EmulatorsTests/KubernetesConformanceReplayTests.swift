import Foundation
import JSON
import TestSupport
import Testing
@testable import Emulators

/// Replays the conformance corpus (`Fixtures/conformance`: scenarios recorded against a real kube-apiserver
/// 1.36) against the in-process emulator, prints a per-scenario report and holds the emulator to it.
@Suite(.serialized) struct KubernetesConformanceReplayTests {
    static let adminToken = "kdiff-admin-token"
    static let directory = Bundle.module.resourceURL!.appending(path: "Fixtures/conformance")

    /// Scenarios not replayed, with the reason (also listed in the emulator's README).
    static let skipped: [String: String] = [
        "watch-sendinitialevents": "profile etcd34: the recording reflects etcd 3.4 lacking RequestWatchProgress (an ERROR 500 event); the emulator follows the documented WatchList behaviour",
        "watch-sendinitialevents-no-bookmarks": "profile etcd34: the recording reflects etcd 3.4 lacking RequestWatchProgress",
    ]

    /// The share of compared steps that must match: measured 452 of 453 (99.8 %); 98 % leaves room for the few
    /// timing-dependent steps on a loaded machine (the issue's target is 95 %).
    static let stepThreshold = 0.98

    @Test func replayMatchesTheRecordedRealServer() async throws {
        let names = try ConformanceScenario.names(directory: Self.directory).filter { Self.skipped[$0] == nil }
        var outcomes: [ConformanceReplay.ScenarioOutcome] = []
        for profile in ["default", "orpe"] {
            let plugins: Set<KubernetesAdmissionPlugin> = profile == "orpe" ? [.ownerReferencesPermissionEnforcement] : []
            let configuration = KubernetesEmulator.Configuration(bearerTokens: [Self.adminToken], anonymousRequests: true, admissionPlugins: plugins)
            outcomes += try await EmulatedCluster.with(configuration) { cluster in
                let replay = ConformanceReplay(directory: Self.directory, runner: ConformanceRunner(port: cluster.emulator.port, adminToken: Self.adminToken))
                let selected = try names.filter { try ConformanceScenario.load(name: $0, directory: Self.directory).profile == profile }
                return await Self.offThePool { selected.map(replay.replay) }
            }
        }
        let report = Self.report(outcomes)
        print(report.text)
        #expect(report.statusOrReasonMismatches.isEmpty, "status code or reason differs: \(report.statusOrReasonMismatches)")
        #expect(Double(report.matched) >= Self.stepThreshold * Double(report.total), "steps: \(report.matched)/\(report.total) matched")
    }

    struct Report {
        var text: String
        var matched: Int
        var total: Int
        var statusOrReasonMismatches: [String]
    }

    static func report(_ outcomes: [ConformanceReplay.ScenarioOutcome]) -> Report {
        var lines: [String] = []
        var matched = 0, total = 0
        var mismatches: [String] = []
        for outcome in outcomes {
            lines.append("\(outcome.passed ? "PASS" : "FAIL") \(outcome.name)")
            if let error = outcome.error { lines.append("    error: \(error)") }
            for step in outcome.steps {
                total += 1
                if step.matched { matched += 1 } else {
                    lines.append("    \(step.id): " + step.differences.filter { !$0.soft }.prefix(3).map(\.description).joined(separator: "; "))
                }
                if step.statusOrReasonDiffers { mismatches.append("\(outcome.name)/\(step.id)") }
            }
            if outcome.error != nil { mismatches.append(outcome.name) }
        }
        for (name, reason) in skipped.sorted(by: { $0.key < $1.key }) { lines.append("SKIP \(name): \(reason)") }
        let passed = outcomes.filter(\.passed).count
        lines.append("steps: \(matched)/\(total) matched")
        lines.append("status code or reason mismatches: \(mismatches.count)")
        lines.append("\(passed) passed, \(outcomes.count - passed) failed")
        return Report(text: lines.joined(separator: "\n"), matched: matched, total: total, statusOrReasonMismatches: mismatches)
    }

    /// Runs blocking socket work on its own thread, not on Swift's cooperative pool.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}
