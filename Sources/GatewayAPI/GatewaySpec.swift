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

// MARK: - Strict decoding

// A Gateway read from the API server is pruned to the schema, but one read from raw JSON (a file, an
// API server that does not prune) may carry anything: every spec type refuses unknown members, and
// rejected values are quoted briefly, so the InvalidSpec condition names the field and stays short.

extension GatewaySpec {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case gatewayCode, cloud, secret, renewal, encryptionKey, rollout, suspend
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        gatewayCode = try container.decodeIfPresent(String.self, forKey: .gatewayCode)
        cloud = try container.decode(CloudSpec.self, forKey: .cloud)
        secret = try container.decodeIfPresent(SecretSpec.self, forKey: .secret)
        renewal = try container.decodeIfPresent(RenewalSpec.self, forKey: .renewal)
        encryptionKey = try container.decodeIfPresent(EncryptionKeySpec.self, forKey: .encryptionKey)
        rollout = try container.decodeIfPresent(RolloutSpec.self, forKey: .rollout)
        suspend = try container.decodeIfPresent(Bool.self, forKey: .suspend)
    }
}

extension CloudSpec {
    enum CodingKeys: String, CodingKey, CaseIterable { case apiURL, credentialsSecretRef }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        apiURL = try container.decodeIfPresent(String.self, forKey: .apiURL)
        credentialsSecretRef = try container.decode(SecretKeyReference.self, forKey: .credentialsSecretRef)
    }
}

extension SecretKeyReference {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, key }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        key = try container.decode(String.self, forKey: .key)
    }
}

extension SecretSpec {
    enum CodingKeys: String, CodingKey, CaseIterable { case name, machineTokenKey, encryptionKeyKey, encryptionKeyFormat, labels, annotations }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        machineTokenKey = try container.decodeIfPresent(String.self, forKey: .machineTokenKey)
        encryptionKeyKey = try container.decodeIfPresent(String.self, forKey: .encryptionKeyKey)
        encryptionKeyFormat = try container.decodeOption(EncryptionKeyFormat.self, forKey: .encryptionKeyFormat)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels)
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations)
    }
}

extension RenewalSpec {
    enum CodingKeys: String, CodingKey, CaseIterable { case renewBefore, renewBeforePercentage }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        // Decoded as a number first: Foundation's decoder reports a fraction read as Int as invalid JSON, without a path.
        if let number = try container.decodeIfPresent(Double.self, forKey: .renewBeforePercentage) {
            guard number.rounded() == number, let whole = Int(exactly: number) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .renewBeforePercentage, in: container, debugDescription: "must be a whole number between 1 and 99")
            }
            renewBeforePercentage = whole
        } else {
            renewBeforePercentage = nil
        }
        renewBefore = nil
        guard let text = try container.decodeIfPresent(String.self, forKey: .renewBefore) else { return }
        let problem = "\(GatewayConstraints.quoted(text)) is not a duration; write a number with a unit (h, m, s, ms), e.g. 240h, 90m or 1h30m"
        guard text.utf8.count <= GatewayConstraints.durationMaxLength else {
            throw DecodingError.dataCorruptedError(forKey: .renewBefore, in: container, debugDescription: problem)
        }
        do {
            renewBefore = try GoDuration(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .renewBefore, in: container, debugDescription: problem)
        }
    }
}

extension EncryptionKeySpec {
    enum CodingKeys: String, CodingKey, CaseIterable { case rotation }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        rotation = try container.decodeOption(KeyRotation.self, forKey: .rotation)
    }
}

extension RolloutSpec {
    enum CodingKeys: String, CodingKey, CaseIterable { case targets, selector }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        targets = try container.decodeIfPresent([RolloutTarget].self, forKey: .targets)
        selector = try container.decodeIfPresent(LabelSelector.self, forKey: .selector)
    }
}

extension RolloutTarget {
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        guard let kind = try container.decodeOption(WorkloadKind.self, forKey: .kind) else {
            throw DecodingError.keyNotFound(CodingKeys.kind, .init(codingPath: container.codingPath, debugDescription: "required"))
        }
        self.kind = kind
        name = try container.decode(String.self, forKey: .name)
    }
}

extension LabelSelector {
    enum CodingKeys: String, CodingKey, CaseIterable { case matchLabels }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        matchLabels = try container.decodeIfPresent([String: String].self, forKey: .matchLabels)
    }
}

/// Any member name, for finding the unknown ones.
private struct MemberKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// The keyed container, after checking that every member is one of `Keys`.
    fileprivate func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy keys: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let members = try container(keyedBy: MemberKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        if let unknown = members.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            let shown = MemberKey(stringValue: String(GatewayConstraints.quoted(unknown).dropFirst().dropLast()))
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath + [shown],
                    debugDescription: "unknown field; remove it or fix its spelling (known here: \(known.sorted().joined(separator: ", ")))"))
        }
        return try container(keyedBy: keys)
    }
}

extension KeyedDecodingContainer {
    /// An optional enum member whose unknown values are reported briefly, with the accepted ones.
    fileprivate func decodeOption<Option: RawRepresentable & CaseIterable>(_ type: Option.Type, forKey key: Key) throws -> Option?
    where Option.RawValue == String {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let option = Option(rawValue: text) else {
            let accepted = Option.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "\(GatewayConstraints.quoted(text)) is not supported; use one of \(accepted)")
        }
        return option
    }
}
