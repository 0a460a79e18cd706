import JSON

/// RBAC over the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings in a ``KubernetesStore``, read
/// afresh on every question, so changes count from the next request. Members of `system:masters` may do
/// anything; the default discovery, public-info and basic-user grants apply without stored objects.
public struct KubernetesAuthorizer: Sendable {
    let store: KubernetesStore

    public init(store: KubernetesStore) { self.store = store }

    /// Whether `user` may do `verb` on `resource[/subresource]` of `group`, in `namespace` (empty: the cluster
    /// scope), on the object `name` (empty: no particular object).
    public func allows(
        _ user: KubernetesUser, verb: String, group: String = "", resource: String, subresource: String = "",
        namespace: String = "", name: String = ""
    ) -> Bool {
        let attributes = KubernetesAccessAttributes(verb: verb, group: group, resource: resource, subresource: subresource, namespace: namespace, name: name)
        return authorize(user, attributes).allowed
    }

    /// The decision and its reason, as the real RBAC authorizer gives them: ClusterRoleBindings first, then the
    /// RoleBindings of the request's namespace.
    public func authorize(_ user: KubernetesUser, _ attributes: KubernetesAccessAttributes) -> KubernetesAuthorizationDecision {
        if user.groups.contains(KubernetesUser.mastersGroup) { return .init(allowed: true, reason: "") }
        let snapshot = store.state.withLockedValue { state in
            (roles: state.objects[Self.rolesKey] ?? [:], clusterRoles: state.objects[Self.clusterRolesKey] ?? [:],
             bindings: state.objects[Self.roleBindingsKey] ?? [:], clusterBindings: state.objects[Self.clusterRoleBindingsKey] ?? [:])
        }
        func byName(_ objects: [KubernetesObjectKey: KubernetesStore.StoredObject], namespace: String) -> [KubernetesRoleBinding] {
            objects.filter { $0.key.namespace == namespace }.sorted { $0.key < $1.key }.map { KubernetesRoleBinding($0.value.object) }
        }
        var bindings = KubernetesDefaultPolicy.bindings + byName(snapshot.clusterBindings, namespace: "")
        if !attributes.namespace.isEmpty { bindings += byName(snapshot.bindings, namespace: attributes.namespace) }
        var errors: [String] = []
        for binding in bindings {
            guard let subject = binding.subject(matching: user) else { continue }
            let rules: [KubernetesPolicyRule]
            switch binding.roleKind {
            case "ClusterRole":
                if let defaults = KubernetesDefaultPolicy.clusterRoles[binding.roleName], binding.name == binding.roleName, binding.namespace.isEmpty,
                   KubernetesDefaultPolicy.bindings.contains(binding) {
                    rules = defaults
                } else if let role = snapshot.clusterRoles[KubernetesObjectKey(namespace: "", name: binding.roleName)] {
                    rules = Self.rules(of: role.object)
                } else {
                    errors.append("clusterrole.rbac.authorization.k8s.io \"\(binding.roleName)\" not found")
                    continue
                }
            case "Role" where !binding.namespace.isEmpty:
                guard let role = snapshot.roles[KubernetesObjectKey(namespace: binding.namespace, name: binding.roleName)] else {
                    errors.append("role.rbac.authorization.k8s.io \"\(binding.roleName)\" not found")
                    continue
                }
                rules = Self.rules(of: role.object)
            default:
                errors.append("unsupported role reference kind: \"\(binding.roleKind)\"")
                continue
            }
            if rules.contains(where: { $0.allows(attributes) }) {
                return .init(allowed: true, reason: "RBAC: allowed by \(binding.describe(subject))")
            }
        }
        let reason = errors.isEmpty ? "" : "RBAC: " + (errors.count == 1 ? errors[0] : "[\(errors.joined(separator: ", "))]")
        return .init(allowed: false, reason: reason)
    }

    static func rules(of role: JSONValue) -> [KubernetesPolicyRule] {
        (role["rules"]?.arrayValue ?? []).map(KubernetesPolicyRule.init)
    }

    static let rolesKey = "roles.rbac.authorization.k8s.io"
    static let clusterRolesKey = "clusterroles.rbac.authorization.k8s.io"
    static let roleBindingsKey = "rolebindings.rbac.authorization.k8s.io"
    static let clusterRoleBindingsKey = "clusterrolebindings.rbac.authorization.k8s.io"
}
