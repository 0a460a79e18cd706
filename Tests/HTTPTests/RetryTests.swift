import Foundation
import Testing
@testable import HTTP

@Suite struct RetryTests {
    @Test func anIdempotentRequestIsRetriedOnceWhenTheReusedConnectionWasClosed() async throws {
        let server = try await IdleClosingServer()
        let client = HTTPClient()
        defer { client.shutdown() }
        let first = try await client.execute(HTTPRequest(url: "\(server.url)/one"))
        #expect(first.status == 200)
        // Reuses the connection, which the server closes on receipt: sent again on a new one.
        let second = try await client.execute(HTTPRequest(url: "\(server.url)/two"))
        #expect(second.status == 200)
        #expect(server.state.accepted == 2)
        #expect(server.state.requests.map(\.uri) == ["/one", "/two", "/two"])
        await server.stop()
    }

    @Test func aPostThatWasSentIsNotRetried() async throws {
        let server = try await IdleClosingServer()
        let client = HTTPClient()
        defer { client.shutdown() }
        _ = try await client.execute(HTTPRequest(url: "\(server.url)/one"))
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(method: .post, url: "\(server.url)/two", body: Data("{}".utf8)))
        }
        guard case .transport = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(server.state.accepted == 1)
        await server.stop()
    }
}
