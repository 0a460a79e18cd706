/// Everything `runbeam-operator status gateway` shows about one Gateway: its spec in short, conditions, Secret,
/// next renewal, the workloads it restarts, the last rollout and the last Events. Never a token, credential or key:
/// of the Secret only its key names and annotations.
public struct GatewayStatusReport: Sendable, Hashable, Encodable {
    /// The spec, with the defaults the report can know without the operator's configuration.
    public struct Spec: Sendable, Hashable, Encodable {
        public var gatewayCode: String
        /// nil: the operator's `defaultAPIURL`.
        public var apiURL: String?
        public var credentialsSecret: String
        public var credentialsKey: String
        public var secretName: String
        /// `renewBefore 240h`, `renewBeforePercentage 20`, or nil for the operator's default percentage.
        public var renewal: String?
        /// `Deployment/harmony`, …, or `selector app=harmony`; empty when nothing is restarted.
        public var rollout: [String]
        public var suspended: Bool
    }

    /// One status condition.
    public struct Condition: Sendable, Hashable, Encodable {
        public var type: String
        public var status: String
        public var reason: String
        public var message: String
        public var lastTransitionTime: String
    }

    /// The Secret the Gateway writes, as far as the caller may read it.
    public struct SecretState: Sendable, Hashable, Encodable {
        public var name: String
        public var exists: Bool
        /// Key names of `data`, sorted; values are never read into the report.
        public var keys: [String]
        public var recipient: String?
        public var expiresAt: String?
        public var issuedAt: String?
        /// Whether an ownerReference names this Gateway (false: the operator refuses to write it, `SecretConflict`).
        public var ownedByGateway: Bool
        /// Set when the Secret could not be read (e.g. 403): what the caller lacks.
        public var readError: String?
    }

    /// A workload the Gateway restarts.
    public struct Workload: Sendable, Hashable, Encodable {
        public var kind: String
        public var name: String
        public var exists: Bool
        /// Whether its pod template references the Secret (env `secretKeyRef`, `envFrom` or a volume).
        public var readsSecret: Bool
        /// Its pod template's `runbeam.io/restartedAt`, when the operator restarted it.
        public var restartedAt: String?
    }

    /// One Event about the Gateway.
    public struct EventLine: Sendable, Hashable, Encodable {
        public var time: String?
        public var type: String
        public var reason: String
        public var note: String
        public var count: Int
    }

    public var namespace: String
    public var name: String
    public var spec: Spec
    /// False when the spec does not decode; `specProblem` says why.
    public var specProblem: String?
    public var conditions: [Condition]
    public var secret: SecretState
    public var expiresAt: String?
    public var nextRenewal: String?
    public var failedAttempts: Int
    public var lastFailureMessage: String?
    public var nextAttemptTime: String?
    public var workloads: [Workload]
    public var lastRollout: String?
    /// The most recent Events, newest last.
    public var events: [EventLine]
}
