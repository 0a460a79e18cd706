import Foundation
import TestSupport
import Testing
@testable import HTTP

@Suite struct ProxyTests {
    @Test func httpsGoesThroughACONNECTTunnel() async throws {
        let fixture = try await TLSMaterial.shared.value
        let server = try await TestHTTPServer.start()
        let tls = try await SocatServer.tlsProxy(backendPort: server.port, material: fixture, requireClientCertificate: false)
        let proxy = try await ConnectProxy(backendPort: tls.port)
        let client = HTTPClient(configuration: HTTPClientConfiguration(
            tls: TLSConfiguration(certificateAuthority: .file(fixture.caPath)),
            proxy: .url("http://tunnel-user:tunnel-pass@127.0.0.1:\(proxy.port)")
        ))
        defer { client.shutdown() }
        // The name the certificate carries is sent in CONNECT and verified after it; the proxy decides where it goes.
        let response = try await client.execute(HTTPRequest(url: "https://runbeam.test:\(tls.port)/hello"))
        #expect(response.status == 200)
        #expect(response.body == Data("hello".utf8))
        let lines = proxy.lines
        #expect(lines.first == "CONNECT runbeam.test:\(tls.port) HTTP/1.1")
        #expect(lines.contains("Proxy-Authorization: Basic \(Data("tunnel-user:tunnel-pass".utf8).base64EncodedString())"))
        // The origin server sees the request in origin form, without the proxy's credentials.
        #expect(server.state.requests.map(\.uri) == ["/hello"])
        #expect(server.state.requests.first?.headers["proxy-authorization"] == nil)
        withExtendedLifetime(tls) {}
        await server.stop()
    }

    @Test func anIPAddressThroughATunnelMustBeNamedByTheCertificate() async throws {
        func hello(_ fixture: TLSMaterial, serverName: String? = nil) async throws -> HTTPResponse {
            let server = try await TestHTTPServer.start()
            let tls = try await SocatServer.tlsProxy(backendPort: server.port, material: fixture, requireClientCertificate: false)
            let proxy = try await ConnectProxy(backendPort: tls.port)
            let client = HTTPClient(configuration: HTTPClientConfiguration(
                tls: TLSConfiguration(certificateAuthority: .file(fixture.caPath), serverName: serverName),
                proxy: .url("http://127.0.0.1:\(proxy.port)")
            ))
            defer { client.shutdown() }
            let result: Result<HTTPResponse, any Error>
            do {
                result = .success(try await client.execute(HTTPRequest(url: "https://127.0.0.1:\(tls.port)/hello")))
            } catch {
                result = .failure(error)
            }
            withExtendedLifetime((tls, proxy)) {}
            await server.stop()
            return try result.get()
        }
        // Through a tunnel the peer is the proxy, so the address is checked against the certificate by the client itself.
        let named = try await hello(try await TLSMaterial.loopbackAddress.value)
        #expect(named.body == Data("hello".utf8))
        let error = await #expect(throws: HTTPClientError.self) {
            try await hello(try await TLSMaterial.shared.value)
        }
        guard case .tls = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        let overridden = try await hello(try await TLSMaterial.shared.value, serverName: "runbeam.test")
        #expect(overridden.body == Data("hello".utf8))
    }

    @Test func plainHTTPThroughAProxyCarriesItsCredentials() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(proxy: .url("http://proxy-user:proxy-pass@127.0.0.1:\(server.port)")))
        defer { client.shutdown() }
        let response = try await client.execute(HTTPRequest(url: "http://gateway.runbeam.invalid:8080/api/x?a=1"))
        #expect(String(decoding: response.body, as: UTF8.self) == "proxied http://gateway.runbeam.invalid:8080/api/x?a=1")
        let expected = "Basic \(Data("proxy-user:proxy-pass".utf8).base64EncodedString())"
        #expect(server.state.requests.first?.headers["proxy-authorization"] == expected)
        await server.stop()
    }

    @Test func proxyRefusalIsATransportError() async throws {
        let client = HTTPClient(configuration: HTTPClientConfiguration(proxy: .url("http://127.0.0.1:\(try ClosedPort.find())")))
        defer { client.shutdown() }
        await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(url: "https://runbeam.test/hello"))
        }
    }
}
