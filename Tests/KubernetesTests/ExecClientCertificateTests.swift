import Basics
import Foundation
import JSON
import TestSupport
import Testing
@testable import Kubernetes

/// Exec credential plugins that return a client certificate (`clientCertificateData`/`clientKeyData`)
/// instead of a token: mutual TLS through socat, the certificate cached until its
/// `expirationTimestamp` and fetched again after it.
@Suite struct ExecClientCertificateTests {
    /// The plugin prints `credential.json`, which the test rewrites to change what the next run returns.
    func writeCredential(in folder: TemporaryFolder, certificate: Data, key: Data, expiresAt: Date) throws {
        let credential: JSONValue = [
            "apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
            "status": [
                "clientCertificateData": .string(String(decoding: certificate, as: UTF8.self)),
                "clientKeyData": .string(String(decoding: key, as: UTF8.self)),
                "expirationTimestamp": .string(RFC3339.seconds(expiresAt)),
            ],
        ]
        try folder.write("credential.json", credential.jsonString)
    }

    @Test func aClientCertificateFromThePluginAuthenticatesAndIsRefreshedWhenItExpires() async throws {
        let material = try await TLSMaterial.make(authority: "kube test CA", serverNames: ["localhost"])
        let foreign = try TemporaryFolder()
        try await TestCertificates.make(in: foreign.url, authority: "another CA", serverNames: ["localhost"])
        let environment = try await EmulatedCluster.start()
        defer { Task { await environment.stop() } }
        let proxy = try await SocatServer.tlsProxy(backendPort: environment.emulator.port, material: material, requireClientCertificate: true)
        let folder = try TemporaryFolder()
        let plugin = try folder.write("plugin.sh", """
            #!/bin/sh
            echo run >> "\(folder.path("runs"))"
            cat "\(folder.path("credential.json"))"
            """)
        let kubeconfig = try folder.write("config", """
            clusters:
            - name: tls
              cluster:
                server: https://localhost:\(proxy.port)
                certificate-authority-data: \(try material.read("ca.pem").base64EncodedString())
            users:
            - name: plugin
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["\(plugin)"], interactiveMode: Never}
            contexts:
            - name: tls
              context: {cluster: tls, user: plugin}
            current-context: tls
            """)
        func runs() throws -> Int { try String(contentsOfFile: folder.path("runs"), encoding: .utf8).split(separator: "\n").count }
        let client = KubernetesClient(configuration: try KubeconfigLoader(explicitPath: kubeconfig).load(), options: .init(maxAttempts: 1))
        defer { client.shutdown() }

        // A certificate the server trusts, valid for about eight seconds (the timestamp has whole seconds): long enough
        // for the next two requests on a loaded machine, which must both use it.
        let expiry = RFC3339.parse(RFC3339.seconds(Date().addingTimeInterval(8)))!
        try writeCredential(in: folder, certificate: try material.read("client.pem"), key: try material.read("client.key"), expiresAt: expiry)
        _ = try await client.get(Namespace.self, name: "default")
        #expect(try runs() == 1)

        // The next run would return a certificate from another CA; until expiry the cached one is used.
        try writeCredential(
            in: folder, certificate: try Data(contentsOf: foreign.url.appendingPathComponent("client.pem")),
            key: try Data(contentsOf: foreign.url.appendingPathComponent("client.key")), expiresAt: expiry)
        _ = try await client.get(Namespace.self, name: "default")
        #expect(try runs() == 1)

        // After expiry the plugin runs again and its (untrusted) certificate is the one presented: refused.
        try await Task.sleep(for: .seconds(expiry.timeIntervalSinceNow + 0.3))
        await #expect(throws: KubernetesError.self) { _ = try await client.get(Namespace.self, name: "default") }
        #expect(try runs() == 2)

        // That one has expired too; the next run's trusted certificate works again.
        try writeCredential(
            in: folder, certificate: try material.read("client.pem"), key: try material.read("client.key"), expiresAt: Date().addingTimeInterval(600))
        _ = try await client.get(Namespace.self, name: "default")
        _ = try await client.get(Namespace.self, name: "default")
        #expect(try runs() == 3)
    }

    @Test(arguments: [
        (#"{"clientCertificateData":"-----BEGIN CERTIFICATE-----\n"}"#, "without status.clientKeyData"),
        (#"{"clientCertificateData":"not pem","clientKeyData":"not pem"}"#, "not PEM"),
        (#"{}"#, "neither status.token nor status.clientCertificateData"),
    ])
    func incompleteCredentialsAreErrors(_ status: String, _ message: String) async throws {
        let folder = try TemporaryFolder()
        let plugin = try folder.write("plugin.sh", """
            #!/bin/sh
            printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":\(status)}'
            """)
        let credentials = ExecCredentials(command: .init(apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", arguments: [plugin]))
        do {
            _ = try await credentials.clientIdentity()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
