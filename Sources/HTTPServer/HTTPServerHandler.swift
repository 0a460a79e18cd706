import NIOCore
import NIOHTTP1

/// The channel handler behind ``HTTPServer``: gathers a request, runs the handler in a
/// task and writes its response back on the event loop.
final class HTTPServerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: HTTPServer.Handler
    private let responseDelay: @Sendable () -> Duration
    private let maximumBodyBytes: Int
    private let maximumPendingStreamBytes: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false
    private var activeStream: StreamingResponseWriter?

    init(handler: @escaping HTTPServer.Handler, responseDelay: @escaping @Sendable () -> Duration, maximumBodyBytes: Int, maximumPendingStreamBytes: Int) {
        self.handler = handler
        self.responseDelay = responseDelay
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumPendingStreamBytes = maximumPendingStreamBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            tooLarge = false
        case .body(var buffer):
            if body.count + buffer.readableBytes > maximumBodyBytes {
                tooLarge = true
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body.append(contentsOf: bytes)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            respond(to: requestHead, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        activeStream?.connectionClosed()
        activeStream = nil
        context.fireChannelInactive()
    }

    private func respond(to requestHead: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = requestHead.isKeepAlive
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        if tooLarge {
            let body = Array("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"request body too large\",\"reason\":\"RequestEntityTooLarge\",\"code\":413}".utf8)
            write(.json(.payloadTooLarge, body), version: requestHead.version, keepAlive: keepAlive, context: context)
            return
        }
        let request = ServerRequest(method: requestHead.method.rawValue, uri: requestHead.uri, headers: requestHead.headers, body: body)
        body = []
        let response = handler(request)
        let delay = responseDelay()
        if delay > .zero {
            context.eventLoop.scheduleTask(in: TimeAmount(delay)) {
                let (this, context) = loopBound.value
                this.write(response, version: requestHead.version, keepAlive: keepAlive, context: context)
            }
        } else {
            write(response, version: requestHead.version, keepAlive: keepAlive, context: context)
        }
    }

    private func write(_ response: ServerResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        switch response {
        case .full(let status, var headers, let bytes):
            headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        case .stream(let status, var headers, let start):
            headers.remove(name: "Content-Length")
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
            let writer = StreamingResponseWriter(channel: context.channel, maximumPendingBytes: maximumPendingStreamBytes)
            activeStream = writer
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            writer.onClose {
                eventLoop.execute {
                    let this = loopBound.value
                    if this.activeStream === writer { this.activeStream = nil }
                }
            }
            start(writer)
        }
    }
}
