import FoundationEssentials

/// Why this candidate's last attempt to get, create or update its Lease failed: what `/readyz` and the warning log
/// tell the person whose replica sits in standby.
public struct LeaseFailure: Sendable, Hashable, CustomStringConvertible {
    /// The Lease's namespace and name.
    public var namespace: String
    public var leaseName: String
    /// The HTTP status, nil when the server never answered.
    public var code: Int?
    /// The server's message.
    public var message: String

    public init(namespace: String, leaseName: String, code: Int?, message: String) {
        self.namespace = namespace
        self.leaseName = leaseName
        self.code = code
        self.message = message
    }

    /// A failure no retry heals: the operator's role or configuration must change.
    public var needsAction: Bool { [401, 403, 404].contains(code ?? 0) }

    /// What to do about it.
    public var remedy: String {
        switch code {
        case 403:
            return "grant get, create and update on leases (API group coordination.k8s.io) in namespace \(namespace) to the operator's "
                + "ServiceAccount (the Role in manifests/ does), or point leaderElection.leaseNamespace at a namespace where it has them"
        case 404:
            return "namespace \(namespace) does not exist: create it, or set leaderElection.leaseNamespace to the operator's namespace"
        case 401:
            return "the API server rejected the operator's credentials; check its ServiceAccount token or kubeconfig"
        default:
            return "the operator retries every retry period"
        }
    }

    public var description: String {
        let answer = code.map { "HTTP \($0)" } ?? "no answer"
        return "cannot acquire Lease \(namespace)/\(leaseName): \(answer): \(message); \(remedy)"
    }
}
