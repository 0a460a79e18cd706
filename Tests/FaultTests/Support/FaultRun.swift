import Emulators
import Foundation
import JSON
import Manifests
import TestSupport
import Testing

/// One fault test's system: the cluster, the operator replicas (restartable) and the checks every test ends with.
final class FaultRun: @unchecked Sendable {
    let name: String
    let cluster: FaultCluster
    private let lock = NSLock()
    private var processes: [Int: OperatorProcess] = [:]
    private var finishedOutput: [String] = []

    private init(name: String, cluster: FaultCluster) {
        self.name = name
        self.cluster = cluster
    }

    /// Runs one fault test: starts the emulators and every replica, waits until every Gateway has its first
    /// token, runs `fault`, then waits for `renewals` token changes per Gateway counted from before the fault and
    /// checks every invariant. The ledger learns the end either way.
    ///
    /// `lostTokens` is how many more tokens than it stored Runbeam Cloud may issue per gateway code (1: a crash
    /// between issuance and storage; more where the fault itself loses answers Runbeam Cloud sent).
    /// `tokensExpire`: the fault keeps a token from being renewed before it expires, so "no token outlives its
    /// replacement" is not checked.
    static func scenario(
        _ name: String, _ settings: FaultSettings = .init(), renewals: Int = 2, excludingRolloutTargets excluded: Set<String> = [],
        lostTokens: Int = 1, tokensExpire: Bool = false, _ fault: (FaultRun) async throws -> Void
    ) async throws {
        let cluster = try await FaultCluster.start(settings)
        await FaultLedger.shared.started(name)
        let run = FaultRun(name: name, cluster: cluster)
        do {
            for replica in 0..<settings.replicas { try run.startReplica(replica) }
            let converged = await run.waitForConvergence(timeout: .seconds(45))
            #expect(converged, "\(name): Gateways did not become Ready; output:\n\(run.output.suffix(3000))")
            try #require(converged)
            let baseline = run.tokenChangeCounts()
            try await fault(run)
            try await run.finish(renewals: renewals, after: baseline, excludingRolloutTargets: excluded, lostTokens: lostTokens, tokensExpire: tokensExpire)
        } catch {
            await run.stop()
            await FaultLedger.shared.finished(name, requests: nil)
            throw error
        }
    }

    /// Kills every replica and stops the emulators.
    func stop() async {
        for index in lock.withLock({ Array(processes.keys) }) { await kill(index) }
        await cluster.shutdown()
    }

    // MARK: replicas

    func startReplica(_ index: Int) throws {
        // Port 0: the operator binds what the system chooses and logs it (a port chosen here could be
        // taken by someone else before the operator binds it).
        let (arguments, environment) = try cluster.runArguments(replica: index)
        let process = try OperatorProcess(arguments: arguments, environment: environment)
        lock.withLock { processes[index] = process }
    }

    /// Everything replica `index` (while running) wrote.
    func output(of index: Int) -> String { lock.withLock { processes[index]?.output ?? "" } }

    /// GETs `path` (`/readyz`, `/metrics`) on replica `index`'s health or metrics port.
    func probe(_ index: Int, _ path: String) async throws -> (Int, String)? {
        guard let process = lock.withLock({ processes[index] }), let ports = await process.probePorts(within: .seconds(10)) else { return nil }
        return try await httpGet("http://127.0.0.1:\(path == "/metrics" ? ports.metrics : ports.health)\(path)")
    }

    /// SIGKILLs replica `index` and keeps its output.
    func kill(_ index: Int) async {
        guard let process = lock.withLock({ processes.removeValue(forKey: index) }) else { return }
        process.kill()
        _ = await process.waitForExit(timeout: .seconds(5))
        lock.withLock { finishedOutput.append(process.output) }
    }

    /// Sends SIGKILL to replica `index` at once, without waiting (safe from a store observer); ``kill(_:)``
    /// then collects it.
    func killNow(_ index: Int) {
        lock.withLock { processes[index] }?.kill()
    }

    /// Whether replica `index` is not running (never started, exited or killed).
    func isStopped(_ index: Int) -> Bool {
        lock.withLock { processes[index] }.map { !$0.isRunning } ?? true
    }

    /// The replica whose identity holds the Lease, if any.
    var leader: Int? {
        let holder = cluster.store.get(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: FaultCluster.namespace, name: FaultCluster.leaseName)?[path: ["spec", "holderIdentity"]]?.stringValue
        return (0..<cluster.settings.replicas).first { FaultCluster.replicaIdentity($0) == holder }
    }

    /// Everything every replica wrote to stdout and stderr, including killed ones.
    var output: String {
        lock.withLock { (finishedOutput + processes.values.map(\.output)).joined(separator: "\n") }
    }

    // MARK: waiting

    func waitForConvergence(timeout: Duration) async -> Bool {
        await eventually(timeout: timeout, every: .milliseconds(100)) { cluster.settings.gateways.allSatisfy(cluster.hasConverged) }
    }

    /// Runbeam requests the operator gave up on at its timeout: each may have been answered with a token that came too
    /// late to be stored (a loaded machine can slow the emulator's answers past the timeout).
    var abandonedRunbeamRequests: Int {
        output.components(separatedBy: "the request timed out").count - 1
    }

    /// Token changes per Gateway so far.
    func tokenChangeCounts() -> [String: Int] {
        Dictionary(uniqueKeysWithValues: cluster.settings.gateways.map { ($0, cluster.recorder.tokenChanges($0).count) })
    }

    /// Waits until every Gateway's token changed `count` more times than in `baseline` and the system converged.
    func waitForRenewals(_ count: Int, after baseline: [String: Int], timeout: Duration) async -> Bool {
        await eventually(timeout: timeout, every: .milliseconds(100)) {
            cluster.settings.gateways.allSatisfy { cluster.recorder.tokenChanges($0).count >= (baseline[$0] ?? 0) + count && cluster.hasConverged($0) }
        }
    }

    /// Sleeps until `time` (no-op if it passed).
    static func sleep(until time: Date) async {
        let seconds = time.timeIntervalSinceNow
        if seconds > 0 { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
    }

    /// The `reason` of every events.k8s.io Event about `gateway`.
    func eventReasons(for gateway: String) async throws -> [String] {
        let (_, list) = try await cluster.apiRequest("GET", "/apis/events.k8s.io/v1/namespaces/\(FaultCluster.namespace)/events")
        return (list?["items"]?.arrayValue ?? []).filter { $0[path: ["regarding", "name"]]?.stringValue == gateway }.compactMap { $0["reason"]?.stringValue }
    }

    /// The earliest status `renewalTime` among the Gateways.
    func earliestRenewal() -> Date? {
        cluster.settings.gateways.compactMap(cluster.renewalTime).min()
    }

    // MARK: the common ending

    /// Waits for convergence with `renewals` more token changes per Gateway than `baseline` (taken before the
    /// fault), checks every invariant, records the requests for the
    /// RBAC audit and stops everything.
    private func finish(
        renewals: Int, after baseline: [String: Int], excludingRolloutTargets excluded: Set<String>, lostTokens: Int, tokensExpire: Bool
    ) async throws {
        let renewed = await waitForRenewals(renewals, after: baseline, timeout: .seconds(90))
        #expect(renewed, "\(name): no convergence with \(renewals) more renewal(s); token changes \(tokenChangeCounts()) (from \(baseline)); output:\n\(output.suffix(4000))")
        // Status is written after the Secret and the rollouts; give the simulated rollouts time to land.
        try? await Task.sleep(for: .seconds(1))
        let recorder = cluster.recorder
        var targets: [(gateway: String, kind: String, name: String)] = []
        for gateway in cluster.settings.gateways {
            for target in cluster.targets(of: gateway) {
                targets.append((gateway, target.kind, target.name))
            }
        }
        let rolloutsSettled = await eventually(timeout: .seconds(10), every: .milliseconds(100)) { recorder.rolloutViolations(targets: targets).isEmpty }
        let secretViolations =
            recorder.secretViolations(now: Date()).filter { !tokensExpire || !$0.contains("before it was replaced") }
            + recorder.readyViolations()
            + recorder.tokenConservationViolations(issued: cluster.cloud.tokensIssued, allowance: lostTokens + abandonedRunbeamRequests)
        for violation in secretViolations { Issue.record("\(name): \(violation)") }
        if !secretViolations.isEmpty { print("fault \(name): operator output:\n\(output.suffix(60000))") }
        if !rolloutsSettled {
            for violation in recorder.rolloutViolations(targets: targets) { Issue.record("\(name): \(violation)") }
            print("fault \(name): operator output:\n\(output.suffix(60000))")
        }
        // The emulator's own rollout count (reset when a workload is deleted) agrees with the recorded restarts
        // of targets that were never recreated.
        for target in targets where !excluded.contains(target.name) {
            let recorded = recorder.rollouts.filter { $0.kind == target.kind && $0.name == target.name }.count
            #expect(cluster.store.rolloutCount(kind: target.kind, namespace: FaultCluster.namespace, name: target.name) == recorded, "\(name): \(target.name)")
        }
        let runbeamRequests = cluster.cloud.requestLog.all
        let stored = Set(recorder.secretVersions.compactMap(\.payload?.machineToken)).count
        let issued = cluster.cloud.tokensIssued.values.reduce(0, +)
        print("""
            fault \(name): \(recorder.secretVersions.count) Secret versions, token changes \(tokenChangeCounts()), \
            \(recorder.rollouts.count) rollouts, \(recorder.leaseVersions.count) Lease writes, \(cluster.kubeRequests.count) API requests, \
            \(runbeamRequests.count) Runbeam requests (\(runbeamRequests.filter { $0.statusCode >= 300 }.count) failed), \
            \(issued) tokens issued of which \(stored) stored
            """)
        checkSingleWriter()
        try await checkNoLeaks()
        let requests = operatorRequests()
        let audit = RBACAudit(namespace: FaultCluster.namespace).check(requests)
        #expect(audit.denied.isEmpty, "\(name): requests the shipped roles do not allow: \(audit.denied)")
        await stop()
        await FaultLedger.shared.finished(name, requests: requests)
    }

    /// The operator's requests (by the replicas' bearer tokens), as RBAC requests.
    func operatorRequests() -> [APIRequest] {
        let tokens = Set((0..<cluster.settings.replicas).map(FaultCluster.replicaToken))
        return cluster.kubeRequests.filter { $0.bearerToken.map(tokens.contains) ?? false }.compactMap { APIRequest(verb: $0.verb, path: $0.path) }
    }

    /// At most one replica writes at any time: every write other than the Lease's is made by the replica whose
    /// identity held the Lease at that moment.
    func checkSingleWriter() {
        let writes: Set<String> = ["create", "update", "patch", "delete", "deletecollection"]
        var violations: [String] = []
        for entry in cluster.kubeRequests where writes.contains(entry.verb) && !entry.path.contains("/leases") {
            guard let token = entry.bearerToken, token != FaultCluster.writerToken else { continue }
            guard let replica = (0..<cluster.settings.replicas).first(where: { FaultCluster.replicaToken($0) == token }) else { continue }
            let holder = cluster.recorder.leaseHolder(at: entry.time)
            if holder != FaultCluster.replicaIdentity(replica) {
                violations.append("\(entry.verb) \(entry.path) by \(FaultCluster.replicaIdentity(replica)) while the Lease was held by \"\(holder)\"")
            }
        }
        #expect(violations.isEmpty, "\(name): writes by a non-leader:\n\(violations.prefix(10).joined(separator: "\n"))")
    }

    /// No credential, machine token or private key in logs, Events, Gateway status or metrics.
    func checkNoLeaks() async throws {
        var texts: [(String, String)] = [("logs", output)]
        for path in ["/apis/events.k8s.io/v1/namespaces/\(FaultCluster.namespace)/events", "/api/v1/namespaces/\(FaultCluster.namespace)/events"] {
            let (_, events) = try await cluster.apiRequest("GET", path)
            texts.append(("events", events?.jsonString ?? ""))
        }
        texts.append(("status", cluster.settings.gateways.compactMap { cluster.gateway($0)?["status"]?.jsonString }.joined(separator: "\n")))
        for (index, process) in lock.withLock({ processes }) {
            let ports = await process.probePorts(within: .seconds(10))
            #expect(ports != nil, "\(name): replica \(index) logged no probe ports")
            if let ports, let (status, metrics) = try? await httpGet("http://127.0.0.1:\(ports.metrics)/metrics") {
                #expect(status == 200, "\(name): /metrics of replica \(index)")
                texts.append(("metrics", metrics))
            }
        }
        let versions = cluster.recorder.secretVersions
        let tokens = Set(versions.compactMap(\.payload?.machineToken))
        let keys = Set(versions.compactMap(\.encryptionKey).filter { !$0.isEmpty })
        for (what, text) in texts {
            #expect(!text.contains(cluster.credential.value), "\(name): credential in \(what)")
            #expect(!text.contains("AGE-SECRET-KEY-1"), "\(name): private key in \(what)")
            for key in keys { #expect(!text.contains(key), "\(name): encryption key in \(what)") }
            for token in tokens { #expect(!text.contains(token), "\(name): machine token in \(what)") }
            #expect(text.range(of: #"mt_[A-Za-z0-9]{40}"#, options: .regularExpression) == nil, "\(name): token-shaped string in \(what)")
        }
    }
}
