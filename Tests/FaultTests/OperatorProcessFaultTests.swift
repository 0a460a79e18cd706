import Foundation
import JSON
import TestSupport
import Testing

/// The operator process itself fails: SIGKILL mid-reconcile, and leader failover.
@Suite struct OperatorProcessFaultTests {
    @Test func killedRepeatedlyMidReconcile() async throws {
        try await FaultRun.scenario("operator: SIGKILLed 5 times mid-reconcile", renewals: 3, lostTokens: 6) { run in
            var generator = SystemRandomNumberGenerator()
            // Slow answers stretch each reconcile (authorize 0.5 s, every API request 30 ms), so the kills land inside them.
            run.cluster.kubeFaults?.setLatency(.milliseconds(30))
            for round in 0..<5 {
                run.cluster.cloud.faults.inject(.delay(.milliseconds(500)), count: run.cluster.settings.gateways.count)
                // Renewals requested for every Gateway put reconciles (token, Secret, rollouts, status) in flight.
                for gateway in run.cluster.settings.gateways {
                    _ = try await run.cluster.apiRequest(
                        "PATCH", "\(AnotherWriterFaultTests.gateways)/\(gateway)",
                        body: ["metadata": ["annotations": ["runbeam.io/renew-requested-at": .string("round-\(round)")]]],
                        contentType: "application/merge-patch+json")
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...1200, using: &generator)))
                await run.kill(0)
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...1500, using: &generator)))
                try run.startReplica(0)
                try await Task.sleep(for: .milliseconds(Int.random(in: 500...3000, using: &generator)))
            }
            run.cluster.kubeFaults?.setLatency(.zero)
        }
    }

    @Test func killedRightAfterTheSecretWrite() async throws {
        try await FaultRun.scenario("operator: SIGKILLed between a renewal's Secret write and its rollouts") { run in
            for round in 0..<2 {
                // A renewal in a later second than the token status records (issued_at has whole seconds).
                try await Task.sleep(for: .milliseconds(1100))
                // The kill comes from the store as the renewed Secret is committed, before any rollout request.
                run.cluster.recorder.onNextSecretUpdate { _ in run.killNow(0) }
                _ = try await run.cluster.apiRequest(
                    "PATCH", "\(AnotherWriterFaultTests.gateways)/alpha",
                    body: ["metadata": ["annotations": ["runbeam.io/renew-requested-at": .string("kill-\(round)")]]],
                    contentType: "application/merge-patch+json")
                let killed = await eventually(timeout: .seconds(10), every: .milliseconds(100)) { run.isStopped(0) }
                #expect(killed, "the renewal did not write the Secret")
                await run.kill(0)
                try run.startReplica(0)
                try await Task.sleep(for: .seconds(3))
            }
        }
    }

    @Test func leaderKilledStandbyTakesOver() async throws {
        var settings = FaultSettings()
        settings.replicas = 2
        try await FaultRun.scenario("operator: leader SIGKILLed, standby takes over", settings) { run in
            let leader = try #require(run.leader, "no replica holds the Lease")
            let standby = 1 - leader
            await run.kill(leader)
            let killedAt = ContinuousClock.now
            // leaseDuration 4 s: the standby takes the Lease once it is not renewed for that long.
            let tookOver = await eventually(timeout: .seconds(15), every: .milliseconds(100)) { run.leader == standby }
            print("fault leader failover: the standby took the Lease \(ContinuousClock.now - killedAt) after the leader's SIGKILL")
            #expect(tookOver, "the standby did not take the Lease; output:\n\(run.output.suffix(3000))")
            // The old leader comes back as the standby and must stay one.
            try run.startReplica(leader)
            try await Task.sleep(for: .seconds(3))
            #expect(run.leader == standby)
        }
    }
}
