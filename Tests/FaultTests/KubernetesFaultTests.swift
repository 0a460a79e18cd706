import Emulators
import Foundation
import JSON
import TestSupport
import Testing

/// Faults of the Kubernetes API server, with 30-second tokens renewed at half their lifetime.
@Suite struct KubernetesFaultTests {
    @Test func watchesDropped() async throws {
        try await FaultRun.scenario("kube: all watches dropped") { run in
            for _ in 0..<3 {
                run.cluster.kubeFaults?.dropAllWatches()
                try await Task.sleep(for: .seconds(2))
            }
            // The re-established watches still see changes: a renewal request is acted on.
            try await Self.expectRequestedRenewal(run)
        }
    }

    @Test func historyCompacted() async throws {
        try await FaultRun.scenario("kube: history compacted (410)") { run in
            // Let some events pass, so every watch resumes from a resourceVersion the compaction forgets.
            try await Task.sleep(for: .seconds(1))
            let compactedAt = Date()
            run.cluster.kubeFaults?.compactHistory()
            run.cluster.kubeFaults?.dropAllWatches()
            // As on a real server, the resumed watch is answered 200 with an ERROR event carrying 410 Expired;
            // the operator's answer to that is a fresh list.
            let relisted = await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
                run.cluster.kubeRequests.contains { $0.verb == "list" && $0.time > compactedAt && $0.bearerToken != FaultCluster.writerToken }
            }
            #expect(relisted, "no list after the watches resumed from a compacted resourceVersion (410 ERROR event)")
            try await Self.expectRequestedRenewal(run)
        }
    }

    @Test func tooManyRequestsWithRetryAfter() async throws {
        // 60-second tokens renewed 30 s before expiry: honouring 30 Retry-After seconds one request at a time
        // (the Lease's, then the reconciles') takes longer than a 30-second token's 15-second margin.
        let settings = FaultSettings(tokenLifetime: .seconds(60))
        try await FaultRun.scenario("kube: 429 with Retry-After", settings) { run in
            await FaultRun.sleep(until: (run.earliestRenewal() ?? Date()).addingTimeInterval(-1))
            run.cluster.kubeFaults?.failNext(30, with: .tooManyRequests(retryAfter: 1))
            let answered = await eventually(timeout: .seconds(45), every: .milliseconds(100)) { run.cluster.kubeRequests.filter { $0.statusCode == 429 }.count >= 30 }
            #expect(answered, "the operator did not meet all 30 injected 429s")
        }
    }

    @Test(arguments: [KubernetesInjectedFailure.internalError, .serviceUnavailable])
    func outageOfThirtySeconds(failure: KubernetesInjectedFailure) async throws {
        // 60-second tokens renewed about 40 s before expiry, so a 30-second outage over the renewal time is survivable.
        let settings = FaultSettings(tokenLifetime: .seconds(60), renewBeforePercentage: 67)
        try await FaultRun.scenario("kube: \(failure) for 30 s", settings) { run in
            await FaultRun.sleep(until: (run.earliestRenewal() ?? Date()).addingTimeInterval(-5))
            run.cluster.kubeFaults?.failFor(.seconds(30), with: failure)
            try await Task.sleep(for: .seconds(30))
            let code = failure == .internalError ? 500 : 503
            #expect(run.cluster.kubeRequests.contains { $0.statusCode == code && $0.bearerToken == FaultCluster.replicaToken(0) })
        }
    }

    @Test func restartedWithStateKept() async throws {
        try await FaultRun.scenario("kube: API server restarted, state kept") { run in
            for pause in [Duration.seconds(3), .seconds(1)] {
                await run.cluster.stopKube()
                try await Task.sleep(for: pause)
                try await run.cluster.startKube()
                try await Task.sleep(for: .seconds(4))
            }
            try await Self.expectRequestedRenewal(run)
        }
    }

    /// Asks for an immediate renewal of the first Gateway and expects a new token within 15 s: proof the
    /// operator's watches are live again.
    static func expectRequestedRenewal(_ run: FaultRun) async throws {
        let gateway = run.cluster.settings.gateways[0]
        let before = run.cluster.recorder.tokenChanges(gateway).count
        let (status, _) = try await run.cluster.apiRequest(
            "PATCH", "/apis/runbeam.io/v1alpha1/namespaces/\(FaultCluster.namespace)/gateways/\(gateway)",
            body: ["metadata": ["annotations": ["runbeam.io/renew-requested-at": .string(UUID().uuidString)]]],
            contentType: "application/merge-patch+json")
        #expect(status == 200)
        let renewed = await eventually(timeout: .seconds(15), every: .milliseconds(100)) { run.cluster.recorder.tokenChanges(gateway).count > before }
        #expect(renewed, "a requested renewal was not acted on within 15 s; output:\n\(run.output.suffix(3000))")
    }
}
