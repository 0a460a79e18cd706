import Foundation
import JSON
import Kubernetes
import YAML

/// Creates what the operator finds at startup: the Gateway CRD, a namespace, the Runbeam credential
/// Secret and N Gateways, all through the Kubernetes client.
struct ClusterSeed: Sendable {
    static let namespace = "bench"
    static let credentialsSecret = "runbeam-api-token"

    let client: KubernetesClient

    /// The CRD as `runbeam-operator manifests --crd-only` prints it.
    static func crd(binary: URL) async throws(BenchError) -> JSONValue {
        let manifests = try BenchProcess(name: "runbeam-operator manifests", executable: binary, arguments: ["manifests", "--crd-only"])
        guard await manifests.waitForExit(timeout: .seconds(30)) == 0 else {
            manifests.forceKill()
            throw BenchError("`runbeam-operator manifests --crd-only` failed:\n\(manifests.output.suffix(2000))")
        }
        do {
            let documents = try YAMLParser().documents(from: manifests.output, fileName: "crd.yaml")
            for document in documents {
                let json = try JSONValue(parsing: try document.root.jsonData())
                if json["kind"]?.stringValue == "CustomResourceDefinition" { return json }
            }
        } catch {
            throw BenchError("cannot read the CRD printed by `runbeam-operator manifests --crd-only`: \(error)")
        }
        throw BenchError("`runbeam-operator manifests --crd-only` printed no CustomResourceDefinition")
    }

    /// Creates the CRD, the namespace and the credential Secret.
    func prepare(crd: JSONValue, credential: String) async throws(BenchError) {
        do {
            _ = try await client.create(.customResourceDefinition, KubernetesObject(crd))
            _ = try await client.create(
                .namespace, KubernetesObject(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(Self.namespace)]]))
            _ = try await client.create(.secret, KubernetesObject([
                "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                "metadata": ["name": .string(Self.credentialsSecret), "namespace": .string(Self.namespace)],
                "stringData": ["token": .string(credential)],
            ]))
        } catch {
            throw BenchError("cannot seed the Kubernetes emulator: \(error)")
        }
    }

    /// Creates Gateways `gw-00000` … for `indices` with `concurrency` requests in flight; with
    /// `rolloutTargets`, each first gets a Deployment `harmony-gw-…` that reads its Secret and names it as
    /// its rollout target.
    func createGateways(_ indices: Range<Int>, rolloutTargets: Bool = false, concurrency: Int = 16) async throws(BenchError) {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = indices.lowerBound
                func add() {
                    let index = next
                    next += 1
                    group.addTask {
                        if rolloutTargets { _ = try await client.create(.deployment, Self.deployment(index)) }
                        _ = try await client.create(.gateway, Self.gateway(index, rolloutTarget: rolloutTargets))
                    }
                }
                while next < min(indices.upperBound, indices.lowerBound + concurrency) { add() }
                while try await group.next() != nil {
                    if next < indices.upperBound { add() }
                }
            }
        } catch {
            throw BenchError("cannot create Gateways in the Kubernetes emulator: \(error)")
        }
    }

    /// Creates the Gateway of `index` at once; returns when the emulator has stored it.
    func createGateway(_ index: Int) async throws(BenchError) {
        do {
            _ = try await client.create(.gateway, Self.gateway(index, rolloutTarget: false))
        } catch {
            throw BenchError("cannot create Gateway \(Self.name(index)): \(error)")
        }
    }

    /// Creates the Deployments `harmony-gw-…` of `indices` without Gateways (for the scripted baseline).
    func createDeployments(_ indices: Range<Int>) async throws(BenchError) {
        do {
            for index in indices { _ = try await client.create(.deployment, Self.deployment(index)) }
        } catch {
            throw BenchError("cannot create Deployments in the Kubernetes emulator: \(error)")
        }
    }

    /// How many Secrets the namespace holds besides the Runbeam credential.
    func secretCount() async throws(BenchError) -> Int {
        do {
            return try await client.list(.secret, namespace: Self.namespace).items.count { $0.metadata.name != Self.credentialsSecret }
        } catch {
            throw BenchError("cannot list Secrets: \(error)")
        }
    }

    /// Every Gateway of the namespace, with its status.
    func gateways() async throws(BenchError) -> [KubernetesObject] {
        do {
            return try await client.list(.gateway, namespace: Self.namespace, options: ListOptions(limit: 2_000)).items
        } catch {
            throw BenchError("cannot list Gateways: \(error)")
        }
    }

    /// How many Gateways have the condition `Ready=True`.
    func readyCount() async throws(BenchError) -> Int {
        try await gateways().count(where: Self.isReady)
    }

    /// Whether the Gateway has the condition `Ready=True`.
    static func isReady(_ gateway: KubernetesObject) -> Bool {
        (gateway["status", "conditions"]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }

    /// `gw-00042` for 42.
    static func name(_ index: Int) -> String {
        "gw-" + String(repeating: "0", count: max(0, 5 - String(index).count)) + String(index)
    }

    /// The Secret name the operator writes for the Gateway of `index`.
    static func secretName(_ index: Int) -> String { name(index) + "-runbeam" }

    private static func gateway(_ index: Int, rolloutTarget: Bool) -> KubernetesObject {
        let name = name(index)
        var spec: JSONValue = [
            "gatewayCode": .string("bench-\(name)"),
            "cloud": ["credentialsSecretRef": ["name": .string(credentialsSecret), "key": "token"]],
        ]
        if rolloutTarget { spec["rollout"] = ["targets": [["kind": "Deployment", "name": .string("harmony-\(name)")]]] }
        return KubernetesObject([
            "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": spec,
        ])
    }

    /// A Harmony Deployment reading the Gateway's Secret, as a user would run it.
    static func deployment(_ index: Int) -> KubernetesObject {
        let app = "harmony-\(name(index))"
        let secret = JSONValue.string(secretName(index))
        let env: JSONValue = [
            ["name": "RUNBEAM_MACHINE_TOKEN", "valueFrom": ["secretKeyRef": ["name": secret, "key": "machine-token"]]],
            ["name": "RUNBEAM_ENCRYPTION_KEY", "valueFrom": ["secretKeyRef": ["name": secret, "key": "encryption-key"]]],
        ]
        return KubernetesObject([
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(app), "namespace": .string(namespace)],
            "spec": [
                "replicas": 1,
                "selector": ["matchLabels": ["app": .string(app)]],
                "template": [
                    "metadata": ["labels": ["app": .string(app)]],
                    "spec": ["containers": [["name": "harmony", "image": "ghcr.io/aurabx/harmony:latest", "env": env]]],
                ],
            ],
        ])
    }
}
