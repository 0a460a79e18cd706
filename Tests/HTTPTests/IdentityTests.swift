import Foundation
import TestSupport
import Testing
@testable import HTTP

@Suite struct IdentityTests {
    @Test func aConnectionServesOnlyItsOwnClientIdentity() async throws {
        let fixture = try await TLSMaterial.shared.value
        let server = try await TestHTTPServer.start()
        let proxy = try await SocatServer.tlsProxy(backendPort: server.port, material: fixture, requireClientCertificate: true)
        let client = HTTPClient(configuration: HTTPClientConfiguration(
            tls: TLSConfiguration(certificateAuthority: .file(fixture.caPath)), proxy: .none
        ))
        defer { client.shutdown() }
        // One key pair, given two ways: two identities as far as the client can tell.
        let files = ClientIdentity(certificate: .file(fixture.clientCertificatePath), key: .file(fixture.clientKeyPath))
        let bytes = ClientIdentity(certificate: .data(try fixture.read("client.pem")), key: .data(try fixture.read("client.key")))
        let url = "https://localhost:\(proxy.port)/hello"
        for identity in [files, files, bytes, files, bytes] {
            let response = try await client.execute(HTTPRequest(url: url, clientIdentity: identity))
            #expect(response.body == Data("hello".utf8))
        }
        // socat opens one backend connection per client connection: one per identity.
        #expect(server.state.accepted == 2)
        // Without an identity the request cannot use either connection (and the server wants a certificate).
        await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(url: url))
        }
        #expect(server.state.accepted == 2)
        withExtendedLifetime(proxy) {}
        await server.stop()
    }
}
