import Foundation
import TestSupport
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
        // The only connection is taken by a slow request (long enough to outlast this test's steps on a loaded machine).
        let slow = Task { try await client.execute(HTTPRequest(url: "\(server.url)/slow?ms=4000", timeout: .seconds(30))) }
        #expect(await eventually(timeout: .seconds(10)) { server.state.requests.count == 1 })
        let waiting = Task { try await client.execute(HTTPRequest(url: "\(server.url)/hello")) }
        try await Task.sleep(for: .milliseconds(200))
        waiting.cancel()
        await #expect(throws: HTTPClientError.cancelled) { try await waiting.value }
        let next = Task { try await client.execute(HTTPRequest(url: "\(server.url)/hello", timeout: .seconds(30))) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.state.requests.count == 1)
        // When the slow request ends, the queued one gets its connection.
        #expect(try await slow.value.status == 200)
        let response = try await next.value
        #expect(response.body == Data("hello".utf8))
        #expect(server.state.requests.map(\.uri) == ["/slow?ms=4000", "/hello"])
        #expect(server.state.accepted == 1)
        await server.stop()
    }

    @Test func streamsDoNotCountAgainstTheLimit() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: 1))
        defer { client.shutdown() }
        // Three watches that never end, then ordinary requests: none waits for a stream to end.
        var streams: [HTTPStreamingResponse] = []
        for _ in 0..<3 { streams.append(try await client.stream(HTTPRequest(url: "\(server.url)/stall"))) }
        for _ in 0..<2 {
            let response = try await client.execute(HTTPRequest(url: "\(server.url)/hello", timeout: .seconds(5)))
            #expect(response.body == Data("hello".utf8))
        }
        #expect(server.state.accepted == 4, "one connection per stream and one reused for both requests")
        streams.forEach { $0.body.close() }
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
