import Emulators
import Foundation
import JSON
import Manifests
import Operator
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Both emulators, seeded with the CRD, a namespace, a Runbeam credential Secret, and one Harmony
/// Deployment plus one Gateway per name. The operator runs as its ServiceAccount under the shipped roles, with
/// RBAC evaluated and the `OwnerReferencesPermissionEnforcement` admission plugin on; the test reads as a superuser.
struct E2ECluster {
    static let namespace = "harmony"
    /// The operator's bearer token (its ServiceAccount) and the test's own (a superuser).
    static let operatorToken = "e2e-operator-token"
    static let adminToken = "e2e-admin-token"
    let cluster: EmulatedCluster
    let cloud: RunbeamCloudEmulator
    let credential: RunbeamCloudCredential
    let gateways: [String]

    var kube: KubernetesEmulator { cluster.emulator }
    var folder: URL { cluster.folder.url }

    static func start(gateways: [String], tokenLifetime: Duration) async throws -> E2ECluster {
        let cluster = try await EmulatedCluster.start(
            .init(
                bearerTokens: [adminToken], rolloutDelay: .milliseconds(100),
                users: [operatorToken: .serviceAccount(namespace: namespace, name: "runbeam-operator")],
                admissionPlugins: [.ownerReferencesPermissionEnforcement]),
            gatewayCRD: true, namespaces: [namespace], folderPrefix: "runbeam-e2e")
        let credential = RunbeamCloudCredential.sanctum(id: 7, team: "e2e")
        let cloud: RunbeamCloudEmulator
        do {
            cloud = try await RunbeamCloudEmulator.start(.init(credentials: [credential], tokenLifetime: tokenLifetime))
        } catch {
            await cluster.stop()
            throw error
        }
        let e2e = E2ECluster(cluster: cluster, cloud: cloud, credential: credential, gateways: gateways)
        do {
            try e2e.seed()
        } catch {
            await e2e.shutdown()
            throw error
        }
        return e2e
    }

    private func seed() throws {
        let store = kube.store
        for object in try InstallManifests.rbacObjects(ManifestOptions(namespace: Self.namespace)) { _ = try store.create(object) }
        _ = try store.create([
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": "runbeam-api-token", "namespace": .string(Self.namespace)],
            "stringData": ["token": .string(credential.value)],
        ])
        for name in gateways {
            let env = HarmonyWorkload.environment(secret: "\(name)-runbeam")
            _ = try store.create(HarmonyWorkload.object(kind: "Deployment", name: "harmony-\(name)", namespace: Self.namespace, env: env))
            var targets: [JSONValue] = [["kind": "Deployment", "name": .string("harmony-\(name)")]]
            if name == gateways.last {
                // The last Gateway also restarts a StatefulSet that reads its Secret and a DaemonSet that
                // does not (a SecretNotConsumed warning on every rollout), so every workload kind is used.
                let statefulSet = "harmony-\(name)-sts", daemonSet = "harmony-\(name)-ds"
                _ = try store.create(HarmonyWorkload.object(kind: "StatefulSet", name: statefulSet, namespace: Self.namespace, env: env))
                _ = try store.create(HarmonyWorkload.object(kind: "DaemonSet", name: daemonSet, namespace: Self.namespace, env: []))
                targets += [["kind": "StatefulSet", "name": .string(statefulSet)], ["kind": "DaemonSet", "name": .string(daemonSet)]]
            }
            _ = try store.create([
                "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
                "metadata": ["name": .string(name), "namespace": .string(Self.namespace)],
                "spec": [
                    "gatewayCode": .string("e2e-\(name)"),
                    "cloud": ["credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]],
                    "rollout": ["targets": .array(targets)],
                ],
            ])
        }
    }

    /// Writes the operator's kubeconfig (the cluster's, with the operator's token) and config file; returns the `run` arguments.
    /// Port 0 for both probe servers (the operator logs what it bound); health on 127.0.0.2 so that
    /// they are two servers, as with the manifests' two ports.
    func runArguments() throws -> [String] {
        let kubeconfig = folder.appendingPathComponent("operator-kubeconfig")
        try Data(kube.kubeconfigYAML().replacingOccurrences(of: Self.adminToken, with: Self.operatorToken).utf8).write(to: kubeconfig)
        let config = folder.appendingPathComponent("operator.yaml")
        try Data("""
            defaultAPIURL: \(cloud.apiBaseURL)
            runbeam:
              requestsPerSecond: 50
              burst: 50
            workers: 2
            leaderElection:
              enabled: true
              leaseNamespace: \(Self.namespace)
              leaseDuration: 4s
              renewDeadline: 3s
              retryPeriod: 500ms
            metricsAddress: 127.0.0.1:0
            healthAddress: 127.0.0.2:0
            log:
              level: debug
              format: json

            """.utf8).write(to: config)
        return ["run", "--config", config.path, "--kubeconfig", kubeconfig.path]
    }

    func gateway(_ name: String) -> JSONValue? {
        kube.store.get(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", namespace: Self.namespace, name: name)
    }

    func secretData(_ name: String) -> [String: Data] {
        let secret = kube.store.get(apiVersion: "v1", kind: "Secret", namespace: Self.namespace, name: "\(name)-runbeam")
        var data: [String: Data] = [:]
        for (key, value) in secret?["data"]?.objectValue ?? [:] {
            if let text = value.stringValue, let bytes = Data(base64Encoded: text) { data[key] = bytes }
        }
        return data
    }

    func isReady(_ name: String) -> Bool {
        let conditions = gateway(name)?[path: ["status", "conditions"]]?.arrayValue ?? []
        return conditions.contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }

    func rollouts(_ name: String) -> Int {
        kube.rolloutCount(kind: "Deployment", namespace: Self.namespace, name: "harmony-\(name)")
    }

    /// GETs `url`; requests to the Kubernetes emulator go as the superuser.
    static func get(_ url: String) async throws -> (Int, String) {
        try await httpGet(url, bearerToken: adminToken)
    }

    func shutdown() async {
        await cluster.stop()
        await cloud.shutdown()
    }
}
