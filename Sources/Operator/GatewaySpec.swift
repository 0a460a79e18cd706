/// What a Gateway asks for. Optional fields take their defaults from ``ResolvedGatewaySpec``.
public struct GatewaySpec: Sendable, Hashable, Codable {
    /// The Runbeam gateway code; default `metadata.name`.
    public var gatewayCode: String?
    /// Where and with which credential to ask Runbeam Cloud for tokens.
    public var cloud: CloudSpec
    /// The Secret Harmony reads.
    public var secret: SecretSpec?
    /// When to renew.
    public var renewal: RenewalSpec?
    /// Whether the age identity changes on renewal.
    public var encryptionKey: EncryptionKeySpec?
    /// The workloads to restart when the token changes.
    public var rollout: RolloutSpec?
    /// When true, nothing is written but the status.
    public var suspend: Bool?

    /// Creates a spec.
    public init(
        gatewayCode: String? = nil, cloud: CloudSpec, secret: SecretSpec? = nil, renewal: RenewalSpec? = nil,
        encryptionKey: EncryptionKeySpec? = nil, rollout: RolloutSpec? = nil, suspend: Bool? = nil
    ) {
        self.gatewayCode = gatewayCode
        self.cloud = cloud
        self.secret = secret
        self.renewal = renewal
        self.encryptionKey = encryptionKey
        self.rollout = rollout
        self.suspend = suspend
    }
}

/// `spec.cloud`.
public struct CloudSpec: Sendable, Hashable, Codable {
    /// The API base including `/api`; default from the operator configuration.
    public var apiURL: String?
    /// The Secret key (same namespace) holding the user's Runbeam credential.
    public var credentialsSecretRef: SecretKeyReference

    public init(apiURL: String? = nil, credentialsSecretRef: SecretKeyReference) {
        self.apiURL = apiURL
        self.credentialsSecretRef = credentialsSecretRef
    }
}

/// A key of a Secret in the Gateway's namespace.
public struct SecretKeyReference: Sendable, Hashable, Codable {
    public var name: String
    public var key: String

    public init(name: String, key: String) {
        self.name = name
        self.key = key
    }
}

/// `spec.secret`.
public struct SecretSpec: Sendable, Hashable, Codable {
    public var name: String?
    public var machineTokenKey: String?
    public var encryptionKeyKey: String?
    public var encryptionKeyFormat: EncryptionKeyFormat?
    public var labels: [String: String]?
    public var annotations: [String: String]?

    public init(
        name: String? = nil, machineTokenKey: String? = nil, encryptionKeyKey: String? = nil,
        encryptionKeyFormat: EncryptionKeyFormat? = nil, labels: [String: String]? = nil, annotations: [String: String]? = nil
    ) {
        self.name = name
        self.machineTokenKey = machineTokenKey
        self.encryptionKeyKey = encryptionKeyKey
        self.encryptionKeyFormat = encryptionKeyFormat
        self.labels = labels
        self.annotations = annotations
    }
}

/// How the age identity is written into the Secret.
public enum EncryptionKeyFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Base64 of the bare `AGE-SECRET-KEY-1…` string (every SDK).
    case base64 = "Base64"
    /// The bare `AGE-SECRET-KEY-1…` string (SDK 0.11 and later).
    case raw = "Raw"
}

/// `spec.renewal`: at most one of the two.
public struct RenewalSpec: Sendable, Hashable, Codable {
    /// Renew this long before expiry.
    public var renewBefore: GoDuration?
    /// Renew with this percentage of the token's actual lifetime left.
    public var renewBeforePercentage: Int?

    public init(renewBefore: GoDuration? = nil, renewBeforePercentage: Int? = nil) {
        self.renewBefore = renewBefore
        self.renewBeforePercentage = renewBeforePercentage
    }
}

/// `spec.encryptionKey`.
public struct EncryptionKeySpec: Sendable, Hashable, Codable {
    public var rotation: KeyRotation?

    public init(rotation: KeyRotation? = nil) {
        self.rotation = rotation
    }
}

/// When the age identity changes.
public enum KeyRotation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Keep the identity across renewals, so Harmony's stored token stays readable (default).
    case never = "Never"
    /// Generate a new identity with every new token.
    case onRenewal = "OnRenewal"
}

/// `spec.rollout`: targets or a selector, not both.
public struct RolloutSpec: Sendable, Hashable, Codable {
    public var targets: [RolloutTarget]?
    public var selector: LabelSelector?

    public init(targets: [RolloutTarget]? = nil, selector: LabelSelector? = nil) {
        self.targets = targets
        self.selector = selector
    }
}

/// A workload in the Gateway's namespace.
public struct RolloutTarget: Sendable, Hashable, Codable {
    public var kind: WorkloadKind
    public var name: String

    public init(kind: WorkloadKind, name: String) {
        self.kind = kind
        self.name = name
    }
}

/// The workload kinds the operator restarts.
public enum WorkloadKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case deployment = "Deployment"
    case statefulSet = "StatefulSet"
    case daemonSet = "DaemonSet"

    public static func < (lhs: WorkloadKind, rhs: WorkloadKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A label selector (only `matchLabels`).
public struct LabelSelector: Sendable, Hashable, Codable {
    public var matchLabels: [String: String]?

    public init(matchLabels: [String: String]? = nil) {
        self.matchLabels = matchLabels
    }

    /// Whether `labels` carry every `matchLabels` pair.
    public func matches(_ labels: [String: String]) -> Bool {
        (matchLabels ?? [:]).allSatisfy { labels[$0.key] == $0.value }
    }
}
