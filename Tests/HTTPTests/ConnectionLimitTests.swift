import Foundation
import Testing
@testable import HTTP

@Suite struct ConnectionLimitTests {
    @Test func requestsBeyondTheLimitWaitForAConnection() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: 2))
        defer { client.shutdown() }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask { try await client.execute(HTTPRequest(url: "\(server.url)/slow?ms=50")).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 20))
        #expect(server.state.accepted == 2)
        await server.stop()
    }

    @Test func aWaitingRequestCanBeCancelledAndTheQueueMovesOn() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: 1))
        defer { client.shutdown() }
        // The only connection is taken by a stream that never ends.
        let stream = try await client.stream(HTTPRequest(url: "\(server.url)/stall"))
        let waiting = Task { try await client.execute(HTTPRequest(url: "\(server.url)/hello")) }
        try await Task.sleep(for: .milliseconds(200))
        waiting.cancel()
        await #expect(throws: HTTPClientError.cancelled) { try await waiting.value }
        let next = Task { try await client.execute(HTTPRequest(url: "\(server.url)/hello")) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.state.requests.count == 1)
        // Ending the stream closes its connection; the queued request gets a new one.
        stream.body.close()
        let response = try await next.value
        #expect(response.body == Data("hello".utf8))
        #expect(server.state.requests.map(\.uri) == ["/stall", "/hello"])
        await server.stop()
    }

    @Test func aConnectionPausedAtTheEndOfAStreamServesTheNextRequest() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: 1))
        defer { client.shutdown() }
        // Exactly the pause threshold: reading pauses near the body's end and resumes as it is read.
        let response = try await client.stream(HTTPRequest(url: "\(server.url)/chunked-bytes?n=\(1 << 20)"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await response.body.collect(upTo: 2 << 20).count == 1 << 20)
        let next = try await client.execute(HTTPRequest(url: "\(server.url)/hello", timeout: .seconds(10)))
        #expect(next.body == Data("hello".utf8))
        #expect(server.state.accepted == 1)
        await server.stop()
    }

    @Test func shutdownFailsRunningAndWaitingRequests() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: 1))
        let running = Task { try await client.execute(HTTPRequest(url: "\(server.url)/slow?ms=5000")) }
        try await Task.sleep(for: .milliseconds(200))
        let waiting = Task { try await client.execute(HTTPRequest(url: "\(server.url)/hello")) }
        try await Task.sleep(for: .milliseconds(200))
        client.shutdown()
        await #expect(throws: HTTPClientError.shutdown) { try await running.value }
        await #expect(throws: HTTPClientError.shutdown) { try await waiting.value }
        #expect(await server.state.wait(upTo: .seconds(10)) { $0.closed == 1 })
        await server.stop()
    }
}
