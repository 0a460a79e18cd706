import Emulators
import Foundation
import TestSupport
import Testing
import X509

/// The CA and serving certificate the emulators make at start-up for HTTPS, and the Kubernetes emulator serving them.
@Suite struct EmulatorTLSIdentityTests {
    /// The certificate's subject alternative names as `DNS:name` and `IP:bytes` strings.
    static func names(of certificate: Certificate) throws -> [String] {
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        return names.map { name in
            switch name {
            case .dnsName(let dns): return "DNS:\(dns)"
            case .ipAddress(let octets): return "IP:" + octets.bytes.map(String.init).joined(separator: ".")
            default: return "other:\(name)"
            }
        }
    }

    @Test func aCAAndAServingCertificateForTheLoopbackNamesAndTheHost() throws {
        let now = Date()
        let identity = try EmulatorTLSIdentity.generate(serverNames: ["emulator.example", "127.0.0.2", "127.0.0.1"], now: now)
        let authority = try Certificate(pemEncoded: identity.certificateAuthorityPEM)
        let server = try Certificate(pemEncoded: identity.certificatePEM)

        #expect(try authority.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try authority.extensions.keyUsage?.keyCertSign == true)
        #expect(authority.subject == authority.issuer)
        #expect(authority.publicKey.isValidSignature(authority.signature, for: authority))

        #expect(try server.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try server.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(server.issuer == authority.subject)
        #expect(authority.publicKey.isValidSignature(server.signature, for: server))
        #expect(!server.publicKey.isValidSignature(server.signature, for: server))  // signed by the CA, not by itself
        let loopbackV6 = Array(repeating: "0", count: 15).joined(separator: ".") + ".1"
        #expect(try Self.names(of: server) == ["IP:127.0.0.1", "IP:\(loopbackV6)", "DNS:localhost", "DNS:emulator.example", "IP:127.0.0.2"])
        #expect(identity.serverNames == ["127.0.0.1", "::1", "localhost", "emulator.example", "127.0.0.2"])

        #expect(server.notValidBefore < now && server.notValidAfter > now.addingTimeInterval(300 * 86_400))
        #expect(!identity.certificateAuthorityPEM.contains("PRIVATE KEY") && !identity.certificatePEM.contains("PRIVATE KEY"))
        // Every start makes a new CA.
        #expect(try EmulatorTLSIdentity.generate().certificateAuthorityPEM != identity.certificateAuthorityPEM)
    }

    @Test func printingItNeverShowsTheKey() throws {
        let identity = try EmulatorTLSIdentity.generate(serverNames: ["127.0.0.1"])
        let configuration = KubernetesEmulator.Configuration(tls: identity)
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [String(describing: identity), String(reflecting: identity), "\(configuration)", String(reflecting: configuration), dumped] {
            #expect(!text.contains("PRIVATE KEY"), "\(text)")
        }
        #expect(String(describing: identity) == "EmulatorTLSIdentity(serverNames: 127.0.0.1, ::1, localhost)")
        #expect(dumped.contains("BEGIN CERTIFICATE"))
    }

    @Test func theKubernetesEmulatorServesHTTPSAndItsKubeconfigCarriesTheCA() async throws {
        let identity = try EmulatorTLSIdentity.generate(serverNames: ["127.0.0.1"])
        let emulator = try await KubernetesEmulator.start(.init(bearerTokens: ["fake-\(UUID().uuidString)"], tls: identity))
        #expect(emulator.baseURL.absoluteString == "https://127.0.0.1:\(emulator.port)")
        #expect(emulator.certificateAuthorityPEM == identity.certificateAuthorityPEM)
        let authorityData = Data(identity.certificateAuthorityPEM.utf8).base64EncodedString()
        #expect(emulator.kubeconfigYAML().contains("    server: https://127.0.0.1:\(emulator.port)\n    certificate-authority-data: \(authorityData)\n"))

        let temporary = try TemporaryFolder(prefix: "emulator-tls")
        defer { temporary.remove() }
        let folder = temporary.url
        try temporary.write("ca.pem", identity.certificateAuthorityPEM)
        try await Self.handshake(port: emulator.port, trusting: "ca.pem", in: folder)

        // A restart keeps the CA, so kubeconfigs written before it keep working.
        let again = try await emulator.restart()
        #expect(again.baseURL.absoluteString == "https://127.0.0.1:\(emulator.port)")
        #expect(again.certificateAuthorityPEM == identity.certificateAuthorityPEM)
        try await Self.handshake(port: again.port, trusting: "ca.pem", in: folder)
        await again.shutdown()

        // A CA the emulator did not use fails the handshake.
        let other = try await KubernetesEmulator.start(.init(tls: try EmulatorTLSIdentity.generate()))
        await #expect(throws: ToolFailure.self) { try await Self.handshake(port: other.port, trusting: "ca.pem", in: folder) }
        await other.shutdown()
    }

    @Test func plainHTTPStaysTheDefault() async throws {
        let emulator = try await KubernetesEmulator.start()
        #expect(emulator.baseURL.absoluteString == "http://127.0.0.1:\(emulator.port)")
        #expect(emulator.certificateAuthorityPEM == nil)
        #expect(!emulator.kubeconfigYAML().contains("certificate-authority"))
        await emulator.shutdown()
    }

    @Test func anIPv6HostIsBracketedInTheURL() async throws {
        let emulator = try await KubernetesEmulator.start(.init(host: "::1", tls: try EmulatorTLSIdentity.generate(serverNames: ["::1"])))
        #expect(emulator.baseURL.absoluteString == "https://[::1]:\(emulator.port)")
        await emulator.shutdown()
    }

    /// A TLS handshake with `openssl s_client` that verifies the chain against `authority` and the certificate's
    /// `localhost` and `127.0.0.1` names; throws ``ToolFailure`` when verification fails.
    static func handshake(port: Int, trusting authority: String, in folder: URL) async throws {
        try await runTool("openssl", [
            "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", authority, "-verify_return_error",
            "-verify_hostname", "localhost", "-verify_ip", "127.0.0.1", "-brief",
        ], in: folder)
    }
}
