import Emulators
import Foundation
import GatewayAPI
import JSON
import Manifests
import Operator
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How a fault test runs the system: token lifetime, renewal and operator settings.
struct FaultSettings: Sendable {
    var gateways = ["alpha", "bravo"]
    /// Runbeam Cloud's token lifetime (30 days in production).
    var tokenLifetime: Duration = .seconds(30)
    /// `spec.renewal.renewBeforePercentage` of every Gateway (`renewBefore` must be at least 1m).
    var renewBeforePercentage = 50
    /// `runbeam.timeoutSeconds` of the operator configuration.
    var runbeamTimeoutSeconds = 3
    var replicas = 1
    /// Replicas that run as a ServiceAccount bound to the ClusterRole but not to the Lease Role (their Lease
    /// requests get 403).
    var replicasWithoutLeaseRole: Set<Int> = []
}

/// Both emulators, seeded with the CRD, a namespace, a Runbeam credential Secret and one Harmony
/// Deployment plus one Gateway per name (the last Gateway also restarts a StatefulSet and a DaemonSet,
/// so every workload kind is used). The Kubernetes emulator checks bearer tokens: each operator replica
/// and the test's own writer have one, so the request log tells who made each request. The replicas run as the
/// operator's ServiceAccount under the shipped roles (``InstallManifests``), with RBAC evaluated and the
/// `OwnerReferencesPermissionEnforcement` admission plugin on, as on OpenShift; the writer is a superuser.
final class FaultCluster: @unchecked Sendable {
    static let namespace = "harmony"
    static let leaseName = "runbeam-operator"
    /// The token of the test's own "another writer" requests.
    static let writerToken = "fake-kube-token-writer"

    let settings: FaultSettings
    let cloud: RunbeamCloudEmulator
    let credential: RunbeamCloudCredential
    /// The first Kubernetes emulator, its store (kept across restarts) and the temporary folder.
    let cluster: EmulatedCluster
    let store: KubernetesStore
    let recorder: InvariantRecorder
    private let lock = NSLock()
    private var kubeServer: KubernetesEmulator?
    private var retiredRequests: [KubernetesRequestLogEntry] = []
    private let kubeConfiguration: KubernetesEmulator.Configuration

    /// The bearer token of replica `index` (0-based).
    static func replicaToken(_ index: Int) -> String { "fake-kube-token-replica-\(index)" }
    /// The leader-election identity (`POD_NAME`) of replica `index`.
    static func replicaIdentity(_ index: Int) -> String { "fault-replica-\(index)" }

    private init(settings: FaultSettings, cluster: EmulatedCluster, cloud: RunbeamCloudEmulator, credential: RunbeamCloudCredential) {
        self.settings = settings
        self.cluster = cluster
        self.kubeServer = cluster.emulator
        self.kubeConfiguration = cluster.emulator.configuration
        self.store = cluster.store
        self.cloud = cloud
        self.credential = credential
        self.recorder = InvariantRecorder(gateways: settings.gateways, namespace: Self.namespace, cloud: cloud)
    }

    /// The operator's ServiceAccount (bound to the shipped ClusterRole and Role).
    static let serviceAccount = "runbeam-operator"
    /// A ServiceAccount bound to the shipped ClusterRole only.
    static let leaselessServiceAccount = "runbeam-operator-without-lease-role"

    static func start(_ settings: FaultSettings) async throws -> FaultCluster {
        var users: [String: KubernetesUser] = [:]
        for replica in 0..<settings.replicas {
            let account = settings.replicasWithoutLeaseRole.contains(replica) ? leaselessServiceAccount : serviceAccount
            users[replicaToken(replica)] = .serviceAccount(namespace: namespace, name: account)
        }
        let emulated = try await EmulatedCluster.start(
            .init(
                bearerTokens: [writerToken], rolloutDelay: .milliseconds(100), users: users,
                admissionPlugins: [.ownerReferencesPermissionEnforcement]),
            gatewayCRD: true, namespaces: [namespace], folderPrefix: "runbeam-faults")
        let credential = RunbeamCloudCredential.sanctum(id: 7, team: "faults")
        let cloud: RunbeamCloudEmulator
        do {
            cloud = try await RunbeamCloudEmulator.start(.init(credentials: [credential], tokenLifetime: settings.tokenLifetime))
        } catch {
            await emulated.stop()
            throw error
        }
        let cluster = FaultCluster(settings: settings, cluster: emulated, cloud: cloud, credential: credential)
        do {
            try cluster.seed()
        } catch {
            await cluster.shutdown()
            throw error
        }
        cluster.recorder.install(on: emulated.store)
        return cluster
    }

    /// The temporary folder of the kubeconfigs and operator configs.
    var folder: URL { cluster.folder.url }

    /// The Kubernetes emulator now serving (a new one after ``stopKube()``/``startKube()``).
    var kube: KubernetesEmulator? { lock.withLock { kubeServer } }

    /// The faults of the serving Kubernetes emulator.
    var kubeFaults: KubernetesFaults? { kube?.faults }

    var kubeBaseURL: String { "http://\(kubeConfiguration.host):\(port)" }
    private var port: Int { lock.withLock { kubeServer?.port ?? kubeConfiguration.port } }

    /// Stops the Kubernetes API server, keeping its state (the request log so far is kept here).
    func stopKube() async {
        let server = lock.withLock { () -> KubernetesEmulator? in
            defer { kubeServer = nil }
            return kubeServer
        }
        guard let server else { return }
        lock.withLock { retiredRequests += server.requestLog.all }
        var configuration = kubeConfiguration
        configuration.port = server.port
        await server.shutdown()
        lock.withLock { restartConfiguration = configuration }
    }

    private var restartConfiguration: KubernetesEmulator.Configuration?

    /// Starts the Kubernetes API server again on the same port with the same state.
    func startKube() async throws {
        let configuration = lock.withLock { restartConfiguration ?? kubeConfiguration }
        let server = try await KubernetesEmulator.start(configuration, store: store)
        lock.withLock { kubeServer = server }
    }

    /// Every request the Kubernetes emulator answered, across restarts.
    var kubeRequests: [KubernetesRequestLogEntry] {
        lock.withLock { retiredRequests + (kubeServer?.requestLog.all ?? []) }
    }

    private func seed() throws {
        // The shipped RBAC, installed into the test namespace (the Lease lives there too).
        for object in try InstallManifests.rbacObjects(ManifestOptions(namespace: Self.namespace)) { _ = try store.create(object) }
        _ = try store.create([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": ["name": .string(Self.leaselessServiceAccount)],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(Self.serviceAccount)],
            "subjects": [["kind": "ServiceAccount", "name": .string(Self.leaselessServiceAccount), "namespace": .string(Self.namespace)]],
        ])
        _ = try store.create([
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": "runbeam-api-token", "namespace": .string(Self.namespace)],
            "stringData": ["token": .string(credential.value)],
        ])
        for name in settings.gateways {
            let env = Self.harmonyEnvironment(gateway: name)
            _ = try store.create(Self.workload(kind: "Deployment", name: "harmony-\(name)", env: env))
            var targets: [JSONValue] = [["kind": "Deployment", "name": .string("harmony-\(name)")]]
            if name == settings.gateways.last {
                _ = try store.create(Self.workload(kind: "StatefulSet", name: "harmony-\(name)-sts", env: env))
                // Does not read the Secret: a SecretNotConsumed warning on every rollout.
                _ = try store.create(Self.workload(kind: "DaemonSet", name: "harmony-\(name)-ds", env: []))
                targets += [["kind": "StatefulSet", "name": .string("harmony-\(name)-sts")], ["kind": "DaemonSet", "name": .string("harmony-\(name)-ds")]]
            }
            _ = try store.create([
                "apiVersion": "runbeam.io/v1alpha1", "kind": "Gateway",
                "metadata": ["name": .string(name), "namespace": .string(Self.namespace)],
                "spec": [
                    "gatewayCode": .string("faults-\(name)"),
                    "cloud": ["credentialsSecretRef": ["name": "runbeam-api-token", "key": "token"]],
                    "renewal": ["renewBeforePercentage": .int(settings.renewBeforePercentage)],
                    "rollout": ["targets": .array(targets)],
                ],
            ])
        }
    }

    /// The container environment that reads `gateway`'s Secret the way Harmony does.
    static func harmonyEnvironment(gateway: String) -> JSONValue {
        HarmonyWorkload.environment(secret: secretName(gateway))
    }

    /// A Harmony workload of `kind` in the test namespace whose container has `env`.
    static func workload(kind: String, name: String, env: JSONValue) -> JSONValue {
        HarmonyWorkload.object(kind: kind, name: name, namespace: namespace, env: env)
    }

    static func secretName(_ gateway: String) -> String { "\(gateway)-runbeam" }

    /// The rollout targets of `gateway` as (kind, name).
    func targets(of gateway: String) -> [(kind: String, name: String)] {
        var targets = [(kind: "Deployment", name: "harmony-\(gateway)")]
        if gateway == settings.gateways.last {
            targets += [(kind: "StatefulSet", name: "harmony-\(gateway)-sts"), (kind: "DaemonSet", name: "harmony-\(gateway)-ds")]
        }
        return targets
    }

    /// Writes replica `index`'s kubeconfig and operator config; returns the `run` arguments and environment.
    func runArguments(replica index: Int) throws -> (arguments: [String], environment: [String: String]) {
        let kubeconfig = folder.appendingPathComponent("kubeconfig-\(index)")
        try Data("""
            apiVersion: v1
            kind: Config
            clusters:
            - name: emulator
              cluster:
                server: \(kubeBaseURL)
            users:
            - name: replica
              user:
                token: \(Self.replicaToken(index))
            contexts:
            - name: emulator
              context: {cluster: emulator, user: replica, namespace: default}
            current-context: emulator

            """.utf8).write(to: kubeconfig)
        let config = folder.appendingPathComponent("operator-\(index).yaml")
        try Data("""
            defaultAPIURL: \(cloud.apiBaseURL)
            runbeam:
              requestsPerSecond: 50
              burst: 50
              timeoutSeconds: \(settings.runbeamTimeoutSeconds)
            workers: 2
            leaderElection:
              enabled: true
              leaseName: \(Self.leaseName)
              leaseNamespace: \(Self.namespace)
              leaseDuration: 4s
              renewDeadline: 3s
              retryPeriod: 500ms
            metricsAddress: 127.0.0.1:0
            healthAddress: 127.0.0.1:0
            log:
              level: debug
              format: json

            """.utf8).write(to: config)
        return (["run", "--config", config.path, "--kubeconfig", kubeconfig.path], ["POD_NAME": Self.replicaIdentity(index)])
    }

    func gateway(_ name: String) -> JSONValue? {
        store.get(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", namespace: Self.namespace, name: name)
    }

    func secret(_ gateway: String) -> JSONValue? {
        store.get(apiVersion: "v1", kind: "Secret", namespace: Self.namespace, name: Self.secretName(gateway))
    }

    /// Whether `name` is Ready and its Secret holds a token Runbeam Cloud still accepts.
    func hasConverged(_ name: String) -> Bool {
        let conditions = gateway(name)?[path: ["status", "conditions"]]?.arrayValue ?? []
        guard conditions.contains(where: { $0["type"] == "Ready" && $0["status"] == "True" }) else { return false }
        guard let token = secret(name).flatMap(SecretVersion.tokenPayload)?.machineToken else { return false }
        return cloud.isValid(machineToken: token)
    }

    /// The status `renewalTime` of `name`.
    func renewalTime(_ name: String) -> Date? {
        gateway(name)?[path: ["status", "renewalTime"]]?.stringValue.flatMap(SecretVersion.parseTime)
    }

    /// Sends a request to the Kubernetes API as the test's own writer; returns status and body.
    func apiRequest(_ method: String, _ path: String, body: JSONValue? = nil, contentType: String = "application/json") async throws -> (Int, JSONValue?) {
        var request = URLRequest(url: URL(string: kubeBaseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 10
        request.setValue("Bearer \(Self.writerToken)", forHTTPHeaderField: "Authorization")
        request.setValue("fault-tests/another-writer", forHTTPHeaderField: "User-Agent")
        if let body {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.serialized())
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, try? JSONValue(parsing: data))
    }

    /// Stops the serving Kubernetes emulator and Runbeam Cloud, then the first emulator (a second shutdown of a
    /// restarted one changes nothing) and removes the folder.
    func shutdown() async {
        await kube?.shutdown()
        await cloud.shutdown()
        await cluster.stop()
    }
}
