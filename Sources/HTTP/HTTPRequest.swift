import FoundationEssentials

/// One HTTP request: method, absolute URL, headers, optional body and per-request limits.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// An absolute `http://` or `https://` URL.
    public var url: String
    public var headers: HTTPHeaders
    public var body: Data?
    /// The whole-request timeout; `nil` takes the client's default (buffered requests) or none (streams).
    public var timeout: Duration?
    /// For streamed responses: abort when fewer than one byte arrives for this long; `nil` takes the client's default.
    public var idleTimeout: Duration?
    /// The largest buffered body accepted; `nil` takes the client's default.
    public var maxBodySize: Int?
    /// A client certificate for this request, in place of the configuration's (a connection made
    /// with another certificate is never reused for it).
    public var clientIdentity: ClientIdentity?

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: Data? = nil,
        timeout: Duration? = nil,
        idleTimeout: Duration? = nil,
        maxBodySize: Int? = nil,
        clientIdentity: ClientIdentity? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.idleTimeout = idleTimeout
        self.maxBodySize = maxBodySize
        self.clientIdentity = clientIdentity
    }
}
