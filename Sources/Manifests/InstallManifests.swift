import GatewayAPI
import JSON
import YAML

/// Everything needed to install the operator with `kubectl apply`: the CRD, Namespace, RBAC, ConfigMap,
/// Deployment and metrics Service, as one stream or as the files of the repository's `manifests/` folder.
public enum InstallManifests {
    /// The name of the operator's ServiceAccount, roles, bindings, Deployment, Service and ConfigMap.
    public static let name = OperatorLabels.managerName
    /// Where the ConfigMap is mounted in the container.
    public static let configDirectory = "/etc/runbeam-operator"
    /// The configuration file's key in the ConfigMap.
    public static let configKey = "config.yaml"

    /// Every Kubernetes object, in the order `kubectl apply` should create them.
    public static func objects(_ options: ManifestOptions) throws(YAMLError) -> [JSONValue] {
        try files(options).filter(\.isKubernetesObject).flatMap(\.objects)
    }

    /// The RBAC objects alone (ClusterRole, Role and their bindings): what tests install into an emulator that
    /// evaluates RBAC, to run the operator under exactly the shipped roles.
    public static func rbacObjects(_ options: ManifestOptions) throws(YAMLError) -> [JSONValue] {
        let kinds: Set<String> = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]
        return try objects(options).filter { kinds.contains($0["kind"]?.stringValue ?? "") }
    }

    /// The multi-document YAML stream `runbeam-operator manifests` prints.
    public static func yaml(_ options: ManifestOptions) throws(YAMLError) -> String {
        try ManifestYAML.stream(objects(options))
    }

    /// The generated files of `manifests/`, paths relative to it: every object in one file in install order (so
    /// both `kubectl apply -f manifests/` and `kubectl apply -k manifests/` work), and the kustomization, named
    /// `Kustomization` so that `kubectl apply -f` on the folder does not read it as an object.
    public static func files(_ options: ManifestOptions) throws(YAMLError) -> [ManifestFile] {
        let objects = [
            namespace(options),
            GatewayCRD.json,
            serviceAccount(options), clusterRole(), clusterRoleBinding(options), role(options), roleBinding(options),
            try configMap(options), OperatorDeployment.json(options), metricsService(options),
        ]
        let install = ManifestFile(path: "runbeam-operator.yaml", objects: objects)
        let kustomization: JSONValue = [
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": [.string(install.path)],
        ]
        return [install, ManifestFile(path: "Kustomization", objects: [kustomization], isKubernetesObject: false)]
    }

    /// The CRD alone, as the Helm chart's `crds/` holds it.
    public static func crdYAML() throws(YAMLError) -> String {
        try ManifestYAML.stream([GatewayCRD.json])
    }

    /// The labels every object carries.
    public static var labels: JSONValue {
        ["app.kubernetes.io/name": .string(name), "app.kubernetes.io/part-of": "runbeam"]
    }

    /// The labels selecting the operator's pods.
    public static var selectorLabels: JSONValue {
        ["app.kubernetes.io/name": .string(name)]
    }

    static func metadata(_ name: String, namespace: String? = nil, annotations: JSONValue? = nil) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string(name), "labels": labels]
        if let namespace { metadata["namespace"] = .string(namespace) }
        if let annotations { metadata["annotations"] = annotations }
        return .object(metadata)
    }

    static func namespace(_ options: ManifestOptions) -> JSONValue {
        ["apiVersion": "v1", "kind": "Namespace", "metadata": metadata(options.namespace)]
    }

    static func serviceAccount(_ options: ManifestOptions) -> JSONValue {
        ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata(name, namespace: options.namespace)]
    }

    static func clusterRole() -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": metadata(name, annotations: ["runbeam.io/rbac-note": .string(OperatorPermissions.secretsNote)]),
            "rules": .array(OperatorPermissions.cluster.map(\.json)),
        ]
    }

    static func clusterRoleBinding(_ options: ManifestOptions) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": metadata(name),
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(name)],
            "subjects": [subject(options)],
        ]
    }

    static func role(_ options: ManifestOptions) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": metadata(name, namespace: leaseNamespace(options)),
            "rules": .array(OperatorPermissions.namespaced.map(\.json)),
        ]
    }

    static func roleBinding(_ options: ManifestOptions) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": metadata(name, namespace: leaseNamespace(options)),
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": .string(name)],
            "subjects": [subject(options)],
        ]
    }

    static func configMap(_ options: ManifestOptions) throws(YAMLError) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": metadata(name, namespace: options.namespace),
            "data": [.init(configKey): .string(try ConfigurationFile.yaml(options.configuration))],
        ]
    }

    static func metricsService(_ options: ManifestOptions) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": metadata("\(name)-metrics", namespace: options.namespace),
            "spec": [
                "selector": selectorLabels,
                "ports": [["name": "metrics", "port": 8080, "targetPort": "metrics", "protocol": "TCP"]],
            ],
        ]
    }

    private static func subject(_ options: ManifestOptions) -> JSONValue {
        ["kind": "ServiceAccount", "name": .string(name), "namespace": .string(options.namespace)]
    }

    private static func leaseNamespace(_ options: ManifestOptions) -> String {
        let configured = options.configuration.leaderElection.leaseNamespace
        return configured.isEmpty ? options.namespace : configured
    }
}
