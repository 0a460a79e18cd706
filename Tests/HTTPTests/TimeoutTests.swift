import Foundation
import Testing
@testable import HTTP

@Suite struct TimeoutTests {
    @Test func connectTimeout() async throws {
        let blackhole = try BlackholeListener()
        let client = HTTPClient(configuration: HTTPClientConfiguration(timeouts: HTTPTimeouts(connect: .milliseconds(300))))
        defer { client.shutdown() }
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(blackhole.port)/"))
        }
        guard case .timeout(let kind, _) = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(kind == .connect)
        withExtendedLifetime(blackhole) {}
    }

    @Test func totalTimeout() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient(configuration: HTTPClientConfiguration(timeouts: HTTPTimeouts(request: .milliseconds(300))))
        defer { client.shutdown() }
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.execute(HTTPRequest(url: "\(server.url)/slow?ms=3000"))
        }
        guard case .timeout(let kind, _) = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(kind == .total)
        // A per-request timeout overrides the client's.
        let late = try await client.execute(HTTPRequest(url: "\(server.url)/slow?ms=400", timeout: .seconds(30)))
        #expect(late.status == 200)
        await server.stop()
    }

    @Test func idleTimeoutOnAStream() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        // 10 s, not less: the first line must arrive within the idle timeout even while the whole suite loads the
        // machine (the test servers share NIO's event loops with every other server in the process; 3 s was
        // once too short on a 2-core machine).
        let response = try await client.stream(HTTPRequest(url: "\(server.url)/stall", idleTimeout: .seconds(10)))
        var lines: [Data] = []
        let error = await #expect(throws: HTTPClientError.self) {
            for try await line in response.body.lines() { lines.append(line) }
        }
        #expect(lines == [Data("first".utf8)])
        guard case .timeout(let kind, _) = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(kind == .idle)
        await server.stop()
    }
}
