import Age
import Foundation
import GatewayAPI
import GatewayCore
import Operator
import Runbeam
import TestSupport

/// A Gateway, its little world and a reconciler; `reconcile()` runs once and applies the result the way the
/// controller will (Secret stored with a new resourceVersion, status stored, restarts patched).
final class Harness {
    static let start = Date(timeIntervalSince1970: 1_780_000_000)
    static let logs = LogCapture()

    var now: Date
    var gateway: Gateway
    var secret: ManagedSecret?
    var credential: CredentialLookup = .found(Credential("1|test-credential"))
    var workloads: [WorkloadState]
    /// What picks the renewal time of a token written now (the controller passes its `RenewalCalendar`).
    var scheduler: (any RenewalScheduler)?
    let issuer: FakeTokenIssuer
    var reconciler: GatewayReconciler
    /// The token kept after a failed Secret write, as the controller keeps it (``PendingTokens``).
    var pending: PendingToken?
    /// When set, every Secret write fails with it and the reconcile records the failure the way the controller does.
    var failSecretWrites: KubeWriteFailure?
    private(set) var results: [ReconcileResult] = []
    private var resourceVersion = 100

    init(
        name: String = "prod", uid: String = "uid-prod", spec: GatewaySpec? = nil, rotation: KeyRotation? = nil,
        targets: [RolloutTarget] = [RolloutTarget(kind: .deployment, name: "harmony")], configuration: OperatorConfiguration = OperatorConfiguration()
    ) {
        now = Self.start
        var spec =
            spec
            ?? GatewaySpec(
                gatewayCode: "prod-gateway",
                cloud: CloudSpec(apiURL: "https://api.runbeam.cloud/api", credentialsSecretRef: SecretKeyReference(name: "runbeam-api-token", key: "token")),
                rollout: RolloutSpec(targets: targets))
        if let rotation { spec.encryptionKey = EncryptionKeySpec(rotation: rotation) }
        gateway = Gateway(metadata: GatewayMetadata(name: name, namespace: "harmony", uid: uid, generation: 1), spec: spec)
        workloads = targets.map {
            WorkloadState(
                kind: $0.kind, name: $0.name, uid: "uid-\($0.name)", creationTimestamp: Self.start.addingTimeInterval(-86_400),
                referencedSecrets: ["\(name)-runbeam"])
        }
        issuer = FakeTokenIssuer(now: Self.start)
        reconciler = GatewayReconciler(configuration: configuration, rateLimiter: nil, logger: Self.logs.logger)
    }

    @discardableResult
    func reconcile() async -> ReconcileResult {
        issuer.now = now
        let world = ReconcileWorld(
            managedSecret: secret, credential: credential, workloads: workloads, now: now, renewalScheduler: scheduler, pendingToken: pending)
        var result = await reconciler.reconcile(gateway, world: world, issuer: issuer)
        if result.discardsPendingToken { pending = nil }
        if let token = result.pendingToken { pending = token }
        if result.secretWrite != nil, let failure = failSecretWrites {
            results.append(result)
            result = reconciler.secretWriteFailed(failure, gateway: gateway, world: world)
        } else if result.secretWrite != nil {
            pending = nil
        }
        results.append(result)
        if let write = result.secretWrite {
            resourceVersion += 1
            var stored = write.secret
            stored.resourceVersion = String(resourceVersion)
            secret = stored
        }
        if let status = result.status { gateway.status = status }
        for restart in result.restarts {
            guard let index = workloads.firstIndex(where: { $0.kind == restart.kind && $0.name == restart.name }) else { continue }
            workloads[index].podTemplateAnnotations[OperatorLabels.restartedAt] = restart.restartedAt
            workloads[index].generation += 1
        }
        return result
    }

    /// Lets every workload's controller finish rolling out.
    func finishRollouts() {
        for index in workloads.indices {
            workloads[index].observedGeneration = workloads[index].generation
            workloads[index].updatedReplicas = workloads[index].replicas
        }
    }

    /// The age identity in the current Secret.
    var identity: AgeIdentity? {
        guard let value = secret?.data["encryption-key"].flatMap({ String(data: $0, encoding: .utf8) }) else { return nil }
        return try? AgeIdentity(harmonyValue: value)
    }

    var payload: MachineTokenPayload? {
        secret?.data["machine-token"].flatMap { try? MachineTokenPayload(json: $0) }
    }
}
