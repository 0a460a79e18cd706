import Basics
import FoundationEssentials
import GatewayAPI

/// What the reconciler sees of the cluster for one Gateway, taken from the informer caches.
public struct ReconcileWorld: Sendable {
    /// The Secret named by `spec.secret.name`, whoever owns it.
    public var managedSecret: ManagedSecret?
    /// The credentials Secret's lookup.
    public var credential: CredentialLookup
    /// The workloads found: the listed targets that exist, or every workload matching the selector.
    public var workloads: [WorkloadState]
    /// The current time.
    public var now: Date
    /// Picks the renewal time of a token written now; nil uses the policy's hash-derived time.
    public var renewalScheduler: (any RenewalScheduler)?
    /// A token issued for this Gateway whose Secret write failed: written again before another is requested.
    public var pendingToken: PendingToken?

    public init(
        managedSecret: ManagedSecret?, credential: CredentialLookup, workloads: [WorkloadState] = [], now: Date,
        renewalScheduler: (any RenewalScheduler)? = nil, pendingToken: PendingToken? = nil
    ) {
        self.managedSecret = managedSecret
        self.credential = credential
        self.workloads = workloads
        self.now = now
        self.renewalScheduler = renewalScheduler
        self.pendingToken = pendingToken
    }
}

/// The result of looking up `spec.cloud.credentialsSecretRef`.
public enum CredentialLookup: Sendable, Hashable {
    case found(Credential)
    /// No Secret of that name in the namespace.
    case secretMissing
    /// The Secret exists but has no (non-empty) value under the key.
    case keyMissing
}

/// A Deployment, StatefulSet or DaemonSet as far as rollouts need it.
public struct WorkloadState: Sendable, Hashable {
    public var kind: WorkloadKind
    public var name: String
    public var uid: String
    public var labels: [String: String]
    public var creationTimestamp: Date
    /// `spec.paused` (Deployments).
    public var paused: Bool
    public var generation: Int64
    public var observedGeneration: Int64
    /// Desired replicas (`spec.replicas`, or `status.desiredNumberScheduled` for a DaemonSet).
    public var replicas: Int
    /// `status.updatedReplicas` (`updatedNumberScheduled` for a DaemonSet).
    public var updatedReplicas: Int
    /// `spec.template.metadata.annotations`.
    public var podTemplateAnnotations: [String: String]
    /// Secrets the pod template references through env `secretKeyRef`, `envFrom` or a volume.
    public var referencedSecrets: Set<String>
    /// The version this state was read from: a restart is patched only onto that version.
    public var resourceVersion: String?

    public init(
        kind: WorkloadKind, name: String, uid: String, labels: [String: String] = [:], creationTimestamp: Date, paused: Bool = false,
        generation: Int64 = 1, observedGeneration: Int64 = 1, replicas: Int = 1, updatedReplicas: Int = 1,
        podTemplateAnnotations: [String: String] = [:], referencedSecrets: Set<String> = [], resourceVersion: String? = nil
    ) {
        self.kind = kind
        self.name = name
        self.uid = uid
        self.labels = labels
        self.creationTimestamp = creationTimestamp
        self.paused = paused
        self.generation = generation
        self.observedGeneration = observedGeneration
        self.replicas = replicas
        self.updatedReplicas = updatedReplicas
        self.podTemplateAnnotations = podTemplateAnnotations
        self.referencedSecrets = referencedSecrets
        self.resourceVersion = resourceVersion
    }

    /// When the workload last (re)started its pods as far as the operator knows: the later of the restart annotation
    /// and the creation time.
    public var effectiveRestartTime: Date {
        let restarted = podTemplateAnnotations[OperatorLabels.restartedAt].flatMap(RFC3339.parse) ?? .distantPast
        return max(restarted, creationTimestamp)
    }

    /// Whether the controller has rolled out the latest spec.
    public var isRolledOut: Bool {
        observedGeneration >= generation && updatedReplicas == replicas
    }
}
