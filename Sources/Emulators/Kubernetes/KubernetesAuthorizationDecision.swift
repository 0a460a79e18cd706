/// The answer of ``KubernetesAuthorizer``: allowed or not, and the real server's reason text
/// (`RBAC: allowed by RoleBinding "b/ns" of Role "r" to ServiceAccount "sa/ns"`; for a denial
/// empty, or the unresolvable role references that were met).
public struct KubernetesAuthorizationDecision: Sendable, Hashable {
    public var allowed: Bool
    public var reason: String

    public init(allowed: Bool, reason: String) {
        self.allowed = allowed
        self.reason = reason
    }
}
