import FoundationEssentials
import Logging

/// An HTTP client over libcurl: one event-loop thread per client drives every transfer, requests are
/// `async`, and connections are reused (HTTP/1.1 keep-alive, HTTP/2 multiplexing where offered).
///
/// Redirects are never followed. Errors are `HTTPClientError`s that never include request headers.
public final class CurlHTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let loop: CurlEventLoop
    private let logger: Logger
    /// The name of this client's event-loop thread (as shown in `/proc/self/task/*/comm`).
    let threadName: String

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), logger: Logger = Logger(label: "runbeam.http")) {
        self.configuration = configuration
        self.logger = logger
        threadName = CurlEventLoop.uniqueThreadName()
        loop = CurlEventLoop(name: threadName, maxConnectionsPerHost: max(1, configuration.maxConnectionsPerHost))
        if configuration.tls.insecureSkipTLSVerify {
            logger.warning("TLS certificate verification is turned off for this client (insecure-skip-tls-verify)")
        }
    }

    deinit {
        loop.stopWhenIdle()
    }

    /// Aborts every transfer (they fail with `shutdown`) and stops the event-loop thread.
    public func shutdown() {
        loop.stop()
    }

    /// Sends a request and buffers the whole response, up to the body size limit.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let limit = request.maxBodySize ?? configuration.maxBodySize
        let transfer = try await prepare(request, mode: .buffered(limit: limit), streaming: false)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.bufferedContinuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Sends a request and returns as soon as the response head arrives; the body streams after it.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let buffer = StreamBuffer()
        let transfer = try await prepare(request, mode: .streaming(buffer), streaming: true)
        buffer.setResumeHandler { [weak transfer, loop] in
            if let transfer { loop.resume(transfer) }
        }
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.headContinuation = continuation
                loop.submit(transfer)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        return HTTPStreamingResponse(
            status: head.status,
            headers: head.headers,
            body: HTTPResponseBody(buffer: buffer, transfer: transfer, loop: loop)
        )
    }

    private func prepare(_ request: HTTPRequest, mode: CurlTransfer.Mode, streaming: Bool) async throws -> CurlTransfer {
        if Task.isCancelled { throw HTTPClientError.cancelled }
        let token = request.headers.contains(name: "Authorization") ? nil : try await configuration.bearerToken?.bearerToken()
        let transfer = try CurlTransfer(mode: mode)
        try CurlRequestOptions(request: request, configuration: configuration, bearerToken: token, streaming: streaming)
            .apply(to: transfer)
        return transfer
    }
}
