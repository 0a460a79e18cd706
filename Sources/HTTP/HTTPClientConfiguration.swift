/// Everything that is the same for every request of one client.
public struct HTTPClientConfiguration: Sendable {
    public var tls: TLSConfiguration
    public var timeouts: HTTPTimeouts
    public var proxy: ProxyConfiguration
    /// Called before each request; its token goes into `Authorization: Bearer …` unless the request
    /// sets `Authorization` itself.
    public var bearerToken: (any BearerTokenProvider)?
    /// The default limit for buffered response bodies.
    public var maxBodySize: Int
    /// The most connections to one host for buffered requests; further requests wait for a free one. Streams (watches)
    /// each hold a connection of their own and are not limited, so they can never starve other requests.
    public var maxConnectionsPerHost: Int
    public var userAgent: String?

    public init(
        tls: TLSConfiguration = TLSConfiguration(),
        timeouts: HTTPTimeouts = HTTPTimeouts(),
        proxy: ProxyConfiguration = .environment,
        bearerToken: (any BearerTokenProvider)? = nil,
        maxBodySize: Int = 64 << 20,
        maxConnectionsPerHost: Int = 64,
        userAgent: String? = nil
    ) {
        self.tls = tls
        self.timeouts = timeouts
        self.proxy = proxy
        self.bearerToken = bearerToken
        self.maxBodySize = maxBodySize
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.userAgent = userAgent
    }
}
