import Basics
import Emulators
import Foundation
import HTTP
import TestSupport
import Testing
@testable import Kubernetes

@Suite struct ConfigurationTests {
    func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Fixtures")).path
    }

    @Test func readsEveryClusterFieldAndOverrides() throws {
        let path = try fixture("token")
        let config = try KubeconfigLoader(explicitPath: path).load()
        #expect(config.server == "https://kube.example.test:6443")
        #expect(config.namespace == "runbeam")
        #expect(config.tls.serverName == "api.example.test")
        #expect(config.proxy == .url("http://proxy.example.test:3128"))
        #expect(config.credentials is StaticTokenCredentials)
        let overridden = try KubeconfigLoader(explicitPath: path, namespace: "other").load()
        #expect(overridden.namespace == "other")
        #expect(throws: KubernetesConfigurationError.self) { try KubeconfigLoader(explicitPath: path, context: "nope").load() }
    }

    /// client-go reads kubeconfigs through sigs.k8s.io/yaml, so `yes` is true there, and here.
    @Test func scalarsResolveAsKubectlResolvesThem() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("config", """
            clusters:
            - {name: c, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: yes}}
            users:
            - {name: u, user: {token: abc}}
            contexts:
            - {name: x, context: {cluster: c, user: u, namespace: off-hours}}
            current-context: x
            """)
        let config = try KubeconfigLoader(explicitPath: path).load()
        #expect(config.tls.insecureSkipTLSVerify)
        #expect(config.namespace == "off-hours")
    }

    @Test func theDefaultFileIsUnderHOMEAndNamedWhenMissing() throws {
        let loader = KubeconfigLoader(environment: ["HOME": "/nonexistent-home"])
        #expect(loader.files == ["/nonexistent-home/.kube/config"])
        #expect(throws: KubernetesConfigurationError.self) { try loader.load() }
        do {
            _ = try loader.load()
        } catch {
            #expect("\(error)".hasPrefix("/nonexistent-home/.kube/config: no kubeconfig found"), "\(error)")
        }
    }

    @Test func errorsNameFileLineAndField() throws {
        let missing = try fixture("missing-cluster")
        let error = try #require(throws: KubernetesConfigurationError.self) { try KubeconfigLoader(explicitPath: missing).load() }
        #expect(error.file == missing)
        #expect(error.line == 14)
        #expect(error.field == "contexts[0].context.cluster")
        #expect(error.description.contains("missing-cluster.yaml:14:"))
        let bad = try fixture("bad-type")
        let typeError = try #require(throws: KubernetesConfigurationError.self) { try KubeconfigLoader(explicitPath: bad).load() }
        #expect(typeError.line == 7)
        #expect(typeError.field?.contains("insecure-skip-tls-verify") == true)
    }

    @Test func mergesKubeconfigListFirstFileWins() async throws {
        let environment = try await EmulatedCluster.start(.init(bearerTokens: ["1|first-token"]))
        defer { Task { await environment.stop() } }
        let folder = try TemporaryFolder()
        let first = try folder.write("a.yaml", """
            users:
            - name: me
              user:
                token: 1|first-token
            current-context: second
            """)
        let second = try folder.write("b.yaml", """
            clusters:
            - name: emu
              cluster:
                server: \(environment.emulator.baseURL.absoluteString)
            users:
            - name: me
              user:
                token: 1|ignored-token
            contexts:
            - name: second
              context: {cluster: emu, user: me, namespace: kube-system}
            current-context: ignored
            """)
        let config = try KubeconfigLoader(environment: ["KUBECONFIG": "\(first):\(folder.path("absent.yaml")):\(second)"]).load()
        #expect(config.namespace == "kube-system")
        let client = KubernetesClient(configuration: config)
        defer { client.shutdown() }
        let namespace = try await client.get(Namespace.self, name: "default")
        #expect(namespace.metadata.name == "default")
    }

    @Test func execPluginTokenIsCachedUntilExpiryAndRerunOn401() async throws {
        let environment = try await EmulatedCluster.start(.init(bearerTokens: ["1|exec-token"]))
        defer { Task { await environment.stop() } }
        let folder = try TemporaryFolder()
        let counter = folder.path("runs")
        try folder.write("plugin.sh", """
            #!/bin/sh
            echo run >> "\(counter)"
            test "$(echo "$KUBERNETES_EXEC_INFO" | grep -c ExecCredential)" = 1 || exit 3
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$(cat "\(folder.path("token"))")" "$EXPIRY"
            """, executable: true)
        try folder.write("token", "1|stale-token")
        let expiry = RFC3339.seconds(Date().addingTimeInterval(3600))
        let kubeconfig = try folder.write("config", """
            clusters:
            - name: emu
              cluster: {server: "\(environment.emulator.baseURL.absoluteString)"}
            users:
            - name: me
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./plugin.sh
                  env: [{name: EXPIRY, value: "\(expiry)"}]
            contexts:
            - name: c
              context: {cluster: emu, user: me}
            current-context: c
            """)
        let config = try KubeconfigLoader(explicitPath: kubeconfig).load()
        let client = KubernetesClient(configuration: config)
        defer { client.shutdown() }
        await #expect(throws: KubernetesError.self) { _ = try await client.get(Namespace.self, name: "default") }
        try folder.write("token", "1|exec-token")
        for _ in 0..<3 { _ = try await client.get(Namespace.self, name: "default") }
        let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
        // stale run, re-run on 401 (still stale), then one run for the valid token, cached afterwards.
        #expect(runs == 3)
    }

    @Test func tokenFileRotationIsPickedUp() async throws {
        let environment = try await EmulatedCluster.start(.init(bearerTokens: ["1|rotated-token"]))
        defer { Task { await environment.stop() } }
        let folder = try TemporaryFolder()
        let token = try folder.write("token", "1|old-token\n")
        let config = KubernetesConfiguration(server: environment.emulator.baseURL.absoluteString, credentials: TokenFileCredentials(path: token))
        let client = KubernetesClient(configuration: config)
        defer { client.shutdown() }
        let error = await #expect(throws: KubernetesError.self) { _ = try await client.get(Namespace.self, name: "default") }
        #expect(error?.code == 401)
        #expect(error?.description.contains("old-token") == false)
        try folder.write("token", "1|rotated-token\n")
        _ = try await client.get(Namespace.self, name: "default")
    }

    @Test func inClusterOverTLSWithCAFromTheServiceAccountFolder() async throws {
        let material = try await TLSMaterial.make(authority: "kube test CA", serverNames: ["localhost"])
        let environment = try await EmulatedCluster.start(.init(bearerTokens: ["1|pod-token"]))
        defer { Task { await environment.stop() } }
        let proxy = try await SocatServer.tlsProxy(backendPort: environment.emulator.port, material: material, requireClientCertificate: false)
        let folder = try TemporaryFolder()
        try folder.write("token", "1|pod-token")
        try folder.write("namespace", "runbeam-system\n")
        try FileManager.default.copyItem(atPath: material.caPath, toPath: folder.path("ca.crt"))
        let env = ["KUBERNETES_SERVICE_HOST": "localhost", "KUBERNETES_SERVICE_PORT": String(proxy.port)]
        let config = try KubernetesConfiguration.load(environment: env, inClusterFolder: folder.url.path)
        #expect(config.server == "https://localhost:\(proxy.port)")
        #expect(config.namespace == "runbeam-system")
        let client = KubernetesClient(configuration: config)
        defer { client.shutdown() }
        let namespace = try await client.get(Namespace.self, name: "kube-system")
        #expect(namespace.metadata.uid != nil)
    }

    @Test func clientCertificateDataOverMutualTLS() async throws {
        let material = try await TLSMaterial.make(authority: "kube test CA", serverNames: ["localhost"])
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let proxy = try await SocatServer.tlsProxy(backendPort: environment.emulator.port, material: material, requireClientCertificate: true)
        let folder = try TemporaryFolder()
        let kubeconfig = try folder.write("config", """
            clusters:
            - name: tls
              cluster:
                server: https://localhost:\(proxy.port)
                certificate-authority-data: \(try material.read("ca.pem").base64EncodedString())
            users:
            - name: cert
              user:
                client-certificate-data: \(try material.read("client.pem").base64EncodedString())
                client-key-data: \(try material.read("client.key").base64EncodedString())
            contexts:
            - name: tls
              context: {cluster: tls, user: cert}
            current-context: tls
            """)
        let client = KubernetesClient(configuration: try KubeconfigLoader(explicitPath: kubeconfig).load())
        defer { client.shutdown() }
        let created = try await client.create(secret("over-tls"))
        #expect(created.data["key"] == Data("v".utf8))

        // Without the client certificate the TLS handshake is refused.
        var config = try KubeconfigLoader(explicitPath: kubeconfig).load()
        config.tls.clientCertificate = nil
        config.tls.clientKey = nil
        let anonymous = KubernetesClient(configuration: config, options: .init(maxAttempts: 1))
        defer { anonymous.shutdown() }
        await #expect(throws: KubernetesError.self) { _ = try await anonymous.get(Namespace.self, name: "default") }
    }
}
