/// The bootstrap grants of a real cluster that every user relies on, applied without stored objects:
/// `system:discovery` and `system:basic-user` for `system:authenticated`, `system:public-info-viewer` also
/// for `system:unauthenticated`.
enum KubernetesDefaultPolicy {
    static let clusterRoles: [String: [KubernetesPolicyRule]] = [
        "system:discovery": [
            .init(verbs: ["get"], nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]),
        ],
        "system:public-info-viewer": [
            .init(verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"]),
        ],
        "system:basic-user": [
            .init(verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            .init(verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"]),
        ],
    ]

    static let bindings: [KubernetesRoleBinding] = [
        binding("system:basic-user", groups: [KubernetesUser.authenticatedGroup]),
        binding("system:discovery", groups: [KubernetesUser.authenticatedGroup]),
        binding("system:public-info-viewer", groups: [KubernetesUser.authenticatedGroup, "system:unauthenticated"]),
    ]

    private static func binding(_ name: String, groups: [String]) -> KubernetesRoleBinding {
        KubernetesRoleBinding(name: name, roleKind: "ClusterRole", roleName: name, subjects: groups.map { .init(kind: "Group", name: $0, namespace: "") })
    }
}
