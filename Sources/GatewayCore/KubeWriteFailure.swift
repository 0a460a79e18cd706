import FoundationEssentials

/// A write to the Kubernetes API that was refused or never answered, described for the people who must act on it:
/// the status condition message, the Warning Event and the `runbeam_operator_kube_write_failures_total` metric all
/// say the same thing. Never carries a value that was being written.
public struct KubeWriteFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The verb: `create`, `update` or `patch`.
    public var verb: String
    /// The resource as RBAC names it: `secrets`, `gateways/status`, `deployments`.
    public var resource: String
    public var namespace: String
    public var name: String
    /// The HTTP status, nil when the server never answered (timeout, connection failure).
    public var code: Int?
    /// The server's `Status` reason (`Forbidden`, `Invalid`), when it sent one.
    public var reason: String?
    /// The server's message, or the transport error.
    public var message: String

    public init(verb: String, resource: String, namespace: String, name: String, code: Int?, reason: String? = nil, message: String) {
        self.verb = verb
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.code = code
        self.reason = reason
        self.message = message
    }

    /// The `code` label of the failure metric: the HTTP status, or `none` when there was no answer.
    public var metricCode: String { code.map(String.init) ?? "none" }

    /// What the user should do about it.
    public var remedy: String {
        let group = resource.hasPrefix("gateways") ? "runbeam.io" : (["deployments", "statefulsets", "daemonsets"].contains(resource) ? "apps" : "core")
        switch code {
        case 403 where message.contains("cannot set blockOwnerDeletion"):
            return "grant update on gateways/finalizers (API group runbeam.io) to the operator's ServiceAccount: the cluster enforces "
                + "OwnerReferencesPermissionEnforcement (the ClusterRole in manifests/ has this rule)"
        case 403 where message.contains("cannot set an ownerRef"):
            return "grant delete on \(resource) to the operator's ServiceAccount: the cluster enforces OwnerReferencesPermissionEnforcement"
        case 403 where message.contains("exceeded quota"):
            return "raise the ResourceQuota of namespace \(namespace) or remove unused objects; the operator retries with backoff"
        case 403:
            return "grant \(verb) on \(resource) (API group \(group)) to the operator's ServiceAccount, or fix the policy that denies it "
                + "(kubectl apply -f manifests/ installs the operator's roles)"
        case 401:
            return "the API server rejected the operator's credentials; check its ServiceAccount token or kubeconfig"
        case 400, 422:
            return "the API server or an admission webhook or policy refused the object; fix or exempt the operator from that policy "
                + "(the operator retries with backoff)"
        case 404:
            return "the object or its namespace does not exist (deleted meanwhile?); the operator decides again on its next reconcile"
        case 429:
            return "the API server is throttling the operator; it retries with backoff"
        case nil:
            return "the API server did not answer; check connectivity to it (the operator retries with backoff)"
        default:
            return "the API server failed; the operator retries with backoff"
        }
    }

    /// `create secrets harmony/prod-runbeam failed: HTTP 403 Forbidden: <message>; <remedy>`.
    public var description: String {
        let answer = code.map { "HTTP \($0)\(reason.map { " \($0)" } ?? "")" } ?? "no answer"
        return "\(verb) \(resource) \(namespace)/\(name) failed: \(answer): \(message); \(remedy)"
    }
}
