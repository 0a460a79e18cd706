import FoundationEssentials
import HTTP

/// One open watch: the lines of its body (newline-delimited `{"type","object"}` JSON, without line ends), read by one
/// consumer, and ``close()`` to end it early.
///
/// ``KubernetesClient`` reads the lines from a streamed HTTP response; a test double of ``ListWatchCalls`` hands them
/// over through an `AsyncThrowingStream`. Either way ``ResourceWatch`` decodes them, so bookmarks, `ERROR` events
/// (410 Gone among them) and malformed lines take the same path.
public struct WatchStream: AsyncSequence, Sendable {
    public typealias Element = Data

    private let body: HTTPResponseBody?
    private let maxLineLength: Int
    private let lines: AsyncThrowingStream<Data, any Error>?
    private let onClose: (@Sendable () -> Void)?

    /// The lines of a streamed response's body; a line longer than `maxLineLength` throws
    /// `HTTPClientError.lineTooLong`. Closing aborts the transfer.
    public init(body: HTTPResponseBody, maxLineLength: Int = 16 << 20) {
        self.body = body
        self.maxLineLength = maxLineLength
        lines = nil
        onClose = nil
    }

    /// Lines from a producer; ``close()`` calls `close`, which should finish `lines`.
    public init(lines: AsyncThrowingStream<Data, any Error>, close: @escaping @Sendable () -> Void) {
        body = nil
        maxLineLength = 0
        self.lines = lines
        onClose = close
    }

    /// Ends the stream before the server does (after an `ERROR` event).
    public func close() {
        body?.close()
        onClose?()
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        // Two optionals rather than an enum, so each iterator is advanced in place instead of copied out and back.
        fileprivate var http: HTTPLineSequence<HTTPResponseBody>.AsyncIterator?
        fileprivate var lines: AsyncThrowingStream<Data, any Error>.Iterator?

        public mutating func next() async throws -> Data? {
            if http != nil { return try await http!.next() }
            return try await lines?.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(http: body?.lines(maxLineLength: maxLineLength).makeAsyncIterator(), lines: lines?.makeAsyncIterator())
    }
}
