import GatewayAPI
/// The least privilege the operator needs: what its ClusterRole and Role grant.
public enum OperatorPermissions {
    /// Cluster-wide (or, bound per namespace, per watched namespace): Gateways, their status, the Secrets the
    /// operator owns and the credentials Secret, the workloads it restarts, and Events.
    ///
    /// Each verb has a request behind it: Gateways are listed and watched by the informer and read fresh after
    /// a conflict; status is written with `update` (never patched); Secrets are created, replaced with `update`
    /// (never patched) and read by name; workloads are listed and watched (read only from the cache) and restarted with a merge
    /// `patch`; Events are created, and a repeat is a `patch` of its series.
    ///
    /// Secrets `list`/`watch` are needed for the informer, which the operator always runs with the label selector
    /// `app.kubernetes.io/managed-by=runbeam-operator`; RBAC cannot restrict a verb to a label selector, so the
    /// grant covers every Secret of the watched namespaces.
    ///
    /// `update` on `gateways/finalizers` is never requested by the operator itself: the API server checks it when the
    /// operator creates a Secret whose owner reference to its Gateway has `blockOwnerDeletion: true`, on clusters that
    /// run the `OwnerReferencesPermissionEnforcement` admission plugin (OpenShift does). The reference keeps
    /// `blockOwnerDeletion` so that a foreground deletion of a Gateway waits for its Secret
    /// (``OwnerReferencesAdmission`` models the check for the RBAC audit).
    public static let cluster: [PolicyRule] = [
        PolicyRule(apiGroups: ["runbeam.io"], resources: ["gateways"], verbs: ["get", "list", "watch"]),
        PolicyRule(apiGroups: ["runbeam.io"], resources: ["gateways/status"], verbs: ["update"]),
        PolicyRule(apiGroups: ["runbeam.io"], resources: ["gateways/finalizers"], verbs: ["update"]),
        PolicyRule(apiGroups: [""], resources: ["secrets"], verbs: ["create", "update", "get", "list", "watch"]),
        PolicyRule(apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets"], verbs: ["list", "watch", "patch"]),
        PolicyRule(apiGroups: ["events.k8s.io"], resources: ["events"], verbs: ["create", "patch"]),
    ]

    /// In the operator's own namespace: the leader-election Lease.
    public static let namespaced: [PolicyRule] = [
        PolicyRule(apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "create", "update"]),
    ]

    /// The note on the ClusterRole explaining the one grant broader than the operator's use.
    public static let secretsNote = """
        list/watch on secrets: the operator lists and watches only Secrets labelled \
        app.kubernetes.io/managed-by=runbeam-operator; RBAC cannot express a label selector, so the grant \
        covers all Secrets of the watched namespaces. It reads other Secrets only by name (the Gateway's \
        credentialsSecretRef, same namespace).
        """
}
