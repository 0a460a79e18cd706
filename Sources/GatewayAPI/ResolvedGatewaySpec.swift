/// A valid Gateway spec with every default applied: what the reconciler works from.
public struct ResolvedGatewaySpec: Sendable, Hashable {
    public var gatewayCode: String
    public var apiURL: String
    public var credentials: SecretKeyReference
    public var secretName: String
    public var machineTokenKey: String
    public var encryptionKeyKey: String
    public var encryptionKeyFormat: EncryptionKeyFormat
    public var secretLabels: [String: String]
    public var secretAnnotations: [String: String]
    public var renewBefore: RenewBefore
    public var rotation: KeyRotation
    public var rollout: Rollout
    public var suspend: Bool

    /// How far before expiry to renew.
    public enum RenewBefore: Sendable, Hashable {
        /// A fixed duration, in seconds.
        case duration(GoDuration)
        /// A percentage of the token's actual lifetime.
        case percentage(Int)
    }

    /// Which workloads to restart.
    public enum Rollout: Sendable, Hashable {
        case none
        case targets([RolloutTarget])
        case selector(LabelSelector)
    }
}
