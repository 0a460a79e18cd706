import FoundationEssentials

/// The body of a streamed response: an `AsyncSequence` of byte chunks, read by one consumer.
///
/// Reading from the socket pauses while the consumer lags (bounded memory); the transfer is aborted
/// (its connection closed) when the reading task is cancelled or the body is dropped before its end.
public final class HTTPResponseBody: AsyncSequence, Sendable {
    public typealias Element = Data

    private let buffer: StreamBuffer
    private let execution: RequestExecution

    init(buffer: StreamBuffer, execution: RequestExecution) {
        self.buffer = buffer
        self.execution = execution
    }

    deinit {
        if !buffer.isDone { close() }
    }

    /// Stops the transfer; a pending or later read throws `HTTPClientError.cancelled`.
    public func close() {
        buffer.close()
        execution.cancel()
    }

    /// The next chunk, or `nil` at the end of the body.
    func nextChunk() async throws -> Data? {
        try await withTaskCancellationHandler {
            try await buffer.next()
        } onCancel: {
            close()
        }
    }

    /// The body split into lines (newline-delimited JSON), without their line ends.
    public func lines(maxLineLength: Int = 16 << 20) -> HTTPLineSequence<HTTPResponseBody> {
        HTTPLineSequence(base: self, maxLineLength: maxLineLength)
    }

    /// Reads the whole body, refusing more than `limit` bytes.
    public func collect(upTo limit: Int) async throws -> Data {
        var data = Data()
        for try await chunk in self {
            guard data.count + chunk.count <= limit else {
                close()
                throw HTTPClientError.bodyTooLarge(limit: limit)
            }
            data.append(chunk)
        }
        return data
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let body: HTTPResponseBody

        public mutating func next() async throws -> Data? {
            try await body.nextChunk()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: self)
    }
}
