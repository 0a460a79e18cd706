/// The built-in kinds the emulator serves from the start.
enum KubernetesBuiltinResources {
    static let all: [KubernetesResourceType] = [
        .init(group: "", versions: ["v1"], kind: "Namespace", plural: "namespaces", namespaced: false, shortNames: ["ns"], hasStatusSubresource: true),
        .init(group: "", versions: ["v1"], kind: "Secret", plural: "secrets", namespaced: true),
        .init(group: "", versions: ["v1"], kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"]),
        .init(group: "", versions: ["v1"], kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true, shortNames: ["sa"]),
        .init(group: "", versions: ["v1"], kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"]),
        .init(group: "", versions: ["v1"], kind: "Service", plural: "services", namespaced: true, shortNames: ["svc"], categories: ["all"], hasStatusSubresource: true),
        .init(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "ClusterRole", plural: "clusterroles", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "ClusterRoleBinding", plural: "clusterrolebindings", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "Role", plural: "roles", namespaced: true),
        .init(group: "rbac.authorization.k8s.io", versions: ["v1"], kind: "RoleBinding", plural: "rolebindings", namespaced: true),
        .init(group: "policy", versions: ["v1"], kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", namespaced: true, shortNames: ["pdb"], hasStatusSubresource: true),
        .init(group: "apps", versions: ["v1"], kind: "Deployment", plural: "deployments", namespaced: true, shortNames: ["deploy"], categories: ["all"], hasStatusSubresource: true),
        .init(group: "apps", versions: ["v1"], kind: "StatefulSet", plural: "statefulsets", namespaced: true, shortNames: ["sts"], categories: ["all"], hasStatusSubresource: true),
        .init(group: "apps", versions: ["v1"], kind: "DaemonSet", plural: "daemonsets", namespaced: true, shortNames: ["ds"], categories: ["all"], hasStatusSubresource: true),
        .init(group: "coordination.k8s.io", versions: ["v1"], kind: "Lease", plural: "leases", namespaced: true),
        .init(group: "events.k8s.io", versions: ["v1"], kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"]),
        .init(group: "apiextensions.k8s.io", versions: ["v1"], kind: "CustomResourceDefinition", plural: "customresourcedefinitions", namespaced: false, shortNames: ["crd", "crds"], categories: ["api-extensions"], hasStatusSubresource: true),
    ]

    /// Namespaces that exist in a fresh emulator.
    static let initialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]
}
