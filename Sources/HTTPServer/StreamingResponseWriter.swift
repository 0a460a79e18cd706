import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Writes the body of a streamed response from any thread.
///
/// Writes hop to the connection's event loop. The writer counts bytes handed to the socket but not
/// yet flushed; when a slow reader lets that exceed ``maximumPendingBytes`` the stream is closed
/// (as a real API server drops a watcher that cannot keep up) instead of buffering without bound.
public final class StreamingResponseWriter: Sendable {
    private let channel: any Channel
    private let state = NIOLockedValueBox(State())
    /// The most bytes allowed to wait for a slow reader before the stream is closed.
    public let maximumPendingBytes: Int

    private struct State {
        var finished = false
        var pendingBytes = 0
        var onClose: [@Sendable () -> Void] = []
    }

    init(channel: any Channel, maximumPendingBytes: Int) {
        self.channel = channel
        self.maximumPendingBytes = maximumPendingBytes
    }

    /// The event loop of the connection, for timers tied to the stream.
    public var eventLoop: any EventLoop { channel.eventLoop }

    /// Whether the stream has ended (finished by the writer or closed by the peer).
    public var isFinished: Bool { state.withLockedValue { $0.finished } }

    /// Registers `action` to run once when the stream ends for any reason.
    public func onClose(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLockedValue { state -> Bool in
            if state.finished { return true }
            state.onClose.append(action)
            return false
        }
        if runNow { action() }
    }

    /// Sends one chunk. Returns false when the stream has ended (the chunk is dropped).
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        let accepted = state.withLockedValue { state -> Bool in
            guard !state.finished else { return false }
            state.pendingBytes += bytes.count
            return true
        }
        guard accepted else { return false }
        if state.withLockedValue({ $0.pendingBytes }) > maximumPendingBytes {
            abort()
            return false
        }
        let count = bytes.count
        channel.eventLoop.execute {
            var buffer = self.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            let promise = self.channel.eventLoop.makePromise(of: Void.self)
            promise.futureResult.whenComplete { _ in
                self.state.withLockedValue { $0.pendingBytes -= count }
            }
            self.channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: promise)
        }
        return true
    }

    /// Ends the response normally (the terminating chunk is sent; the connection stays open).
    public func finish() {
        guard markFinished() else { return }
        channel.eventLoop.execute {
            self.channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
        }
    }

    /// Ends the stream by closing the connection (a dropped watch, a slow reader).
    public func abort() {
        guard markFinished() else { return }
        channel.close(promise: nil)
    }

    /// Called when the connection closes under the stream.
    func connectionClosed() { _ = markFinished() }

    private func markFinished() -> Bool {
        let actions = state.withLockedValue { state -> [@Sendable () -> Void]? in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.onClose = [] }
            return state.onClose
        }
        guard let actions else { return false }
        for action in actions { action() }
        return true
    }
}
