import Emulators
import Foundation
import GatewayAPI
import JSON
import Kubernetes
import Operator
import TestSupport

/// A Kubernetes emulator with the Gateway CRD and namespace `harmony`, and a client on it: the shared
/// ``EmulatedCluster`` with the Gateway, Deployment and credentials seeding of the controller tests.
struct ClusterFixture {
    static let namespace = "harmony"

    let cluster: EmulatedCluster
    var emulator: KubernetesEmulator { cluster.emulator }
    var client: KubernetesClient { cluster.client }

    static func start(rolloutDelay: Duration = .milliseconds(100)) async throws -> ClusterFixture {
        let cluster = try await EmulatedCluster.start(
            .init(rolloutDelay: rolloutDelay), gatewayCRD: true, namespaces: [namespace], clientOptions: KubernetesClientOptions(qps: 0),
            folderPrefix: "runbeam-controller")
        return ClusterFixture(cluster: cluster)
    }

    func stop() async {
        await cluster.stop()
    }

    /// Seeds a Gateway targeting Deployment `target` (if any) and returns it as the server stored it.
    @discardableResult
    func createGateway(_ name: String, code: String? = nil, apiURL: String, target: String? = nil) throws -> JSONValue {
        var spec: JSONValue = [
            "gatewayCode": .string(code ?? "\(name)-gateway"),
            "cloud": ["apiURL": .string(apiURL), "credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]],
        ]
        if let target { spec["rollout"] = ["targets": [["kind": "Deployment", "name": .string(target)]]] }
        return try emulator.store.create([
            "apiVersion": .string(Gateway.apiVersion), "kind": "Gateway",
            "metadata": ["name": .string(name), "namespace": .string(Self.namespace)], "spec": spec,
        ])
    }

    /// Seeds a Deployment whose pods read Secret `secret` through `envFrom`.
    @discardableResult
    func createDeployment(_ name: String, secret: String) throws -> JSONValue {
        try emulator.store.create([
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(Self.namespace), "labels": ["app": .string(name)]],
            "spec": [
                "replicas": 1, "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": ["containers": [["name": "harmony", "image": "harmony:test", "envFrom": [["secretRef": ["name": .string(secret)]]]]]],
                ],
            ],
        ])
    }

    /// Seeds the credentials Secret.
    func createCredentials(_ value: String) throws {
        _ = try emulator.store.create([
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": "runbeam-api-token", "namespace": .string(Self.namespace)],
            "data": ["token": .string(Data(value.utf8).base64EncodedString())],
        ])
    }

    /// Write requests (anything but reads and watches) to `resource` (e.g. `/secrets`) since the log was cleared.
    func writes(to resource: String? = nil) -> [KubernetesRequestLogEntry] {
        emulator.requestLog.all.filter { !["GET"].contains($0.method) && (resource.map($0.path.contains) ?? true) }
    }

    /// The Events recorded in the namespace.
    func events() async throws -> [Event] {
        try await client.list(Event.self, namespace: Self.namespace).items
    }
}
