import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server (the emulators, the operator's probes and metrics): keep-alive, pipelining-safe, complete or streamed
/// responses, one async handler for every request.
public final class HTTPServer: Sendable {
    /// Answers one request. It runs on the connection's event loop (never on Swift's cooperative
    /// pool, so a busy or blocked pool cannot stall the server): keep it short and non-blocking.
    public typealias Handler = @Sendable (ServerRequest) -> ServerResponse

    private let channel: any Channel
    private let group: any EventLoopGroup
    private let ownsGroup: Bool
    private let connections: ConnectionRegistry

    /// The port the server listens on (useful after binding port 0).
    public let port: Int
    /// The host the server listens on.
    public let host: String

    private init(channel: any Channel, group: any EventLoopGroup, ownsGroup: Bool, connections: ConnectionRegistry, host: String) {
        self.channel = channel
        self.group = group
        self.ownsGroup = ownsGroup
        self.connections = connections
        self.host = host
        self.port = channel.localAddress?.port ?? 0
    }

    /// Binds `host:port` (port 0 picks a free one) and serves `handler` until ``shutdown()``.
    public static func start(
        host: String,
        port: Int,
        maximumBodyBytes: Int = 16 << 20,
        maximumPendingStreamBytes: Int = 8 << 20,
        responseDelay: @escaping @Sendable () -> Duration = { .zero },
        handler: @escaping Handler
    ) async throws -> HTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let connections = ConnectionRegistry()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPServerHandler(
                            handler: handler,
                            responseDelay: responseDelay,
                            maximumBodyBytes: maximumBodyBytes,
                            maximumPendingStreamBytes: maximumPendingStreamBytes
                        )
                    )
                }
            }
        do {
            let channel = try await bootstrap.bind(host: host, port: port).get()
            return HTTPServer(channel: channel, group: group, ownsGroup: true, connections: connections, host: host)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Stops listening, closes every open connection (ending their streams) and frees the threads.
    public func shutdown() async {
        try? await channel.close().get()
        await connections.closeAll()
        if ownsGroup { try? await group.shutdownGracefully() }
    }
}

extension TimeAmount {
    /// The NIO time amount of a Swift duration.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The open connections of a server, so that shutdown can close them all.
final class ConnectionRegistry: Sendable {
    private let channels = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLockedValue { $0[key] = channel }
        channel.closeFuture.whenComplete { _ in
            self.channels.withLockedValue { _ = $0.removeValue(forKey: key) }
        }
    }

    func closeAll() async {
        let open = channels.withLockedValue { Array($0.values) }
        for channel in open { try? await channel.close().get() }
    }
}
