/// What the operator reports on a Gateway. Never holds a token, credential or key.
public struct GatewayStatus: Sendable, Hashable, Codable {
    public var observedGeneration: Int64?
    public var conditions: [GatewayCondition]
    /// The Runbeam gateway UUID.
    public var gatewayID: String?
    /// The effective gateway code (`spec.gatewayCode`, default `metadata.name`), set by every status write of a valid
    /// spec: the code the current token was issued for, or will be.
    public var gatewayCode: String?
    public var secretName: String?
    /// The age recipient (public key) of the Secret's encryption key.
    public var recipient: String?
    public var issuedAt: Timestamp?
    public var expiresAt: Timestamp?
    public var renewalTime: Timestamp?
    /// SHA-256 (hex) of the Secret data as last written; detects edits.
    public var tokenHash: String?
    public var lastRolloutTime: Timestamp?
    /// Consecutive failures; drives the backoff, so it survives operator restarts.
    public var failedAttempts: Int?
    public var lastFailureTime: Timestamp?
    public var lastFailureMessage: String?
    /// After a failure, the earliest time the next token request runs (backoff or the server's `Retry-After`).
    public var nextAttemptTime: Timestamp?
    /// The last `runbeam.io/renew-requested-at` value acted on.
    public var lastRenewRequest: String?

    /// An empty status.
    public init() {
        conditions = []
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        observedGeneration = try container.decodeIfPresent(Int64.self, forKey: .observedGeneration)
        conditions = try container.decodeIfPresent([GatewayCondition].self, forKey: .conditions) ?? []
        gatewayID = try container.decodeIfPresent(String.self, forKey: .gatewayID)
        gatewayCode = try container.decodeIfPresent(String.self, forKey: .gatewayCode)
        secretName = try container.decodeIfPresent(String.self, forKey: .secretName)
        recipient = try container.decodeIfPresent(String.self, forKey: .recipient)
        issuedAt = try container.decodeIfPresent(Timestamp.self, forKey: .issuedAt)
        expiresAt = try container.decodeIfPresent(Timestamp.self, forKey: .expiresAt)
        renewalTime = try container.decodeIfPresent(Timestamp.self, forKey: .renewalTime)
        tokenHash = try container.decodeIfPresent(String.self, forKey: .tokenHash)
        lastRolloutTime = try container.decodeIfPresent(Timestamp.self, forKey: .lastRolloutTime)
        failedAttempts = try container.decodeIfPresent(Int.self, forKey: .failedAttempts)
        lastFailureTime = try container.decodeIfPresent(Timestamp.self, forKey: .lastFailureTime)
        lastFailureMessage = try container.decodeIfPresent(String.self, forKey: .lastFailureMessage)
        nextAttemptTime = try container.decodeIfPresent(Timestamp.self, forKey: .nextAttemptTime)
        lastRenewRequest = try container.decodeIfPresent(String.self, forKey: .lastRenewRequest)
    }

    /// The condition of `type`, if present.
    public func condition(_ type: GatewayConditionType) -> GatewayCondition? {
        conditions.first { $0.type == type.rawValue }
    }

    /// Sets a condition, keeping `lastTransitionTime` when the status value does not change.
    public mutating func setCondition(
        _ type: GatewayConditionType, _ value: Bool, reason: String, message: String, generation: Int64?, now: Timestamp
    ) {
        let status = value ? "True" : "False"
        var condition = GatewayCondition(
            type: type.rawValue, status: status, reason: reason, message: message, lastTransitionTime: now, observedGeneration: generation)
        if let index = conditions.firstIndex(where: { $0.type == type.rawValue }) {
            if conditions[index].status == status { condition.lastTransitionTime = conditions[index].lastTransitionTime }
            conditions[index] = condition
        } else {
            conditions.append(condition)
            conditions.sort { GatewayConditionType.order($0.type) < GatewayConditionType.order($1.type) }
        }
    }
}

/// The condition types a Gateway reports.
public enum GatewayConditionType: String, Sendable, CaseIterable {
    /// Harmony can start with the Secret: it holds a valid token.
    case ready = "Ready"
    /// The last token request succeeded.
    case issued = "Issued"
    /// Every target runs with the current Secret.
    case rolloutComplete = "RolloutComplete"

    static func order(_ type: String) -> Int {
        allCases.firstIndex { $0.rawValue == type } ?? allCases.count
    }
}

/// A status condition, as Kubernetes `metav1.Condition`.
public struct GatewayCondition: Sendable, Hashable, Codable {
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    public var reason: String
    public var message: String
    public var lastTransitionTime: Timestamp
    public var observedGeneration: Int64?

    public init(type: String, status: String, reason: String, message: String, lastTransitionTime: Timestamp, observedGeneration: Int64?) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
        self.observedGeneration = observedGeneration
    }

    /// Whether `status` is `True`.
    public var isTrue: Bool { status == "True" }
}
