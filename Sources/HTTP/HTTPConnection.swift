import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP/1.1 connection, as the last handler of its channel: it runs one ``RequestExecution`` at
/// a time and reports to its ``ConnectionPool`` when the exchange ends or the connection breaks.
///
/// It holds back the channel's reads while a streamed body's consumer lags (backpressure) and
/// watches for silence longer than the request's idle timeout. Event-loop only.
final class HTTPConnection: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    let key: ConnectionKey
    let channel: any Channel
    private let pool: ConnectionPool
    private var context: ChannelHandlerContext?
    private(set) var execution: RequestExecution?
    /// Exchanges completed on this connection; a later one runs on a reused connection.
    private var exchanges = 0
    /// Whether the pool has let this connection go (it is closing or closed).
    var isRetired = false
    private(set) var isOpen = false
    private var responseStarted = false
    private var requestSent = false
    private var keepAlive = true
    private var readPaused = false
    private var readPending = false
    private var idleTimer: Scheduled<Void>?
    private var lastActivity = NIODeadline.now()
    /// When the last exchange ended: a connection idle for longer than ``maxIdleAge`` is not reused.
    private var idleSince = NIODeadline.now()
    /// curl's default for the same rule: servers and middleboxes drop quiet connections after a while.
    static let maxIdleAge = TimeAmount.seconds(118)

    init(key: ConnectionKey, channel: any Channel, pool: ConnectionPool) {
        self.key = key
        self.channel = channel
        self.pool = pool
    }

    /// True when it may take a request.
    var isUsable: Bool { isOpen && !isRetired && execution == nil && channel.isActive }

    /// True when it has been idle too long to be trusted with a request.
    var isStale: Bool { NIODeadline.now() - idleSince > Self.maxIdleAge }

    // MARK: Driven by the pool

    /// Sends the execution's request and delivers the response to it.
    func run(_ execution: RequestExecution) {
        guard let context, isOpen else {
            self.execution = execution
            connectionEnded(error: nil)
            return
        }
        self.execution = execution
        responseStarted = false
        requestSent = false
        keepAlive = true
        execution.connection = self
        execution.onAbort = { [self] in abortExchange() }
        let headWritten = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(.head(execution.request.head)), promise: headWritten)
        if let body = execution.request.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        headWritten.futureResult.whenComplete { [self] result in
            guard self.execution === execution else { return }
            switch result {
            case .success: requestSent = true
            case .failure(let error): connectionEnded(error: error)
            }
        }
        lastActivity = .now()
        armIdleTimer()
    }

    /// Fails the running request with `shutdown` and lets the pool close the connection.
    func shutdown() {
        let execution = detach()
        execution?.fail(.shutdown)
        pool.retire(self)
    }

    /// Closes the channel (the pool calls this once it has retired the connection).
    func close() {
        channel.close(promise: nil)
    }

    /// The consumer of a streamed body caught up: read from the socket again.
    func resumeReading() {
        guard readPaused else { return }
        readPaused = false
        lastActivity = .now()
        armIdleTimer()
        if readPending {
            readPending = false
            context?.read()
        }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        isOpen = context.channel.isActive
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        isOpen = false
        connectionEnded(error: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let tlsError = error as? NIOSSLError, case .uncleanShutdown = tlsError, responseStarted {
            // A body delimited by the connection's end, over TLS without close_notify: the end follows.
            return
        }
        connectionEnded(error: error)
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let execution else {
            // Bytes nobody asked for: the connection cannot be trusted with another request.
            pool.retire(self)
            return
        }
        lastActivity = .now()
        switch unwrapInboundIn(data) {
        case .head(let head):
            responseStarted = true
            keepAlive = head.isKeepAlive
            let headers = HTTPHeaders(head.headers.map { ($0.name, $0.value) })
            _ = execution.receiveHead(status: Int(head.status.code), headers: headers)
        case .body(let buffer):
            if case .pause = execution.receiveBody(buffer) {
                readPaused = true
            }
        case .end:
            _ = detach()
            exchanges += 1
            idleSince = .now()
            // A read still held back for the consumer is passed on, so an idle connection sees the server close it.
            readPaused = false
            if readPending {
                readPending = false
                context.read()
            }
            execution.receiveEnd()
            pool.exchangeFinished(self, reusable: keepAlive && isOpen)
        }
    }

    func read(context: ChannelHandlerContext) {
        if readPaused {
            readPending = true
        } else {
            context.read()
        }
    }

    // MARK: Endings

    /// The execution failed from outside (cancelled, timed out, body too large): the rest of its
    /// response is unwanted, so the connection goes.
    private func abortExchange() {
        _ = detach()
        pool.retire(self)
    }

    /// The connection broke or closed. A request that got no byte of answer on a reused connection
    /// (the server closed it while idle) is sent once more on a new connection, when that is safe.
    private func connectionEnded(error: (any Error)?) {
        let execution = detach()
        pool.retire(self)
        guard let execution else { return }
        let safe = execution.request.isIdempotent || !requestSent
        if exchanges > 0 && !responseStarted && !execution.retried && safe {
            execution.retried = true
            execution.requiresNewConnection = true
            pool.submit(execution)
            return
        }
        if let error {
            execution.fail(NIOErrorMapping.error(for: error, connectTimeout: pool.connectTimeout))
        } else if responseStarted {
            execution.fail(.transport(code: 0, message: "the server closed the connection before the response ended"))
        } else {
            execution.fail(.transport(code: 0, message: "the server closed the connection without answering"))
        }
    }

    /// Takes the running execution off the connection.
    private func detach() -> RequestExecution? {
        let execution = self.execution
        self.execution = nil
        execution?.onAbort = nil
        execution?.connection = nil
        idleTimer?.cancel()
        idleTimer = nil
        return execution
    }

    // MARK: Idle timeout

    /// Fails the execution when nothing arrives for its idle timeout (not counted while paused).
    private func armIdleTimer() {
        guard idleTimer == nil, let idle = execution?.request.idleTimeout, !readPaused else { return }
        let limit = TimeAmount(idle)
        idleTimer = channel.eventLoop.scheduleTask(deadline: lastActivity + limit) { [self] in
            idleTimer = nil
            guard let execution, !readPaused else { return }
            if NIODeadline.now() - lastActivity >= limit {
                execution.fail(.timeout(.idle, message: "no data from the server for \(idle)"))
            } else {
                armIdleTimer()
            }
        }
    }
}
