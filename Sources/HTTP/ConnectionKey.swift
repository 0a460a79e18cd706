/// What makes two requests able to share a connection: the same origin, the same proxy and the
/// same client identity (a connection made with one certificate never serves another).
struct ConnectionKey: Hashable, Sendable {
    var isTLS: Bool
    var host: String
    var port: Int
    var proxy: ProxyEndpoint?
    /// The request's own identity; nil means the configuration's.
    var identity: ClientIdentity?

    init(target: RequestTarget, proxy: ProxyEndpoint?, identity: ClientIdentity?) {
        isTLS = target.isTLS
        host = target.host
        port = target.port
        self.proxy = proxy
        self.identity = identity
    }

    /// The host the per-host connection limit counts against.
    var origin: Origin { Origin(isTLS: isTLS, host: host, port: port) }

    /// A scheme, host and port.
    struct Origin: Hashable, Sendable {
        var isTLS: Bool
        var host: String
        var port: Int
    }
}
