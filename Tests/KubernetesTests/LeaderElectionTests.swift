import Basics
import Emulators
import Foundation
import JSON
import TestSupport
import Testing
@testable import Kubernetes

@Suite struct LeaderElectionTests {
    static let leaseDuration = Duration.seconds(4)
    static let retryPeriod = Duration.milliseconds(200)

    /// One candidate with its own client (its user agent names it in the emulator's request log).
    final class Candidate: Sendable {
        let identity: String
        let elector: LeaderElector
        let client: KubernetesClient
        let task = Locked<Task<Void, Never>?>(nil)
        let transitions = Locked<[Bool]>([])
        /// When each term ended, as the elector reported it.
        let stoppedAt = Locked<[Date]>([])

        init(_ identity: String, environment: EmulatedCluster) throws {
            self.identity = identity
            client = environment.client(options: .init(qps: 0, maxAttempts: 1, userAgent: "elector-\(identity)"))
            elector = LeaderElector(client: client, configuration: .init(
                namespace: "default", leaseName: "runbeam-operator", identity: identity, leaseDuration: LeaderElectionTests.leaseDuration,
                renewDeadline: .milliseconds(3000), retryPeriod: LeaderElectionTests.retryPeriod
            ))
        }

        func start() {
            let elector = elector
            let transitions = transitions
            let stoppedAt = stoppedAt
            task.withLock {
                $0 = Task {
                    await elector.run(
                        onStartedLeading: { transitions.withLock { $0.append(true) } },
                        onStoppedLeading: {
                            stoppedAt.withLock { $0.append(Date()) }
                            transitions.withLock { $0.append(false) }
                        }
                    )
                }
            }
        }

        /// Cancels the campaign and waits for it to end; a clean stop releases the lease, a crash
        /// (the connection cut first) cannot.
        func stop(crash: Bool = false) async {
            if crash { client.shutdown() }
            let running = task.withLock { $0 }
            running?.cancel()
            await running?.value
            client.shutdown()
        }
    }

    /// One committed version of the Lease: who held it and the times the holder stamped.
    struct LeaseVersion: Sendable {
        var holder: String?
        var acquireTime: Date?
        var renewTime: Date?
    }

    /// Records every committed version of the Lease, in commit order.
    static func recordLeaseVersions(_ environment: EmulatedCluster) -> Locked<[LeaseVersion]> {
        let versions = Locked<[LeaseVersion]>([])
        environment.emulator.store.onChange { change in
            guard change.resourceKey.hasPrefix("leases"), change.type != "DELETED" else { return }
            let lease = Lease(object: KubernetesObject(change.object))
            versions.withLock { $0.append(LeaseVersion(holder: lease.holderIdentity, acquireTime: lease.acquireTime, renewTime: lease.renewTime)) }
        }
        return versions
    }

    @Test func oneLeaderFailoverAndCleanHandover() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let versions = Self.recordLeaseVersions(environment)
        let first = try Candidate("a", environment: environment)
        let second = try Candidate("b", environment: environment)
        first.start()
        second.start()
        #expect(await eventually { first.elector.isLeader || second.elector.isLeader })
        // For a while, never two leaders at once.
        for _ in 0..<50 {
            #expect(!(first.elector.isLeader && second.elector.isLeader))
            try await Task.sleep(for: .milliseconds(20))
        }
        let (leader, standby) = first.elector.isLeader ? (first, second) : (second, first)

        // The leader stops without releasing: the standby takes the lease, but only once it has gone
        // unrenewed for leaseDuration (judged on the times both stamped into the Lease, not on how
        // fast this machine is).
        await leader.stop(crash: true)
        #expect(await eventually(timeout: .seconds(30)) { standby.elector.isLeader })
        let failover = versions.withLock { $0 }
        let takeover = try #require(failover.firstIndex { $0.holder == standby.identity })
        let lastRenewal = try #require(failover[..<takeover].last { $0.holder == leader.identity }?.renewTime)
        let acquired = try #require(failover[takeover].acquireTime)
        #expect(acquired.timeIntervalSince(lastRenewal) >= Double(Self.leaseDuration.components.seconds) - 0.001,
                "the standby took the lease \(acquired.timeIntervalSince(lastRenewal)) s after its last renewal")

        // A clean shutdown releases the lease (empty holder), and a new candidate takes the released
        // lease at its next try instead of waiting for it to expire.
        let third = try Candidate("c", environment: environment)
        third.start()
        try await Task.sleep(for: .milliseconds(500))
        #expect(!third.elector.isLeader)
        await standby.stop()
        #expect(await eventually(timeout: .seconds(30)) { third.elector.isLeader })
        let handover = versions.withLock { $0 }
        let thirdTakes = try #require(handover.firstIndex { $0.holder == third.identity })
        #expect(thirdTakes > 0 && handover[thirdTakes - 1].holder == nil, "the lease was not released before c took it")
        #expect(handover[..<thirdTakes].last { $0.holder != nil }?.holder == standby.identity)
        #expect(standby.transitions.withLock { $0 } == [true, false])
        await third.stop()

        // The request log: successful lease writes come in one unbroken run per holder.
        let writes = environment.emulator.requestLog.all
            .filter { $0.path.contains("/leases/") || ($0.path.hasSuffix("/leases") && $0.method == "POST") }
            .filter { ["PUT", "POST"].contains($0.method) && (200..<300).contains($0.statusCode) }
            .sorted { $0.time < $1.time }
            .compactMap(\.userAgent)
        var runs: [String] = []
        for agent in writes where runs.last != agent { runs.append(agent) }
        #expect(Set(runs).count == runs.count, "two holders wrote the lease in the same term: \(runs)")
        #expect(runs.count >= 3)
    }
}

@Suite struct LeaderStepDownTests {
    @Test func stepsDownWhenRenewalFailsPastTheDeadlineAndCampaignsAgain() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let candidate = try LeaderElectionTests.Candidate("solo", environment: environment)
        candidate.start()
        #expect(await eventually { candidate.elector.isLeader })
        environment.emulator.faults.failNext(1000, matching: .init(pathContains: "/leases/"), with: .internalError)
        #expect(await eventually(timeout: .seconds(30)) { !candidate.elector.isLeader })
        // `isLeader` turns false just before `onStoppedLeading` runs.
        #expect(await eventually { candidate.transitions.withLock { $0 } == [true, false] })
        // It kept trying until the renew deadline (3 s, stepping down one retry period early) instead of giving
        // up at the first failure: judged on the last renewal it stamped into the Lease, so a slow machine only
        // makes the gap longer.
        let stored = try #require(environment.emulator.store.get(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "default", name: "runbeam-operator"))
        let lastRenewal = try #require(Lease(object: KubernetesObject(stored)).renewTime)
        let steppedDown = try #require(candidate.stoppedAt.withLock { $0.first })
        #expect(steppedDown.timeIntervalSince(lastRenewal) >= 2.8, "stepped down \(steppedDown.timeIntervalSince(lastRenewal)) s after the last renewal")
        environment.emulator.faults.reset()
        #expect(await eventually(timeout: .seconds(30)) { candidate.elector.isLeader })
        await candidate.stop()
        let lease = try await environment.client.get(Lease.self, namespace: "default", name: "runbeam-operator")
        #expect(lease.holderIdentity == nil)
        #expect(lease.leaseTransitions >= 0)
    }
}

@Suite struct CustomResourceTests {
    static let crd: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "gateways.runbeam.io"],
        "spec": [
            "group": "runbeam.io", "scope": "Namespaced",
            "names": ["plural": "gateways", "singular": "gateway", "kind": "Gateway", "shortNames": ["rbgw"]],
            "versions": [[
                "name": "v1alpha1", "served": true, "storage": true, "subresources": ["status": [:]],
                "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
            ]],
        ],
    ]

    @Test func genericPathForACustomResource() async throws {
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let client = environment.client
        _ = try await client.create(.customResourceDefinition, KubernetesObject(Self.crd))
        let informer = Informer<KubernetesObject>(client: client, type: .gateway, namespace: "default")
        let task = Task { await informer.run() }
        defer { task.cancel() }
        var gateway = KubernetesObject(["metadata": ["name": "prod"], "spec": ["gatewayId": "gw-1", "futureField": ["kept": true]]])
        gateway = try await client.create(.gateway, gateway)
        #expect(gateway.metadata.generation == 1)
        gateway["status"] = ["phase": "Ready"]
        let withStatus = try await client.replaceStatus(.gateway, gateway)
        #expect(withStatus["status", "phase"] == "Ready")
        #expect(withStatus.metadata.generation == 1)
        var edited = withStatus
        edited.metadata.finalizers = ["runbeam.io/token"]
        let replaced = try await client.replace(.gateway, edited)
        #expect(replaced["spec", "futureField", "kept"] == true)
        try await client.delete(.gateway, name: "prod")
        let terminating = try await client.get(.gateway, name: "prod")
        #expect(terminating.metadata.deletionTimestamp != nil)
        #expect(await eventually { informer.get(namespace: "default", name: "prod")?.metadata.deletionTimestamp != nil })
        _ = try await client.patch(.gateway, name: "prod", .merge(["metadata": ["finalizers": nil]]))
        #expect(await eventually { informer.hasSynced && informer.get(namespace: "default", name: "prod") == nil })
        let unsupported = await #expect(throws: KubernetesError.self) {
            _ = try await client.patch(.gateway, name: "other", .strategic(["spec": ["a": 1]]))
        }
        #expect(unsupported?.code == 415 || unsupported?.code == 404)
    }
}
