import Age
import Basics
import FoundationEssentials
import GatewayAPI
import Runbeam

/// Builds the Secret Harmony reads from a token and an age identity.
public enum SecretRenderer {
    /// The Secret for `gateway`; `issuedAt` is the annotation rollouts compare against (milliseconds kept).
    public static func render(
        gateway: Gateway, spec: ResolvedGatewaySpec, payload: MachineTokenPayload, identity: AgeIdentity, issuedAt: Date,
        resourceVersion: String? = nil
    ) -> ManagedSecret {
        var labels = spec.secretLabels
        labels[OperatorLabels.managedBy] = OperatorLabels.managerName
        labels[OperatorLabels.gateway] = gateway.metadata.name
        var annotations = spec.secretAnnotations
        annotations[OperatorLabels.recipient] = identity.recipient.description
        annotations[OperatorLabels.expiresAt] = RFC3339.seconds(payload.expiresAt)
        annotations[OperatorLabels.issuedAt] = RFC3339.milliseconds(issuedAt)
        let format: HarmonyKeyFormat = spec.encryptionKeyFormat == .raw ? .raw : .base64
        return ManagedSecret(
            name: spec.secretName, namespace: gateway.metadata.namespace, labels: labels, annotations: annotations,
            ownerReferences: [.controller(of: gateway)],
            data: [
                spec.machineTokenKey: payload.secretData,
                spec.encryptionKeyKey: Data(identity.harmonyValue(format).utf8),
            ],
            resourceVersion: resourceVersion)
    }
}
