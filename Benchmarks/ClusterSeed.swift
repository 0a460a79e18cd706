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
        let manifests = try ChildProcess(name: "runbeam-operator manifests", executable: binary, arguments: ["manifests", "--crd-only"])
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

    /// Creates Gateways `gw-00000` … with `concurrency` requests in flight.
    func createGateways(_ count: Int, concurrency: Int = 16) async throws(BenchError) {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                func add() {
                    let index = next
                    next += 1
                    group.addTask { _ = try await client.create(.gateway, Self.gateway(index)) }
                }
                while next < min(count, concurrency) { add() }
                while try await group.next() != nil {
                    if next < count { add() }
                }
            }
        } catch {
            throw BenchError("cannot create Gateways in the Kubernetes emulator: \(error)")
        }
    }

    /// How many Gateways have the condition `Ready=True`.
    func readyCount() async throws(BenchError) -> Int {
        do {
            let list = try await client.list(.gateway, namespace: Self.namespace, options: ListOptions(limit: 2_000))
            return list.items.count { object in
                (object["status", "conditions"]?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
            }
        } catch {
            throw BenchError("cannot list Gateways: \(error)")
        }
    }

    private static func gateway(_ index: Int) -> KubernetesObject {
        let name = "gw-" + String(repeating: "0", count: max(0, 5 - String(index).count)) + String(index)
        return KubernetesObject([
            "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "gatewayCode": .string("bench-\(name)"),
                "cloud": ["credentialsSecretRef": ["name": .string(credentialsSecret), "key": "token"]],
            ],
        ])
    }
}
