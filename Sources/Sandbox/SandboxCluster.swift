import Basics
import Emulators
import FoundationEssentials
import GatewayAPI
import JSON
import Operator

/// Both emulators on loopback, seeded with the CRD and the example, plus a temp folder holding the
/// kubeconfig, an operator configuration for `runbeam-operator run` and the credential (mode 0600).
public final class SandboxCluster: Sendable {
    public let kube: KubernetesEmulator
    public let cloud: RunbeamCloudEmulator
    public let example: SandboxExample
    /// The temp folder, removed by ``shutdown()``.
    public let folder: URL
    public let kubeconfig: URL
    /// An operator configuration for running `runbeam-operator run` against the emulators.
    public let operatorConfiguration: URL
    /// The emulator credential, for `runbeam-operator token get --credential-file`.
    public let credentialFile: URL
    let credential: RunbeamCloudCredential

    private init(
        kube: KubernetesEmulator, cloud: RunbeamCloudEmulator, example: SandboxExample, folder: URL, credential: RunbeamCloudCredential
    ) {
        self.kube = kube
        self.cloud = cloud
        self.example = example
        self.folder = folder
        self.kubeconfig = folder.appendingPathComponent("kubeconfig")
        self.operatorConfiguration = folder.appendingPathComponent("operator.yaml")
        self.credentialFile = folder.appendingPathComponent("runbeam-credential")
        self.credential = credential
    }

    /// Starts both emulators (token lifetime from `options`), writes the files and installs the CRD and the example.
    public static func start(_ options: SandboxOptions) async throws(SandboxError) -> SandboxCluster {
        let credential = RunbeamCloudCredential.sanctum(id: 1, team: "sandbox")
        let kube: KubernetesEmulator
        let cloud: RunbeamCloudEmulator
        do {
            kube = try await KubernetesEmulator.start(.init(host: "127.0.0.1", port: 0, rolloutDelay: .milliseconds(100)))
        } catch {
            throw .setupFailed("the Kubernetes API emulator cannot listen on 127.0.0.1: \(error)")
        }
        do {
            cloud = try await RunbeamCloudEmulator.start(.init(host: "127.0.0.1", port: 0, credentials: [credential], tokenLifetime: options.tokenLifetime))
        } catch {
            await kube.shutdown()
            throw .setupFailed("the Runbeam Cloud emulator cannot listen on 127.0.0.1: \(error)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbeam-sandbox-\(UUID().uuidString.prefix(8).lowercased())")
        let example = SandboxExample(namespace: options.namespace, gateways: options.gateways, apiURL: cloud.apiBaseURL)
        let cluster = SandboxCluster(kube: kube, cloud: cloud, example: example, folder: folder, credential: credential)
        do {
            try cluster.writeFiles()
            try cluster.install()
        } catch {
            await cluster.shutdown()
            throw error
        }
        return cluster
    }

    private func writeFiles() throws(SandboxError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try kube.writeKubeconfig(to: kubeconfig)
            try Data(operatorConfigurationYAML.utf8).write(to: operatorConfiguration)
        } catch {
            throw .setupFailed("cannot write into the temp folder \(folder.path): \(errorText(error))")
        }
        guard FileManager.default.createFile(atPath: credentialFile.path, contents: Data(credential.value.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .setupFailed("cannot write \(credentialFile.path)")
        }
    }

    /// A `run` configuration for the emulators: no leader election, probes on free ports, text logs.
    var operatorConfigurationYAML: String {
        """
        # runbeam-operator run --config THIS_FILE --kubeconfig KUBECONFIG
        defaultAPIURL: \(cloud.apiBaseURL)
        watchNamespaces: [\(example.namespace)]
        leaderElection:
          enabled: false
        metricsAddress: 127.0.0.1:0
        healthAddress: 127.0.0.1:0
        log:
          level: info
          format: text

        """
    }

    private func install() throws(SandboxError) {
        var objects = [GatewayCRD.json]
        objects += example.objects(credential: credential.value)
        for object in objects {
            do {
                _ = try kube.store.create(object)
            } catch {
                let kind = object["kind"]?.stringValue ?? "object"
                let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
                throw .setupFailed("the emulator refused \(kind) \(name): \(error)")
            }
        }
    }

    /// The Secret's `metadata.resourceVersion`, or nil while it does not exist.
    public func secretVersion(of member: SandboxExample.Member) -> String? {
        kube.store.get(apiVersion: "v1", kind: "Secret", namespace: example.namespace, name: member.secretName)?[path: ["metadata", "resourceVersion"]]?.stringValue
    }

    /// The emulator's rollout counter of the member's Deployment.
    public func rolloutCount(of member: SandboxExample.Member) -> Int {
        kube.rolloutCount(kind: "Deployment", namespace: example.namespace, name: member.deploymentName)
    }

    /// The Gateway's Ready condition as `Ready=True (reason): message`, or `no status yet`.
    public func readiness(of member: SandboxExample.Member) -> String {
        let gateway = kube.store.get(apiVersion: "\(GatewayCRD.group)/\(GatewayCRD.version)", kind: "Gateway", namespace: example.namespace, name: member.name)
        let conditions = gateway?[path: ["status", "conditions"]]?.arrayValue ?? []
        guard let ready = conditions.first(where: { $0["type"]?.stringValue == "Ready" }) else { return "no status yet" }
        let status = ready["status"]?.stringValue ?? "Unknown"
        let reason = ready["reason"]?.stringValue ?? ""
        let message = ready["message"]?.stringValue ?? ""
        return "Ready=\(status)\(reason.isEmpty ? "" : " (\(reason))")\(message.isEmpty ? "" : ": \(message)")"
    }

    /// Whether the Gateway's Ready condition is True.
    public func isReady(_ member: SandboxExample.Member) -> Bool {
        readiness(of: member).hasPrefix("Ready=True")
    }

    /// The Gateway's `status.renewalTime`: when the controller will renew its token, or nil.
    public func renewalTime(of member: SandboxExample.Member) -> Date? {
        let gateway = kube.store.get(apiVersion: "\(GatewayCRD.group)/\(GatewayCRD.version)", kind: "Gateway", namespace: example.namespace, name: member.name)
        guard let text = gateway?[path: ["status", "renewalTime"]]?.stringValue else { return nil }
        return RFC3339.parse(text)
    }

    /// Stops both emulators and removes the temp folder.
    public func shutdown() async {
        await kube.shutdown()
        await cloud.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}
