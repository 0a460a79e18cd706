import Basics
import FoundationEssentials
import Logging
import NIOCore

/// An HTTP/1.1 client on SwiftNIO: requests are `async`, connections are kept alive and reused (at
/// most `maxConnectionsPerHost` per host besides those carrying streams; further requests wait), TLS is BoringSSL
/// (NIOSSL).
///
/// Every client of the process shares one event-loop thread (``SharedEventLoop``); a client starts
/// no thread of its own. Redirects are never followed. Errors are ``HTTPClientError``s, which never
/// include request headers or bodies.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let pool: ConnectionPool
    private let factory: ConnectionFactory
    /// The process environment, read once, for ``ProxyConfiguration/environment``.
    private let environment: [String: String]
    private let isShutDown = Locked(false)

    /// The name of the event-loop thread (shared by every client; as shown in `/proc/self/task/*/comm`).
    var threadName: String { SharedEventLoop.threadName }

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), logger: Logger = Logger(label: "runbeam.http")) {
        self.configuration = configuration
        environment = configuration.proxy == .environment ? ProcessInfo.processInfo.environment : [:]
        let loop = SharedEventLoop.loop
        let factory = ConnectionFactory(
            loop: loop, tlsContexts: TLSContextCache(configuration: configuration.tls), serverName: configuration.tls.serverName,
            connectTimeout: configuration.timeouts.connect
        )
        self.factory = factory
        pool = ConnectionPool(
            loop: loop, factory: factory, limit: configuration.maxConnectionsPerHost, connectTimeout: configuration.timeouts.connect
        )
        if configuration.tls.insecureSkipTLSVerify {
            logger.warning("TLS certificate verification is turned off for this client (insecure-skip-tls-verify)")
        }
    }

    deinit {
        let pool = pool
        pool.loop.execute { pool.closeWhenIdle() }
    }

    /// Fails every open and waiting request of this client with `shutdown` and closes its
    /// connections; later requests fail at once. The shared event loop keeps running.
    public func shutdown() {
        isShutDown.withLock { $0 = true }
        let pool = pool
        pool.loop.execute { pool.shutdown() }
    }

    /// Sends a request and buffers the whole response, up to the body size limit.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let limit = request.maxBodySize ?? configuration.maxBodySize
        let prepared = try await prepare(request, streaming: false)
        let execution = RequestExecution(request: prepared, mode: .buffered(limit: limit), loop: pool.loop)
        let pool = pool
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                pool.loop.execute {
                    if execution.attach(continuation) { pool.submit(execution) }
                }
            }
        } onCancel: {
            execution.cancel()
        }
    }

    /// Sends a request and returns as soon as the response head arrives; the body streams after it.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let prepared = try await prepare(request, streaming: true)
        let buffer = StreamBuffer()
        let execution = RequestExecution(request: prepared, mode: .streaming(buffer), loop: pool.loop)
        buffer.setResumeHandler { [weak execution] in execution?.resumeReading() }
        let pool = pool
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RequestExecution.Head, any Error>) in
                pool.loop.execute {
                    if execution.attach(continuation) { pool.submit(execution) }
                }
            }
        } onCancel: {
            execution.cancel()
        }
        return HTTPStreamingResponse(status: head.status, headers: head.headers, body: HTTPResponseBody(buffer: buffer, execution: execution))
    }

    /// Checks the request, fetches the bearer token and makes the TLS context the connection will need.
    private func prepare(_ request: HTTPRequest, streaming: Bool) async throws -> PreparedRequest {
        if Task.isCancelled { throw HTTPClientError.cancelled }
        if isShutDown.withLock({ $0 }) { throw HTTPClientError.shutdown }
        let token = request.headers.contains(name: "Authorization") ? nil : try await configuration.bearerToken?.bearerToken()
        let prepared = try PreparedRequest(
            request: request, configuration: configuration, bearerToken: token, environment: environment, streaming: streaming
        )
        // Loads the certificates here, on the caller's task, rather than on the event loop.
        if prepared.key.isTLS { _ = try factory.tlsContext(for: prepared.key) }
        return prepared
    }
}
