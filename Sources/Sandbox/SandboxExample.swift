import GatewayAPI
import JSON

/// The example the sandbox installs: a namespace, a credentials Secret, and per Gateway one Harmony
/// Deployment that reads the Gateway's Secret through `secretKeyRef` env vars.
public struct SandboxExample: Sendable, Hashable {
    /// One Gateway and what belongs to it.
    public struct Member: Sendable, Hashable {
        /// The Gateway's name (`gateway-1`, …).
        public var name: String
        /// The gateway code sent to Runbeam Cloud.
        public var gatewayCode: String
        /// The Secret the operator writes (`<name>-runbeam`).
        public var secretName: String
        /// The Harmony Deployment restarted on renewal.
        public var deploymentName: String
    }

    /// The credentials Secret's name and key.
    public static let credentialsSecretName = "runbeam-api-token"
    public static let credentialsSecretKey = "token"
    /// The env var names Harmony reads the token and key from.
    public static let machineTokenEnv = "RUNBEAM_MACHINE_TOKEN"
    public static let encryptionKeyEnv = "RUNBEAM_ENCRYPTION_KEY"

    public var namespace: String
    public var apiURL: String
    public var members: [Member]

    /// `gateways` Gateways named `gateway-1` … in `namespace`, pointed at `apiURL`.
    public init(namespace: String, gateways: Int, apiURL: String) {
        self.namespace = namespace
        self.apiURL = apiURL
        self.members = (0..<max(0, gateways)).map { index in
            let name = "gateway-\(index + 1)"
            return Member(name: name, gatewayCode: "sandbox-\(name)", secretName: "\(name)-runbeam", deploymentName: "harmony-\(name)")
        }
    }

    /// The member whose gateway code is `code`.
    public func member(gatewayCode code: String) -> Member? { members.first { $0.gatewayCode == code } }

    /// Every object, in the order to create them. `credential` is the Runbeam credential to store.
    public func objects(credential: String) -> [JSONValue] {
        var objects: [JSONValue] = [namespaceObject(), credentialsSecret(credential: credential)]
        for member in members {
            objects.append(deployment(for: member))
            objects.append(gateway(for: member))
        }
        return objects
    }

    func namespaceObject() -> JSONValue {
        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]]
    }

    func credentialsSecret(credential: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": .string(Self.credentialsSecretName), "namespace": .string(namespace)],
            "stringData": .object([Self.credentialsSecretKey: .string(credential)]),
        ]
    }

    func deployment(for member: Member) -> JSONValue {
        let env: JSONValue = [
            Self.env(Self.machineTokenEnv, secret: member.secretName, key: "machine-token"),
            Self.env(Self.encryptionKeyEnv, secret: member.secretName, key: "encryption-key"),
        ]
        let labels: JSONValue = ["app.kubernetes.io/name": "harmony", "app.kubernetes.io/instance": .string(member.deploymentName)]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(member.deploymentName), "namespace": .string(namespace), "labels": labels],
            "spec": [
                "replicas": 1,
                "selector": ["matchLabels": labels],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": ["containers": [["name": "harmony", "image": "ghcr.io/aurabx/harmony:latest", "env": env]]],
                ],
            ],
        ]
    }

    func gateway(for member: Member) -> JSONValue {
        [
            "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
            "metadata": ["name": .string(member.name), "namespace": .string(namespace)],
            "spec": [
                "gatewayCode": .string(member.gatewayCode),
                "cloud": [
                    "apiURL": .string(apiURL),
                    "credentialsSecretRef": ["name": .string(Self.credentialsSecretName), "key": .string(Self.credentialsSecretKey)],
                ],
                "rollout": ["targets": [["kind": "Deployment", "name": .string(member.deploymentName)]]],
            ],
        ]
    }

    private static func env(_ name: String, secret: String, key: String) -> JSONValue {
        ["name": .string(name), "valueFrom": ["secretKeyRef": ["name": .string(secret), "key": .string(key)]]]
    }
}
