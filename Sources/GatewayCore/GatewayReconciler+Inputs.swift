import FoundationEssentials
import GatewayAPI

extension GatewayReconciler {
    /// What a reconcile does with a valid, unsuspended Gateway's Secret: one decision, made here only.
    enum SecretDecision {
        /// The Secret belongs to something else: touch nothing.
        case conflict(ManagedSecret)
        /// The Secret holds a good token (readable contents with a payload and an identity).
        case keep(SecretContents)
        /// A new token is needed, for the reason given.
        case renew(because: String, contents: SecretContents?)
    }

    /// Decides whether `secret` is kept, replaced by a new token, or not ours.
    func decide(_ gateway: Gateway, spec: ResolvedGatewaySpec, secret: ManagedSecret?, old: GatewayStatus, now: Date) -> SecretDecision {
        if let secret, !secret.isControlled(byUID: gateway.metadata.uid) { return .conflict(secret) }
        let contents = secret.map { SecretContents($0, spec: spec) }
        if let need = tokenNeed(gateway: gateway, spec: spec, contents: contents, old: old, now: now) {
            return .renew(because: need, contents: contents)
        }
        guard let contents else { preconditionFailure("tokenNeed returns a reason unless the Secret is readable") }
        return .keep(contents)
    }

    /// Whether reconciling `gateway` with `secret` at `now` will request a token and so read the credential: the
    /// controller asks this instead of repeating the reconciler's rules, and reads the credential only then.
    public func needsCredential(_ gateway: Gateway, spec: ResolvedGatewaySpec, secret: ManagedSecret?, now: Date) -> Bool {
        if spec.suspend { return false }
        guard case .renew = decide(gateway, spec: spec, secret: secret, old: gateway.status ?? GatewayStatus(), now: now) else { return false }
        return true
    }
}
