import Basics
import FoundationEssentials
import GatewayAPI

extension GatewayReconciler {
    /// What to record when the Secret write a reconcile decided on failed: the failure in status (`Issued=False`,
    /// reason `SecretWriteFailed`, with the persisted backoff), a Warning Event, and `Ready` as the cluster has it:
    /// still True while the existing Secret holds a valid token, False (or `TokenExpired`) otherwise.
    ///
    /// The issued token is not lost: the controller keeps it (``ReconcileResult/pendingToken``) and the retry at
    /// `nextAttemptTime` writes it without asking Runbeam Cloud again.
    public func secretWriteFailed(_ failure: KubeWriteFailure, gateway: Gateway, world: ReconcileWorld) -> ReconcileResult {
        secretWriteFailed(failure, gateway: validate(gateway), world: world)
    }

    /// ``secretWriteFailed(_:gateway:world:)`` for the Gateway as the reconcile validated it.
    public func secretWriteFailed(_ failure: KubeWriteFailure, gateway validated: ValidatedGateway, world: ReconcileWorld) -> ReconcileResult {
        let gateway = validated.gateway
        var run = ReconcileRun(gateway: gateway, now: world.now, logger: logger)
        guard let spec = validated.resolved else { return run.result(nextReconcile: nil) }
        run.resolved(spec)
        let secret = world.managedSecret.flatMap { $0.isControlled(byUID: gateway.metadata.uid) ? $0 : nil }
        let contents = secret.map { SecretContents($0, spec: spec) }
        let validToken = contents?.hasValidToken(at: world.now) == true && contents?.identity != nil
        let message = failure.description
        let retryAt = run.fail(reason: "SecretWriteFailed", message: message, backoff: backoff, retryAfter: nil, validToken: validToken)
        run.events.append(GatewayEvent(.warning, "SecretWriteFailed", message))
        run.log(
            "Secret write failed; the issued token is kept for the retry",
            ["secret": .string(spec.secretName), "code": .string(failure.metricCode), "retryAt": .string(RFC3339.seconds(retryAt))], level: .warning)
        return keepExisting(validToken ? secret : nil, contents: contents, spec: spec, gateway: gateway, world: world, retryAt: retryAt, run: &run)
    }
}
