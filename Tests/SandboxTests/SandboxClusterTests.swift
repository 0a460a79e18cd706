import Emulators
import Foundation
import JSON
import Sandbox
import Testing

@Suite struct SandboxClusterTests {
    @Test func installsTheCRDAndTheExampleAndWritesItsFiles() async throws {
        let cluster = try await SandboxCluster.start(SandboxOptions(gateways: 2, timeScale: 864_000))
        let store = cluster.kube.store
        #expect(store.get(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "gateways.runbeam.io") != nil)
        #expect(store.get(apiVersion: "v1", kind: "Namespace", name: "harmony") != nil)
        #expect(store.get(apiVersion: "v1", kind: "Secret", namespace: "harmony", name: SandboxExample.credentialsSecretName) != nil)
        for member in cluster.example.members {
            #expect(store.get(apiVersion: "runbeam.io/v1alpha1", kind: "Gateway", namespace: "harmony", name: member.name) != nil)
            #expect(store.get(apiVersion: "apps/v1", kind: "Deployment", namespace: "harmony", name: member.deploymentName) != nil)
            #expect(cluster.secretVersion(of: member) == nil)
            #expect(cluster.rolloutCount(of: member) == 0)
            #expect(cluster.readiness(of: member) == "no status yet")
        }
        #expect(cluster.cloud.configuration.tokenLifetime == .seconds(3))
        #expect(cluster.example.apiURL == cluster.cloud.apiBaseURL)

        let kubeconfig = try String(contentsOf: cluster.kubeconfig, encoding: .utf8)
        #expect(kubeconfig.contains("server: \(cluster.kube.baseURL.absoluteString)"))
        let configuration = try String(contentsOf: cluster.operatorConfiguration, encoding: .utf8)
        #expect(configuration.contains("defaultAPIURL: \(cluster.cloud.apiBaseURL)"))
        #expect(configuration.contains("enabled: false"))

        let credential = try String(contentsOf: cluster.credentialFile, encoding: .utf8)
        let stored = store.get(apiVersion: "v1", kind: "Secret", namespace: "harmony", name: SandboxExample.credentialsSecretName)
        let data = try #require(stored?[path: ["data", SandboxExample.credentialsSecretKey]]?.stringValue.flatMap { Data(base64Encoded: $0) })
        #expect(String(decoding: data, as: UTF8.self) == credential)
        #expect(!configuration.contains(credential))
        let permissions = try FileManager.default.attributesOfItem(atPath: cluster.credentialFile.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)

        await cluster.shutdown()
        #expect(!FileManager.default.fileExists(atPath: cluster.folder.path))
    }

    @Test func twoSandboxesDoNotShareAnything() async throws {
        let first = try await SandboxCluster.start(SandboxOptions(gateways: 1))
        let second = try await SandboxCluster.start(SandboxOptions(gateways: 1))
        #expect(first.kube.port != second.kube.port)
        #expect(first.folder != second.folder)
        await first.shutdown()
        await second.shutdown()
    }
}
