import Age
import FoundationEssentials

/// Builds the Secret Harmony reads from a token and an age identity.
public enum SecretRenderer {
    /// Labels the operator sets; users cannot override them.
    public static let reservedLabels: Set<String> = [OperatorLabels.managedBy, OperatorLabels.gateway]
    /// Annotations the operator sets; users cannot override them.
    public static let reservedAnnotations: Set<String> = [OperatorLabels.recipient, OperatorLabels.expiresAt, OperatorLabels.issuedAt]

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
                spec.machineTokenKey: payload.jsonData(),
                spec.encryptionKeyKey: Data(identity.harmonyValue(format).utf8),
            ],
            resourceVersion: resourceVersion)
    }
}
