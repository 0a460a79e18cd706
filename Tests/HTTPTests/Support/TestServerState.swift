import Foundation
import TestSupport

/// What the test server saw: connections, requests, and bytes pushed to slow readers.
final class TestServerState: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [String: String]
    }

    private let lock = NSLock()
    private var _accepted = 0
    private var _closed = 0
    private var _requests: [Request] = []
    private var _firehoseBytes = 0

    var accepted: Int { lock.withLock { _accepted } }
    var closed: Int { lock.withLock { _closed } }
    var requests: [Request] { lock.withLock { _requests } }
    var firehoseBytes: Int { lock.withLock { _firehoseBytes } }

    func connectionOpened() { lock.withLock { _accepted += 1 } }
    func connectionClosed() { lock.withLock { _closed += 1 } }
    func record(_ request: Request) { lock.withLock { _requests.append(request) } }
    func addFirehose(_ bytes: Int) { lock.withLock { _firehoseBytes += bytes } }

    /// Waits until `condition` holds, checking every 10 ms, for at most `timeout`; returns whether it held.
    func wait(upTo timeout: Duration, until condition: @Sendable (TestServerState) -> Bool) async -> Bool {
        await eventually(timeout: timeout, every: .milliseconds(10)) { condition(self) }
    }
}
