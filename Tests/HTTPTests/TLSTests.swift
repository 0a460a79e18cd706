import Foundation
import TestSupport
import Testing
@testable import HTTP

@Suite struct TLSTests {
    private func withProxy(
        requireClientCertificate: Bool = false,
        _ body: (TLSMaterial, SocatServer) async throws -> Void
    ) async throws {
        let fixture = try await TLSMaterial.shared.value
        let server = try await TestHTTPServer.start()
        let proxy = try await SocatServer.tlsProxy(backendPort: server.port, material: fixture, requireClientCertificate: requireClientCertificate)
        try await body(fixture, proxy)
        withExtendedLifetime(proxy) {}
        await server.stop()
    }

    private func hello(_ tls: TLSConfiguration, host: String = "localhost", port: Int) async throws -> HTTPResponse {
        let client = HTTPClient(configuration: HTTPClientConfiguration(tls: tls, proxy: .none))
        defer { client.shutdown() }
        return try await client.execute(HTTPRequest(url: "https://\(host):\(port)/hello"))
    }

    @Test func certificateAuthorityAsFile() async throws {
        try await withProxy { fixture, proxy in
            let response = try await hello(TLSConfiguration(certificateAuthority: .file(fixture.caPath)), port: proxy.port)
            #expect(response.status == 200)
            #expect(response.body == Data("hello".utf8))
        }
    }

    @Test func certificateAuthorityAsPEMData() async throws {
        try await withProxy { fixture, proxy in
            let ca = try fixture.read("ca.pem")
            let response = try await hello(TLSConfiguration(certificateAuthority: .data(ca)), port: proxy.port)
            #expect(response.body == Data("hello".utf8))
        }
    }

    @Test func unknownCertificateAuthorityIsATLSError() async throws {
        try await withProxy { _, proxy in
            let error = await #expect(throws: HTTPClientError.self) {
                try await hello(TLSConfiguration(), port: proxy.port)
            }
            guard case .tls = error else {
                Issue.record("expected a TLS error, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func serverNameOverrideVerifiesAgainstThatName() async throws {
        try await withProxy { fixture, proxy in
            let ca = TLSConfiguration(certificateAuthority: .file(fixture.caPath))
            // The certificate does not name 127.0.0.1 …
            let error = await #expect(throws: HTTPClientError.self) {
                try await hello(ca, host: "127.0.0.1", port: proxy.port)
            }
            guard case .tls = error else {
                Issue.record("expected a TLS error, got \(String(describing: error))")
                return
            }
            // … but it names runbeam.test, which the override checks instead.
            var named = ca
            named.serverName = "runbeam.test"
            let response = try await hello(named, host: "127.0.0.1", port: proxy.port)
            #expect(response.body == Data("hello".utf8))
        }
    }

    @Test func mutualTLSWithClientPairAsPEMData() async throws {
        try await withProxy(requireClientCertificate: true) { fixture, proxy in
            let tls = TLSConfiguration(
                certificateAuthority: .file(fixture.caPath),
                clientCertificate: .data(try fixture.read("client.pem")),
                clientKey: .data(try fixture.read("client.key"))
            )
            let response = try await hello(tls, port: proxy.port)
            #expect(response.body == Data("hello".utf8))
        }
    }

    @Test func mutualTLSWithClientPairAsFiles() async throws {
        try await withProxy(requireClientCertificate: true) { fixture, proxy in
            let tls = TLSConfiguration(
                certificateAuthority: .file(fixture.caPath),
                clientCertificate: .file(fixture.clientCertificatePath),
                clientKey: .file(fixture.clientKeyPath)
            )
            let response = try await hello(tls, port: proxy.port)
            #expect(response.body == Data("hello".utf8))
        }
    }

    @Test func mutualTLSFailsWithoutClientCertificate() async throws {
        try await withProxy(requireClientCertificate: true) { fixture, proxy in
            let error = await #expect(throws: HTTPClientError.self) {
                try await hello(TLSConfiguration(certificateAuthority: .file(fixture.caPath)), port: proxy.port)
            }
            // With TLS 1.3 the server's refusal arrives after the client's handshake is done, so
            // it shows as a TLS alert or as a broken connection, depending on timing.
            switch error {
            case .tls, .transport: break
            default: Issue.record("expected the connection to be refused, got \(String(describing: error))")
            }
        }
    }

    @Test func insecureSkipVerifyIsExplicit() async throws {
        try await withProxy { _, proxy in
            let response = try await hello(TLSConfiguration(insecureSkipTLSVerify: true), host: "127.0.0.1", port: proxy.port)
            #expect(response.status == 200)
        }
    }
}
