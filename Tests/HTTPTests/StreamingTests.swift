import Foundation
import Testing
@testable import HTTP

@Suite struct StreamingTests {
    @Test func firstLineArrivesWhileTheStreamIsOpen() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.stream(HTTPRequest(url: "\(server.url)/stall"))
        #expect(response.status == 200)
        var lines = response.body.lines().makeAsyncIterator()
        let first = try await lines.next()
        #expect(first == Data("first".utf8))
        #expect(server.state.closed == 0)
        response.body.close()
        #expect(await server.state.wait(upTo: .seconds(30)) { $0.closed == 1 })
        await server.stop()
    }

    @Test func tenThousandLinesArriveCompleteAndInOrder() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.stream(HTTPRequest(url: "\(server.url)/stream?lines=10000"))
        var expected = 0
        for try await line in response.body.lines() {
            #expect(line == Data("{\"line\":\(expected)}".utf8))
            expected += 1
        }
        #expect(expected == 10_000)
        await server.stop()
    }

    @Test func cancellingTheReaderEndsAStalledStream() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let firstLine = AsyncStreamSignal()
        let reader = Task {
            let response = try await client.stream(HTTPRequest(url: "\(server.url)/stall"))
            var count = 0
            for try await _ in response.body.lines() {
                count += 1
                firstLine.fire()
            }
            return count
        }
        await firstLine.wait()
        let cancelledAt = ContinuousClock.now
        reader.cancel()
        let outcome = await reader.result
        let elapsed = ContinuousClock.now - cancelledAt
        #expect(throws: HTTPClientError.cancelled) { try outcome.get() }
        // The server never ends /stall: only the cancellation can end the read (the bound guards
        // against a hang, it is no speed claim).
        #expect(elapsed < .seconds(10))
        #expect(await server.state.wait(upTo: .seconds(10)) { $0.closed == 1 })
        await server.stop()
    }

    @Test func droppingTheBodyAbortsTheTransfer() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        do {
            let response = try await client.stream(HTTPRequest(url: "\(server.url)/stall"))
            #expect(response.status == 200)
        }
        #expect(await server.state.wait(upTo: .seconds(30)) { $0.closed == 1 })
        await server.stop()
    }

    @Test func slowReaderPausesTheTransfer() async throws {
        let server = try await TestHTTPServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let total = 64 << 20
        let response = try await client.stream(HTTPRequest(url: "\(server.url)/firehose?bytes=\(total)"))
        // Read nothing for a while: the client must stop taking data, so the server stalls.
        try await Task.sleep(for: .milliseconds(500))
        let stalledAt = server.state.firehoseBytes
        #expect(stalledAt < 24 << 20)
        var received = 0
        for try await chunk in response.body { received += chunk.count }
        #expect(received == total)
        await server.stop()
    }
}

/// A one-shot signal a test can wait on.
final class AsyncStreamSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func fire() {
        let waiting = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            guard !fired else { return [] }
            fired = true
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = lock.withLock { () -> Bool in
                if fired { return true }
                waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
