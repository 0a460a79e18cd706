import Emulators
import Foundation
import JSON

/// Records, from the emulator's store, every version of every managed Secret, every change of the
/// leader-election Lease and every rollout (pod template restart annotation change) as they are
/// committed — compactions, dropped watches and API server restarts do not hide any — and checks the
/// fault suite's invariants against them.
final class InvariantRecorder: @unchecked Sendable {
    /// One committed version of a Gateway: what its `Ready` condition claimed.
    struct GatewayVersion: Sendable {
        var sequence: Int
        var time: Date
        var gateway: String
        var ready: Bool
        var readyReason: String?
        /// `status.expiresAt`.
        var expiresAt: Date?
    }

    struct LeaseVersion: Sendable {
        var time: Date
        var holder: String
    }

    struct Rollout: Sendable {
        var time: Date
        var kind: String
        var name: String
    }

    /// A workload created or deleted while recording.
    struct TargetCreation: Sendable {
        var time: Date
        var kind: String
        var name: String
    }

    static let restartAnnotation = "runbeam.io/restartedAt"

    private let lock = NSLock()
    private let secretNames: [String: String]
    private let namespace: String
    private let cloud: RunbeamCloudEmulator
    private var secrets: [SecretVersion] = []
    private var gatewayLog: [GatewayVersion] = []
    private var sequence = 0
    private var leases: [LeaseVersion] = []
    private var rolloutLog: [Rollout] = []
    private var creations: [TargetCreation] = []
    private var deletions: [TargetCreation] = []
    private var foreign: Set<Int> = []
    private var secretWriteHook: (@Sendable (SecretVersion) -> Void)?

    init(gateways: [String], namespace: String, cloud: RunbeamCloudEmulator) {
        var names: [String: String] = [:]
        for gateway in gateways { names[FaultCluster.secretName(gateway)] = gateway }
        secretNames = names
        self.namespace = namespace
        self.cloud = cloud
    }

    func install(on store: KubernetesStore) {
        store.onChange { [weak self] change in self?.observe(change) }
    }

    private func observe(_ change: KubernetesStoreChange) {
        let now = Date()
        let name = change.object[path: ["metadata", "name"]]?.stringValue ?? ""
        guard change.object[path: ["metadata", "namespace"]]?.stringValue == namespace else { return }
        let sequence = lock.withLock { () -> Int in
            self.sequence += 1
            return self.sequence
        }
        switch change.resourceKey {
        case "gateways.runbeam.io":
            guard change.type != "DELETED" else { return }
            let conditions = change.object[path: ["status", "conditions"]]?.arrayValue ?? []
            let ready = conditions.first { $0["type"] == "Ready" }
            let version = GatewayVersion(
                sequence: sequence, time: now, gateway: name, ready: ready?["status"] == "True", readyReason: ready?["reason"]?.stringValue,
                expiresAt: change.object[path: ["status", "expiresAt"]]?.stringValue.flatMap(SecretVersion.parseTime))
            lock.withLock { gatewayLog.append(version) }
        case "secrets":
            guard let gateway = secretNames[name] else { return }
            var version = SecretVersion(change: change, gateway: gateway, time: now, cloud: cloud)
            version.sequence = sequence
            let hook = lock.withLock { () -> (@Sendable (SecretVersion) -> Void)? in
                secrets.append(version)
                defer { secretWriteHook = nil }
                return change.type == "MODIFIED" ? secretWriteHook : nil
            }
            hook?(version)
        case "leases.coordination.k8s.io":
            guard name == FaultCluster.leaseName else { return }
            let holder = change.type == "DELETED" ? "" : change.object[path: ["spec", "holderIdentity"]]?.stringValue ?? ""
            lock.withLock { leases.append(LeaseVersion(time: now, holder: holder)) }
        case "deployments.apps", "statefulsets.apps", "daemonsets.apps":
            let kind = change.object["kind"]?.stringValue ?? ""
            if change.type == "ADDED" || change.type == "DELETED" {
                let record = TargetCreation(time: now, kind: kind, name: name)
                lock.withLock { change.type == "ADDED" ? creations.append(record) : deletions.append(record) }
                return
            }
            guard change.type == "MODIFIED", let previous = change.previous else { return }
            let path = ["spec", "template", "metadata", "annotations", Self.restartAnnotation]
            if change.object[path: path] != previous[path: path] {
                lock.withLock { rolloutLog.append(Rollout(time: now, kind: kind, name: name)) }
            }
        default:
            return
        }
    }

    /// Calls `hook` once, synchronously as it is committed, with the next update of a managed Secret.
    func onNextSecretUpdate(_ hook: @escaping @Sendable (SecretVersion) -> Void) {
        lock.withLock { secretWriteHook = hook }
    }

    /// Marks a Secret version (by resourceVersion) as written by the test's other writer: the token
    /// invariants do not apply to it.
    func markForeign(resourceVersion: Int) { lock.withLock { _ = foreign.insert(resourceVersion) } }

    var secretVersions: [SecretVersion] { lock.withLock { secrets } }
    var gatewayVersions: [GatewayVersion] { lock.withLock { gatewayLog } }
    var leaseVersions: [LeaseVersion] { lock.withLock { leases } }
    var rollouts: [Rollout] { lock.withLock { rolloutLog } }

    /// The operator's versions of `gateway`'s Secret (not the other writer's), oldest first.
    func operatorVersions(_ gateway: String) -> [SecretVersion] {
        lock.withLock { secrets.filter { $0.gateway == gateway && !foreign.contains($0.resourceVersion) } }
    }

    /// When the operator changed `gateway`'s token: each of its versions whose token differs from its previous one.
    func tokenChanges(_ gateway: String) -> [Date] {
        var last: String?
        var changes: [Date] = []
        for version in operatorVersions(gateway) where version.event != "DELETED" {
            let token = version.payload?.machineToken
            if token != last { changes.append(version.time) }
            last = token
        }
        return changes
    }

    /// Every violation of the Secret invariants, as readable messages:
    /// each operator version parses, is unexpired when written, holds a token Runbeam Cloud issued (so never the
    /// result of a failed renewal), names its owner; no operator version removes the Secret; and no token
    /// expires before the next version replaces it (or before `now`).
    func secretViolations(now: Date) -> [String] {
        let (all, foreign) = lock.withLock { (secrets, self.foreign) }
        var violations: [String] = []
        for gateway in Set(secretNames.values).sorted() {
            let versions = all.filter { $0.gateway == gateway }
            for (index, version) in versions.enumerated() {
                let label = "\(gateway) Secret rv \(version.resourceVersion) (\(version.event))"
                if foreign.contains(version.resourceVersion) { continue }
                if version.event == "DELETED" {
                    violations.append("\(label): removed by the operator")
                    continue
                }
                guard let payload = version.payload else {
                    violations.append("\(label): machine-token missing or unparseable")
                    continue
                }
                if payload.expiresAt <= version.time { violations.append("\(label): token already expired when written") }
                if !version.tokenAcceptedByCloud { violations.append("\(label): token not issued (or expired) at Runbeam Cloud when written") }
                if !version.ownedByGateway { violations.append("\(label): written without its Gateway ownerReference") }
                let replacedAt = index + 1 < versions.count ? versions[index + 1].time : now
                if payload.expiresAt < replacedAt {
                    violations.append("\(label): token expired at \(payload.expiresAt) before it was replaced at \(replacedAt)")
                }
            }
        }
        return violations
    }

    /// Violations of "status never lies": a version of a Gateway recorded with `Ready=True` while its Secret (as
    /// committed just before, in the store's order) was missing or held no parseable token unexpired at that moment.
    /// A Secret version written by the test's other writer is skipped: no status write can be atomic with it.
    func readyViolations() -> [String] {
        let (secrets, gateways, foreign) = lock.withLock { (self.secrets, gatewayLog, self.foreign) }
        var violations: [String] = []
        for version in gateways where version.ready && secretNames.values.contains(version.gateway) {
            let secret = secrets.last { $0.gateway == version.gateway && $0.sequence < version.sequence }
            let label = "\(version.gateway) Ready=True at \(version.time)"
            guard let secret else {
                violations.append("\(label) before its Secret existed")
                continue
            }
            if foreign.contains(secret.resourceVersion) { continue }
            if secret.event == "DELETED" {
                violations.append("\(label) while its Secret was deleted")
            } else if let payload = secret.payload {
                if payload.expiresAt <= version.time { violations.append("\(label) while its Secret's token had expired at \(payload.expiresAt)") }
            } else {
                violations.append("\(label) while its Secret held no readable token")
            }
        }
        return violations
    }

    /// Violations of "a token issued is a token stored": for each gateway code, Runbeam Cloud issued at most
    /// `allowance` more tokens than the operator's Secret versions ever held.
    func tokenConservationViolations(issued: [String: Int], allowance: Int) -> [String] {
        let versions = lock.withLock { secrets.filter { !foreign.contains($0.resourceVersion) } }
        var stored: [String: Set<String>] = [:]
        for version in versions {
            guard let payload = version.payload else { continue }
            stored[payload.gatewayCode, default: []].insert(payload.machineToken)
        }
        return issued.sorted { $0.key < $1.key }.compactMap { code, count in
            let kept = stored[code]?.count ?? 0
            return count > kept + allowance ? "\(code): Runbeam Cloud issued \(count) tokens, the Secret stored \(kept) (allowed: \(allowance) more)" : nil
        }
    }

    /// Rollout violations: every rollout target rolls exactly once per token change of its Gateway, and never
    /// before that change. A target deleted and created again rolls once for each change since it is back, plus
    /// at most one catch-up rollout for the changes made while it was missing (which may also fold into the next
    /// change's rollout: rolling for a token already replaced would restart the pods twice).
    func rolloutViolations(targets: [(gateway: String, kind: String, name: String)]) -> [String] {
        let (rollouts, creations, deletions) = lock.withLock { (rolloutLog, self.creations, self.deletions) }
        var violations: [String] = []
        for target in targets {
            let created = creations.last { $0.kind == target.kind && $0.name == target.name }?.time ?? .distantPast
            let deleted = deletions.last { $0.kind == target.kind && $0.name == target.name }?.time ?? .distantPast
            let changes = tokenChanges(target.gateway).filter { $0 > deleted }
            let rolled = rollouts.filter { $0.kind == target.kind && $0.name == target.name && $0.time > created }.map(\.time)
            // One rollout per token change while the target exists. Changes while it was deleted may add one
            // catch-up rollout once it is back, or fold into the next change's rollout.
            let whileExisting = changes.filter { $0 > created }
            let missedWhileAbsent = changes.count > whileExisting.count
            let allowed = missedWhileAbsent ? [whileExisting.count, whileExisting.count + 1] : [whileExisting.count]
            if !allowed.contains(rolled.count) {
                violations.append("\(target.kind) \(target.name): \(rolled.count) rollouts for \(whileExisting.count) token changes of \(target.gateway)"
                    + (missedWhileAbsent ? " while it existed (and \(changes.count - whileExisting.count) while it was deleted)" : ""))
                continue
            }
            for (rollout, change) in zip(rolled.suffix(whileExisting.count), whileExisting) where rollout < change {
                // Never rolled ahead of the change it is for.
                violations.append("\(target.kind) \(target.name): rolled at \(rollout) before the token change at \(change)")
            }
        }
        return violations
    }

    /// The Lease holder at `time` ("" before the Lease exists or after it is released).
    func leaseHolder(at time: Date) -> String {
        lock.withLock { leases.last { $0.time <= time }?.holder ?? "" }
    }
}
