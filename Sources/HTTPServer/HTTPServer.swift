import Basics
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
    /// Prepares each accepted connection before the HTTP handlers are added, e.g. a TLS handler in front of them. It
    /// runs on the connection's event loop (so `channel.pipeline.syncOperations` may be used); an error closes the
    /// connection.
    public typealias ConnectionSetup = @Sendable (any Channel) throws -> Void

    private let channel: any Channel
    private let connections: ConnectionRegistry

    /// The port the server listens on (useful after binding port 0).
    public let port: Int
    /// The host the server listens on.
    public let host: String

    private init(channel: any Channel, connections: ConnectionRegistry, host: String) {
        self.channel = channel
        self.connections = connections
        self.host = host
        self.port = channel.localAddress?.port ?? 0
    }

    /// Binds `host:port` (port 0 picks a free one) and serves `handler` until ``shutdown()``; `connectionSetup`
    /// (nil: plain HTTP) prepares every connection first.
    public static func start(
        host: String,
        port: Int,
        maximumBodyBytes: Int = 16 << 20,
        maximumPendingStreamBytes: Int = 8 << 20,
        responseDelay: @escaping @Sendable () -> Duration = { .zero },
        connectionSetup: ConnectionSetup? = nil,
        handler: @escaping Handler
    ) async throws -> HTTPServer {
        // NIO's process-wide group (one loop per core): a process running many servers (the emulators, the
        // probes, a test suite) shares its threads instead of starting two more per server.
        let group = MultiThreadedEventLoopGroup.singleton
        let connections = ConnectionRegistry()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // TCP level: as a socket-level option the same number is SO_DEBUG, which a non-root process may not set,
            // so every connection was closed at once when the probes ran as the image's user 65532.
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                if let connectionSetup {
                    do {
                        try connectionSetup(channel)
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
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
        let channel = try await bootstrap.bind(host: host, port: port).get()
        return HTTPServer(channel: channel, connections: connections, host: host)
    }

    /// Stops listening and closes every open connection (ending their streams).
    public func shutdown() async {
        try? await channel.close().get()
        await connections.closeAll()
    }
}

extension TimeAmount {
    /// The NIO time amount of a Swift duration.
    init(_ duration: Duration) {
        self = .nanoseconds(duration.inNanoseconds)
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
