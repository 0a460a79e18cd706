import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server on 127.0.0.1 with routes that exercise the client (see `TestHTTPHandler`).
final class TestHTTPServer: Sendable {
    let state: TestServerState
    let port: Int
    private let channel: any Channel

    private init(channel: any Channel, state: TestServerState) {
        self.channel = channel
        self.state = state
        self.port = channel.localAddress?.port ?? 0
    }

    static func start() async throws -> TestHTTPServer {
        let state = TestServerState()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(TestHTTPHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return TestHTTPServer(channel: channel, state: state)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() async {
        try? await channel.close()
    }
}
