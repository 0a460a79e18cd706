import JSON

/// Harmony workloads as the operator's rollout targets, for seeding an ``EmulatedCluster``.
public enum HarmonyWorkload {
    /// The container environment that reads a Gateway's Secret `secret` the way Harmony does (`machine-token` and
    /// `encryption-key` through `secretKeyRef`).
    public static func environment(secret: String) -> JSONValue {
        [
            ["name": "RUNBEAM_MACHINE_TOKEN", "valueFrom": ["secretKeyRef": ["name": .string(secret), "key": "machine-token"]]],
            ["name": "RUNBEAM_ENCRYPTION_KEY", "valueFrom": ["secretKeyRef": ["name": .string(secret), "key": "encryption-key"]]],
        ]
    }

    /// A Harmony workload of `kind` (Deployment, StatefulSet or DaemonSet) named `name` in `namespace`, its pods
    /// labelled `app: <name>` and their one container given `env`; one replica unless a DaemonSet.
    public static func object(kind: String, name: String, namespace: String, env: JSONValue) -> JSONValue {
        var spec: JSONValue = [
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "harmony", "image": "ghcr.io/aurabx/harmony:latest", "env": env]]],
            ],
        ]
        if kind != "DaemonSet" { spec["replicas"] = 1 }
        if kind == "StatefulSet" { spec["serviceName"] = .string(name) }
        return ["apiVersion": "apps/v1", "kind": .string(kind), "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec]
    }
}
