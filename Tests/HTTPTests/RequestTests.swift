import Foundation
import Testing
@testable import HTTP

@Suite struct RequestTests {
    @Test func redirectWithAuthorizationIsReturnedNotFollowed() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(
            HTTPRequest(url: "\(server.url)/redirect", headers: ["Authorization": "Bearer not-a-real-token"])
        )
        #expect(response.status == 302)
        #expect(response.headers["location"] == "/hello")
        #expect(server.state.requests.map(\.uri) == ["/redirect"])
        await server.stop()
    }

    @Test func bearerTokenIsFetchedForEveryRequest() async throws {
        let server = try await TestHTTPServer.start()
        let counter = LockedCounter()
        let provider = ClosureBearerTokenProvider { "rotating-\(counter.next())" }
        let client = HTTPClient(configuration: HTTPClientConfiguration(bearerToken: provider))
        defer { client.shutdown() }
        _ = try await client.execute(HTTPRequest(url: "\(server.url)/headers"))
        _ = try await client.execute(HTTPRequest(url: "\(server.url)/headers"))
        // An explicit Authorization header wins over the provider.
        _ = try await client.execute(HTTPRequest(url: "\(server.url)/headers", headers: ["Authorization": "Basic abc"]))
        #expect(server.state.requests.map { $0.headers["authorization"] } == ["Bearer rotating-1", "Bearer rotating-2", "Basic abc"])
        await server.stop()
    }

    @Test func methodsAndBodiesAreSent() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        for method in [HTTPMethod.post, .put, .patch, .delete] {
            let response = try await client.execute(
                HTTPRequest(method: method, url: "\(server.url)/echo", headers: ["Content-Type": "application/json"], body: Data("{\"a\":1}".utf8))
            )
            #expect(String(decoding: response.body, as: UTF8.self) == "\(method.rawValue) {\"a\":1}")
        }
        let empty = try await client.execute(HTTPRequest(method: .delete, url: "\(server.url)/echo"))
        #expect(String(decoding: empty.body, as: UTF8.self) == "DELETE ")
        #expect(server.state.requests.allSatisfy { $0.headers["content-type"] == "application/json" || $0.method == "DELETE" })
        await server.stop()
    }

    @Test func bodyOverTheLimitIsRefused() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxBodySize: 1_000_000))
        defer { client.shutdown() }
        await #expect(throws: HTTPClientError.bodyTooLarge(limit: 1_000_000)) {
            try await client.execute(HTTPRequest(url: "\(server.url)/bytes?n=2000000"))
        }
        await #expect(throws: HTTPClientError.bodyTooLarge(limit: 1_000_000)) {
            try await client.execute(HTTPRequest(url: "\(server.url)/chunked-bytes?n=2000000"))
        }
        let small = try await client.execute(HTTPRequest(url: "\(server.url)/chunked-bytes?n=5000", maxBodySize: 5000))
        #expect(small.body.count == 5000)
        await server.stop()
    }

    @Test func explicitProxyCarriesTheRequest() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(proxy: .url(server.url)))
        defer { client.shutdown() }
        let response = try await client.execute(HTTPRequest(url: "http://gateway.runbeam.invalid/api/x"))
        #expect(String(decoding: response.body, as: UTF8.self) == "proxied http://gateway.runbeam.invalid/api/x")
        await server.stop()
    }

    @Test func headerWithLineBreakIsRejectedBeforeSending() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        await #expect(throws: HTTPClientError.invalidHeader(name: "X-Injected")) {
            try await client.execute(HTTPRequest(url: "http://127.0.0.1:9/", headers: ["X-Injected": "a\r\nEvil: 1"]))
        }
    }

    @Test func invalidURLIsTyped() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        await #expect(throws: HTTPClientError.invalidURL("not an absolute http(s) URL")) {
            try await client.execute(HTTPRequest(url: "ftp://example.invalid/file"))
        }
    }

    @Test func refusedConnectionIsATransportError() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let port = try ClosedPort.find()
        do {
            _ = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
            Issue.record("expected a transport error")
        } catch let error as HTTPClientError {
            guard case .transport(let code, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(code == Int(ECONNREFUSED))
        }
    }

    @Test func requestsAfterShutdownFail() async throws {
        let client = HTTPClient()
        client.shutdown()
        await #expect(throws: HTTPClientError.shutdown) {
            try await client.execute(HTTPRequest(url: "http://127.0.0.1:9/"))
        }
    }
}
