import GatewayAPI
/// What `runbeam-operator run` was asked to do: the configuration (file plus flag overrides) and how
/// to reach the cluster.
public struct RunOptions: Sendable {
    public var configuration: OperatorConfiguration
    /// A kubeconfig path; nil uses `$KUBECONFIG`, the in-cluster service account, or `~/.kube/config`.
    public var kubeconfig: String?
    public var context: String?
    /// This replica's name in the Lease and in Events (the pod name in a cluster).
    public var identity: String
    /// The operator's version, for `User-Agent` headers.
    public var version: String
    /// Reconcile and log what would be written, writing nothing: no Secret, status, Event, restart or Lease, and no
    /// token requested from Runbeam Cloud (``DryRunTokenIssuer``).
    public var dryRun: Bool

    public init(
        configuration: OperatorConfiguration, kubeconfig: String? = nil, context: String? = nil, identity: String, version: String, dryRun: Bool = false
    ) {
        self.dryRun = dryRun
        self.configuration = configuration
        self.kubeconfig = kubeconfig
        self.context = context
        self.identity = identity
        self.version = version
    }
}
