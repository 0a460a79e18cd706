import FoundationEssentials
import NIOCore

/// One request from submission to its last response byte.
///
/// Made on the caller's task; from then on every method except ``cancel()`` and ``resumeReading()``
/// runs on the shared event loop, which is what makes the unchecked `Sendable` sound. The execution
/// waits in the pool, connects, then runs on one ``HTTPConnection``; whoever holds it at the moment
/// sets `onAbort`, so a failure from outside (cancellation, a timeout) can release the connection.
final class RequestExecution: @unchecked Sendable {
    enum Mode {
        case buffered(limit: Int)
        case streaming(StreamBuffer)
    }

    typealias Head = (status: Int, headers: HTTPHeaders)

    let request: PreparedRequest
    let mode: Mode
    /// A stream (a watch) holds its connection for as long as it lasts.
    var isStreaming: Bool {
        if case .streaming = mode { return true }
        return false
    }
    let loop: any EventLoop

    // Event-loop state.
    private var bufferedContinuation: CheckedContinuation<HTTPResponse, any Error>?
    private var headContinuation: CheckedContinuation<Head, any Error>?
    private var attached = false
    private(set) var isFinished = false
    /// The failure that came before the caller's continuation was attached.
    private var earlyFailure: HTTPClientError?
    private var status = 0
    private var headers = HTTPHeaders()
    private var body = Data()
    private var totalTimer: Scheduled<Void>?
    /// Set once the request was sent again after its reused connection turned out closed.
    var retried = false
    /// Set for the retry: an idle connection may not serve it.
    var requiresNewConnection = false
    /// Releases whatever holds the execution (its place in the queue, its connection); cleared on use.
    var onAbort: (() -> Void)?
    /// The connection the execution runs on, to resume reading when the consumer catches up.
    weak var connection: HTTPConnection?

    init(request: PreparedRequest, mode: Mode, loop: any EventLoop) {
        self.request = request
        self.mode = mode
        self.loop = loop
    }

    // MARK: Any thread

    /// Ends the request with `cancelled`, wherever it is.
    func cancel() {
        loop.execute { self.fail(.cancelled) }
    }

    /// Called when the consumer of a stream has read its backlog down.
    func resumeReading() {
        loop.execute { self.connection?.resumeReading() }
    }

    // MARK: Event loop

    /// Attaches the buffered caller; false when the execution already failed (the caller has its error).
    func attach(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        bufferedContinuation = continuation
        return attach()
    }

    /// Attaches the streaming caller, which waits for the response head.
    func attach(_ continuation: CheckedContinuation<Head, any Error>) -> Bool {
        headContinuation = continuation
        return attach()
    }

    private func attach() -> Bool {
        attached = true
        if let earlyFailure {
            bufferedContinuation?.resume(throwing: earlyFailure)
            headContinuation?.resume(throwing: earlyFailure)
            bufferedContinuation = nil
            headContinuation = nil
            return false
        }
        if let total = request.totalTimeout {
            totalTimer = loop.scheduleTask(in: TimeAmount(total)) { [self] in
                fail(.timeout(.total, message: "the request did not finish within \(total)"))
            }
        }
        return true
    }

    /// Ends the execution with an error (later calls are ignored) and releases what holds it.
    func fail(_ error: HTTPClientError) {
        guard !isFinished else { return }
        isFinished = true
        totalTimer?.cancel()
        totalTimer = nil
        guard attached else {
            earlyFailure = error
            return
        }
        if let continuation = bufferedContinuation {
            bufferedContinuation = nil
            continuation.resume(throwing: error)
        } else if let continuation = headContinuation {
            headContinuation = nil
            continuation.resume(throwing: error)
        } else if case .streaming(let buffer) = mode {
            buffer.finish(error: error)
        }
        let abort = onAbort
        onAbort = nil
        connection = nil
        abort?()
    }

    /// The response head; false when it ends the request (a declared length over the limit).
    func receiveHead(status: Int, headers: HTTPHeaders) -> Bool {
        guard !isFinished else { return false }
        self.status = status
        self.headers = headers
        switch mode {
        case .buffered(let limit):
            if let length = headers["Content-Length"].flatMap(Int.init), length > limit {
                fail(.bodyTooLarge(limit: limit))
                return false
            }
        case .streaming:
            let continuation = headContinuation
            headContinuation = nil
            continuation?.resume(returning: (status, headers))
        }
        return true
    }

    /// A piece of the body; says whether the connection should keep reading.
    func receiveBody(_ buffer: ByteBuffer) -> StreamBuffer.PushResult {
        guard !isFinished else { return .closed }
        switch mode {
        case .buffered(let limit):
            guard body.count + buffer.readableBytes <= limit else {
                fail(.bodyTooLarge(limit: limit))
                return .closed
            }
            body.append(contentsOf: buffer.readableBytesView)
            return .more
        case .streaming(let stream):
            let result = stream.push(Data(buffer.readableBytesView))
            if case .closed = result { fail(.cancelled) }
            return result
        }
    }

    /// The end of the response: the request succeeded.
    func receiveEnd() {
        guard !isFinished else { return }
        isFinished = true
        totalTimer?.cancel()
        totalTimer = nil
        onAbort = nil
        connection = nil
        switch mode {
        case .buffered:
            let continuation = bufferedContinuation
            bufferedContinuation = nil
            continuation?.resume(returning: HTTPResponse(status: status, headers: headers, body: body))
        case .streaming(let buffer):
            buffer.finish(error: nil)
        }
    }
}
