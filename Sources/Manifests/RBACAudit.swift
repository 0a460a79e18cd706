/// Checks RBAC rules against the requests a client really made: every request must be allowed, and every
/// permission granted must be used by some request (least privilege, both ways).
public struct RBACAudit: Sendable {
    /// Rules granted everywhere (the ClusterRole, bound cluster-wide).
    public var clusterRules: [PolicyRule]
    /// Rules granted only in ``namespace`` (the Role).
    public var namespacedRules: [PolicyRule]
    /// The namespace the Role lives in.
    public var namespace: String

    /// An audit of the operator's own permissions, its Role in `namespace`.
    public init(
        clusterRules: [PolicyRule] = OperatorPermissions.cluster,
        namespacedRules: [PolicyRule] = OperatorPermissions.namespaced,
        namespace: String
    ) {
        self.clusterRules = clusterRules
        self.namespacedRules = namespacedRules
        self.namespace = namespace
    }

    /// One granted permission: a verb on a resource of a group.
    public struct Permission: Sendable, Hashable, CustomStringConvertible {
        public var group: String
        public var resource: String
        public var verb: String
        /// Whether the Role (rather than the ClusterRole) grants it.
        public var namespaced: Bool

        public var description: String {
            "\(verb) \(group.isEmpty ? "core" : group)/\(resource)" + (namespaced ? " (Role)" : " (ClusterRole)")
        }
    }

    /// What the audit found.
    public struct Result: Sendable, Hashable {
        /// Requests no rule allows, in first-seen order without repeats.
        public var denied: [APIRequest]
        /// Permissions no request used, in rule order.
        public var unused: [Permission]
    }

    /// Every permission the rules grant, one per (group, resource, verb).
    public var permissions: [Permission] {
        func expand(_ rules: [PolicyRule], namespaced: Bool) -> [Permission] {
            rules.flatMap { rule in
                rule.apiGroups.flatMap { group in
                    rule.resources.flatMap { resource in
                        rule.verbs.map { Permission(group: group, resource: resource, verb: $0, namespaced: namespaced) }
                    }
                }
            }
        }
        return expand(clusterRules, namespaced: false) + expand(namespacedRules, namespaced: true)
    }

    /// The permission that allows `request`, preferring the ClusterRole; nil when none does.
    public func permission(for request: APIRequest) -> Permission? {
        permissions.first { permission in
            permission.group == request.group && permission.resource == request.resource && permission.verb == request.verb
                && (!permission.namespaced || request.namespace == namespace)
        }
    }

    /// Audits `requests` (nil entries, non-resource paths, are ignored), each with the checks admission makes for it
    /// (``OwnerReferencesAdmission``), so a grant only admission needs is neither missing nor reported unused.
    public func check(_ requests: [APIRequest?]) -> Result {
        var denied: [APIRequest] = []
        var used: Set<Permission> = []
        for case let request? in requests.flatMap({ request in [request] + (request.map(OwnerReferencesAdmission.impliedChecks) ?? []) }) {
            if let permission = permission(for: request) {
                used.insert(permission)
            } else if !denied.contains(request) {
                denied.append(request)
            }
        }
        return Result(denied: denied, unused: permissions.filter { !used.contains($0) })
    }
}
