import JSON

/// The operator's Deployment: replicas with leader election, probes, resources and a locked-down pod.
public enum OperatorDeployment {
    /// The user and group the container runs as (not root).
    public static let userID = 65_532

    /// The Deployment for `options`.
    public static func json(_ options: ManifestOptions) -> JSONValue {
        let name = InstallManifests.name
        return [
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": InstallManifests.metadata(name, namespace: options.namespace),
            "spec": [
                "replicas": .int(options.replicas),
                "selector": ["matchLabels": InstallManifests.selectorLabels],
                "template": [
                    "metadata": ["labels": InstallManifests.labels],
                    "spec": podSpec(options),
                ],
            ],
        ]
    }

    static func podSpec(_ options: ManifestOptions) -> JSONValue {
        [
            "serviceAccountName": .string(InstallManifests.name),
            "securityContext": [
                "runAsNonRoot": true,
                "runAsUser": .int(userID),
                "runAsGroup": .int(userID),
                "seccompProfile": ["type": "RuntimeDefault"],
            ],
            "terminationGracePeriodSeconds": 30,
            "affinity": [
                "podAntiAffinity": [
                    "preferredDuringSchedulingIgnoredDuringExecution": [[
                        "weight": 100,
                        "podAffinityTerm": [
                            "topologyKey": "kubernetes.io/hostname",
                            "labelSelector": ["matchLabels": InstallManifests.selectorLabels],
                        ],
                    ]],
                ],
            ],
            "containers": [container(options)],
            "volumes": [
                ["name": "config", "configMap": ["name": .string(InstallManifests.name)]],
                ["name": "tmp", "emptyDir": ["sizeLimit": "16Mi"]],
            ],
        ]
    }

    static func container(_ options: ManifestOptions) -> JSONValue {
        let configuration = options.configuration
        return [
            "name": "operator",
            "image": .string(options.image),
            "imagePullPolicy": "IfNotPresent",
            "args": ["run", "--config", .string("\(InstallManifests.configDirectory)/\(InstallManifests.configKey)")],
            "env": [
                fieldEnv("POD_NAME", "metadata.name"),
                fieldEnv("POD_NAMESPACE", "metadata.namespace"),
            ],
            "ports": [
                ["name": "metrics", "containerPort": .int(port(configuration.metricsAddress, default: 8080)), "protocol": "TCP"],
                ["name": "health", "containerPort": .int(port(configuration.healthAddress, default: 8081)), "protocol": "TCP"],
            ],
            "livenessProbe": probe("/healthz", initialDelay: 5, period: 10, failures: 3),
            "readinessProbe": probe("/readyz", initialDelay: 2, period: 5, failures: 3),
            "resources": [
                "requests": ["cpu": "50m", "memory": "64Mi"],
                "limits": ["cpu": "1", "memory": "256Mi"],
            ],
            "securityContext": [
                "allowPrivilegeEscalation": false,
                "readOnlyRootFilesystem": true,
                "runAsNonRoot": true,
                "capabilities": ["drop": ["ALL"]],
                "seccompProfile": ["type": "RuntimeDefault"],
            ],
            "volumeMounts": [
                ["name": "config", "mountPath": .string(InstallManifests.configDirectory), "readOnly": true],
                ["name": "tmp", "mountPath": "/tmp"],
            ],
        ]
    }

    private static func fieldEnv(_ name: String, _ path: String) -> JSONValue {
        ["name": .string(name), "valueFrom": ["fieldRef": ["fieldPath": .string(path)]]]
    }

    private static func probe(_ path: String, initialDelay: Int, period: Int, failures: Int) -> JSONValue {
        [
            "httpGet": ["path": .string(path), "port": "health"],
            "initialDelaySeconds": .int(initialDelay),
            "periodSeconds": .int(period),
            "failureThreshold": .int(failures),
        ]
    }

    /// The port of a `host:port` listen address.
    static func port(_ address: String, default fallback: Int) -> Int {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), port > 0 else { return fallback }
        return port
    }
}
