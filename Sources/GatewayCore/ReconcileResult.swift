import FoundationEssentials
import GatewayAPI
import JSON

/// Everything a reconcile wants done; the controller performs it.
public struct ReconcileResult: Sendable {
    /// The Secret to create or update in one request, or nil.
    public var secretWrite: SecretWrite?
    /// Pod-template annotations to patch (field manager `runbeam-operator`).
    public var restarts: [WorkloadRestart]
    /// The status to write, or nil when it did not change.
    public var status: GatewayStatus?
    /// Events to record on the Gateway.
    public var events: [GatewayEvent]
    /// When to reconcile again; nil waits for a change.
    public var nextReconcile: Date?
    /// The token `secretWrite` carries: the controller keeps it until the write succeeds, so a failed write is retried
    /// with it instead of a new request to Runbeam Cloud.
    public var pendingToken: PendingToken?
    /// Whether the world's pending token is of no more use (the Secret holds it, or it is too old, or for another
    /// gateway code or API URL).
    public var discardsPendingToken: Bool

    public init(
        secretWrite: SecretWrite? = nil, restarts: [WorkloadRestart] = [], status: GatewayStatus? = nil, events: [GatewayEvent] = [],
        nextReconcile: Date? = nil, pendingToken: PendingToken? = nil, discardsPendingToken: Bool = false
    ) {
        self.secretWrite = secretWrite
        self.restarts = restarts
        self.status = status
        self.events = events
        self.nextReconcile = nextReconcile
        self.pendingToken = pendingToken
        self.discardsPendingToken = discardsPendingToken
    }

    /// Whether the reconcile writes anything to the API (Events aside).
    public var writes: Bool { secretWrite != nil || !restarts.isEmpty || status != nil }
}

/// A Secret write.
public enum SecretWrite: Sendable, Hashable {
    /// Create a new Secret.
    case create(ManagedSecret)
    /// Replace the existing Secret; its `resourceVersion` guards against concurrent changes.
    case update(ManagedSecret)

    /// Whether the write creates the Secret.
    public var isCreate: Bool {
        if case .create = self { return true }
        return false
    }

    /// The Secret written.
    public var secret: ManagedSecret {
        switch self {
        case .create(let secret), .update(let secret): secret
        }
    }
}

/// Set `spec.template.metadata.annotations["runbeam.io/restartedAt"]` on a workload.
public struct WorkloadRestart: Sendable, Hashable {
    public var kind: WorkloadKind
    public var name: String
    /// RFC 3339 with milliseconds.
    public var restartedAt: String
    /// The version the decision to restart was made on. The patch carries it as a precondition, so a decision
    /// taken on a cache that lags behind the workload (which may already have been restarted) fails with 409
    /// instead of restarting the pods twice.
    public var resourceVersion: String?

    public init(kind: WorkloadKind, name: String, restartedAt: String, resourceVersion: String? = nil) {
        self.kind = kind
        self.name = name
        self.restartedAt = restartedAt
        self.resourceVersion = resourceVersion
    }

    /// The merge patch body for the workload.
    public var mergePatch: JSONValue {
        var patch: JSONValue = ["spec": ["template": ["metadata": ["annotations": [OperatorLabels.restartedAt: .string(restartedAt)]]]]]
        if let resourceVersion { patch["metadata"] = ["resourceVersion": .string(resourceVersion)] }
        return patch
    }
}

/// A Kubernetes Event about a Gateway.
public struct GatewayEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case normal = "Normal"
        case warning = "Warning"
    }

    public var type: Kind
    /// `TokenIssued`, `TokenRenewed`, `TokenRequestFailed`, `TokenExpired`, `SecretConflict`, `SecretWriteFailed`,
    /// `StatusWriteFailed`, `RolloutTriggered`, `RolloutFailed`, `RolloutWriteFailed`, `RenewBeforeTooLong`,
    /// `SecretNotConsumed`, `InvalidSpec`, `CredentialsMissing`.
    public var reason: String
    public var note: String

    public init(_ type: Kind, _ reason: String, _ note: String) {
        self.type = type
        self.reason = reason
        self.note = note
    }
}
