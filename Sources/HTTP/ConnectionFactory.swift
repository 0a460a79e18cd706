import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Opens connections: TCP to the server or the proxy, a CONNECT tunnel for https through a proxy,
/// the TLS handshake, then the HTTP/1.1 codec and an ``HTTPConnection``. All of it must finish
/// within the connect timeout.
struct ConnectionFactory: Sendable {
    let loop: any EventLoop
    let tlsContexts: TLSContextCache
    /// Overrides the name sent as SNI and verified in the server's certificate.
    let serverName: String?
    let connectTimeout: Duration

    func connect(_ key: ConnectionKey, pool: ConnectionPool) -> EventLoopFuture<HTTPConnection> {
        let attempt = ConnectAttempt(promise: loop.makePromise(of: HTTPConnection.self))
        let timeout = connectTimeout
        attempt.timer = loop.scheduleTask(in: TimeAmount(timeout)) {
            attempt.complete(.failure(HTTPClientError.timeout(.connect, message: "no connection within \(timeout)")))
        }
        let address = key.proxy.map { ($0.host, $0.port) } ?? (key.host, key.port)
        ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connect(host: address.0, port: address.1)
            .flatMap { channel in
                attempt.channel = channel
                return setUp(channel, key: key, pool: pool)
            }
            .whenComplete { attempt.complete($0) }
        return attempt.promise.futureResult
    }

    private func setUp(_ channel: any Channel, key: ConnectionKey, pool: ConnectionPool) -> EventLoopFuture<HTTPConnection> {
        let pipeline = channel.pipeline.syncOperations
        var ready = loop.makeSucceededVoidFuture()
        if let proxy = key.proxy, key.isTLS {
            let tunnelOpen = loop.makePromise(of: Void.self)
            let authority = key.host.contains(":") ? "[\(key.host)]:\(key.port)" : "\(key.host):\(key.port)"
            do {
                try pipeline.addHandler(ProxyTunnelHandler(authority: authority, authorization: proxy.authorization, promise: tunnelOpen))
            } catch {
                return loop.makeFailedFuture(error)
            }
            ready = tunnelOpen.futureResult
        }
        if key.isTLS {
            ready = ready.flatMap { startTLS(channel, key: key) }
        }
        return ready.flatMapThrowing {
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            let connection = HTTPConnection(key: key, channel: channel, pool: pool)
            try channel.pipeline.syncOperations.addHandler(connection)
            return connection
        }
    }

    /// The TLS context and names for a connection; the first call per identity loads the certificates.
    func tlsContext(for key: ConnectionKey) throws(HTTPClientError) -> (NIOSSLContext, TLSNames) {
        // An IP address cannot be sent as SNI; NIOSSL then checks the certificate against the peer's
        // address, which through a tunnel is the proxy's: there the address is checked after the handshake.
        let name = serverName.flatMap { $0.isEmpty ? nil : $0 } ?? (RequestTarget.isIPAddress(key.host) ? nil : key.host)
        let expectedAddress = name == nil && key.proxy != nil && tlsContexts.verifiesCertificates ? key.host : nil
        let context = try tlsContexts.context(for: key.identity, checksNames: expectedAddress == nil)
        return (context, TLSNames(serverName: name, expectedAddress: expectedAddress))
    }

    /// The name sent as SNI and verified by NIOSSL, or the IP address verified by ``TLSHandshakeHandler``.
    struct TLSNames {
        var serverName: String?
        var expectedAddress: String?
    }

    private func startTLS(_ channel: any Channel, key: ConnectionKey) -> EventLoopFuture<Void> {
        let handshake = loop.makePromise(of: Void.self)
        do {
            let (context, settings) = try tlsContext(for: key)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: settings.serverName))
            try pipeline.addHandler(TLSHandshakeHandler(expectedAddress: settings.expectedAddress, promise: handshake))
        } catch {
            handshake.fail(error)
        }
        return handshake.futureResult
    }
}

/// One connection attempt racing its deadline: whichever ends first completes the promise, and a
/// channel left behind by the loser is closed. Event-loop only.
private final class ConnectAttempt: @unchecked Sendable {
    let promise: EventLoopPromise<HTTPConnection>
    var timer: Scheduled<Void>?
    var channel: (any Channel)?
    private var done = false

    init(promise: EventLoopPromise<HTTPConnection>) {
        self.promise = promise
    }

    func complete(_ result: Result<HTTPConnection, any Error>) {
        guard !done else {
            if case .success(let connection) = result { connection.close() }
            return
        }
        done = true
        timer?.cancel()
        switch result {
        case .success(let connection):
            promise.succeed(connection)
        case .failure(let error):
            channel?.close(promise: nil)
            promise.fail(error)
        }
    }
}
