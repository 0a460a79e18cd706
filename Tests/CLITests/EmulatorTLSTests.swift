import Foundation
import TestSupport
import Testing

/// `emulator kubernetes --token`: HTTPS with a CA made at start-up, so that the kubeconfig it writes works with the
/// real kubectl (client-go sends a kubeconfig's token only over TLS) and with the operator's own client (NIO and NIOSSL).
/// Tokens are made per run and obviously fake.
@Suite(.enabled(if: Kubectl.available, "kubectl not found on PATH or in $KUBECTL"))
struct EmulatorTLSTests {
    /// A token for one test run.
    static func fakeToken(_ purpose: String) -> String { "fake-\(purpose)-\(UUID().uuidString.lowercased())" }

    /// A copy of the emulator's kubeconfig with `token` replaced by `replacement`.
    static func kubeconfig(of kube: Kubectl, replacing token: String, with replacement: String, name: String) throws -> URL {
        let text = try String(contentsOf: kube.kubeconfig, encoding: .utf8)
        try #require(text.contains("token: \"\(token)\""), "the kubeconfig does not carry the token:\n\(text)")
        let copy = kube.folder.appendingPathComponent(name)
        try Data(text.replacingOccurrences(of: token, with: replacement).utf8).write(to: copy)
        return copy
    }

    @Test func kubectlSendsTheKubeconfigTokenOverHTTPS() async throws {
        let token = Self.fakeToken("admin-token")
        let aliceToken = Self.fakeToken("alice-token")
        try await Kubectl.withEmulator(arguments: ["--token", token, "--user", "\(aliceToken)=alice"]) { kube in
            let config = try String(contentsOf: kube.kubeconfig, encoding: .utf8)
            #expect(config.contains("server: https://127.0.0.1:"), "\(config)")
            #expect(config.contains("certificate-authority-data: "), "\(config)")

            let namespaces = try await kube.run(["get", "namespaces", "-o", "name"])
            #expect(namespaces.status == 0, "\(namespaces.stderrText)")
            #expect(namespaces.stdoutText.contains("namespace/default"), "\(namespaces.stdoutText)")
            // The emulator names the user of the token it was sent: the superuser token…
            let admin = try await kube.run(["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"])
            #expect(admin.status == 0, "\(admin.stderrText)")
            #expect(admin.stdoutText == "system:admin")
            // …and, with the same kubeconfig carrying another token, that token's user.
            let alice = try Self.kubeconfig(of: kube, replacing: token, with: aliceToken, name: "alice.kubeconfig")
            let asAlice = try await kube.run(["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"], kubeconfig: alice)
            #expect(asAlice.status == 0, "\(asAlice.stderrText)")
            #expect(asAlice.stdoutText == "alice")

            let wrong = try Self.kubeconfig(of: kube, replacing: token, with: Self.fakeToken("wrong-token"), name: "wrong.kubeconfig")
            let denied = try await kube.run(["get", "--raw", "/api"], kubeconfig: wrong)
            #expect(denied.status != 0)
            #expect(denied.stderrText.contains("Unauthorized"), "\(denied.stderrText)")
        }
    }

    @Test func theOperatorsClientUsesTheSameKubeconfig() async throws {
        let token = Self.fakeToken("admin-token")
        let aliceToken = Self.fakeToken("alice-token")
        try await Kubectl.withEmulator(arguments: ["--token", token, "--user", "\(aliceToken)=alice"]) { kube in
            try await kube.createExampleGateway()
            let status = try await CommandRunner.run(["status", "gateway", "prod", "-n", "default", "--kubeconfig", kube.kubeconfig.path])
            #expect(status.status == 0, "\(status.stderrText)")
            #expect(status.stdoutText.contains("Gateway code: prod"), "\(status.stdoutText)")

            // Alice's token reaches the emulator as alice, whom no role lets read Gateways.
            let alice = try Self.kubeconfig(of: kube, replacing: token, with: aliceToken, name: "alice.kubeconfig")
            let forbidden = try await CommandRunner.run(["status", "gateway", "prod", "-n", "default", "--kubeconfig", alice.path])
            #expect(forbidden.status != 0)
            #expect(forbidden.stderrText.contains("\"alice\""), "\(forbidden.stderrText)")

            let wrong = try Self.kubeconfig(of: kube, replacing: token, with: Self.fakeToken("wrong-token"), name: "wrong.kubeconfig")
            let denied = try await CommandRunner.run(["status", "gateway", "prod", "-n", "default", "--kubeconfig", wrong.path])
            #expect(denied.status != 0)
            #expect(denied.stderrText.contains("Unauthorized"), "\(denied.stderrText)")
            // Neither the token nor the CA's key material is printed.
            for output in [status.stdoutText, status.stderrText, forbidden.stderrText, denied.stderrText] {
                #expect(!output.contains(token) && !output.contains(aliceToken) && !output.contains("PRIVATE KEY"))
            }
        }
    }

    @Test func theWrittenCAVerifiesTheLocalhostName() async throws {
        let token = Self.fakeToken("admin-token")
        let folder = try TemporaryFolder(prefix: "emulator-ca").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let authorityFile = folder.appendingPathComponent("emulator-ca.pem")
        try await Kubectl.withEmulator(arguments: ["--token", token, "--write-ca", authorityFile.path]) { kube in
            let authority = try String(contentsOf: authorityFile, encoding: .utf8)
            #expect(authority.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
            #expect(!authority.contains("PRIVATE KEY"))
            let config = try String(contentsOf: kube.kubeconfig, encoding: .utf8)
            #expect(config.contains("certificate-authority-data: \(Data(authority.utf8).base64EncodedString())\n"))

            // The CA file and the certificate's `localhost` name, with no kubeconfig cluster entry in play.
            let port = try #require(config.split(separator: "\n").first { $0.contains("server: https://127.0.0.1:") }?.split(separator: ":").last)
            let version = try await kube.run([
                "--server", "https://localhost:\(port)", "--certificate-authority", authorityFile.path, "--token", token, "get", "--raw", "/version",
            ])
            #expect(version.status == 0, "\(version.stderrText)")
            #expect(version.stdoutText.contains("gitVersion"), "\(version.stdoutText)")

            // Trusting another CA instead, kubectl refuses the emulator's certificate: verification is on.
            let another = folder.appendingPathComponent("another")
            try FileManager.default.createDirectory(at: another, withIntermediateDirectories: true)
            try await TestCertificates.make(in: another, authority: "another CA", serverNames: ["localhost"])
            let refused = try await kube.run([
                "--server", "https://localhost:\(port)", "--certificate-authority", another.appendingPathComponent("ca.pem").path, "--token", token,
                "get", "--raw", "/version",
            ])
            #expect(refused.status != 0)
            #expect(refused.stderrText.contains("certificate signed by unknown authority"), "\(refused.stderrText)")
        }
    }
}
