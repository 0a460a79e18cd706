import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A server that answers the first request of each connection (keeping it alive) and closes the
/// connection when a second request arrives on it, without a byte of answer: what a client sees
/// when the server drops an idle connection just as the client reuses it.
final class IdleClosingServer: Sendable {
    let state = TestServerState()
    let port: Int
    private let channel: any Channel

    init() async throws {
        let state = state
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        port = channel.localAddress?.port ?? 0
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let state: TestServerState
        private var requests = 0

        init(state: TestServerState) { self.state = state }

        func channelActive(context: ChannelHandlerContext) {
            state.connectionOpened()
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else {
                if case .end = unwrapInboundIn(data), requests == 1 { answer(context) }
                return
            }
            requests += 1
            state.record(.init(method: head.method.rawValue, uri: head.uri, headers: [:]))
            if requests > 1 { context.close(promise: nil) }
        }

        private func answer(_ context: ChannelHandlerContext) {
            let headers = HTTPHeaders([("Content-Length", "5")])
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "first")))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
