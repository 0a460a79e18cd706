import NIOCore

/// Opens a tunnel through an HTTP proxy: sends `CONNECT host:port`, waits for a 2xx answer, then
/// removes itself so TLS to the target runs over the connection.
final class ProxyTunnelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let authority: String
    private let authorization: String?
    private let promise: EventLoopPromise<Void>
    private var received = ByteBuffer()
    private var done = false
    /// A proxy's answer head larger than this is refused.
    private static let maxHeadSize = 16 << 10

    init(authority: String, authorization: String?, promise: EventLoopPromise<Void>) {
        self.authority = authority
        self.authorization = authorization
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        var request = "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n"
        if let authorization { request += "Proxy-Authorization: \(authorization)\r\n" }
        request += "\r\n"
        context.writeAndFlush(NIOAny(ByteBuffer(string: request)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
        let bytes = received.readableBytesView
        guard let end = bytes.firstRange(of: [13, 10, 13, 10]) else {
            if bytes.count > Self.maxHeadSize {
                finish(context, .failure(HTTPClientError.transport(code: 0, message: "the proxy's answer to CONNECT is too large")))
            }
            return
        }
        let head = String(decoding: bytes[bytes.startIndex..<end.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        let status = parts.count > 1 && parts[0].hasPrefix("HTTP/") ? Int(parts[1]) ?? 0 : 0
        guard (200..<300).contains(status) else {
            let advice = status == 407 ? "check the proxy's user and password" : "check the proxy and that it allows the target"
            finish(context, .failure(HTTPClientError.transport(code: 0, message: "the proxy refused the tunnel to \(authority) with status \(status); \(advice)")))
            return
        }
        finish(context, .success(()))
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context, .failure(HTTPClientError.transport(code: 0, message: "the proxy closed the connection before the tunnel was open")))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(context, .failure(error))
        context.close(promise: nil)
    }

    private func finish(_ context: ChannelHandlerContext, _ result: Result<Void, any Error>) {
        guard !done else { return }
        done = true
        switch result {
        case .success:
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            promise.succeed(())
        case .failure(let error):
            promise.fail(error)
            context.close(promise: nil)
        }
    }
}
