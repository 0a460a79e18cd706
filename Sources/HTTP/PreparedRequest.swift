import FoundationEssentials
import NIOCore
import NIOHTTP1

/// A request checked and turned into what goes on the wire: the connection it needs, the request
/// head (with the headers the client adds) and the body, plus its timeouts.
struct PreparedRequest: Sendable {
    var key: ConnectionKey
    var head: HTTPRequestHead
    var body: ByteBuffer?
    /// Safe to send twice (the retry after a reused connection turns out closed).
    var isIdempotent: Bool
    /// The whole-request timeout (nil: none).
    var totalTimeout: Duration?
    /// The longest silence allowed while the response arrives (nil: none).
    var idleTimeout: Duration?

    init(
        request: HTTPRequest, configuration: HTTPClientConfiguration, bearerToken: String?, environment: [String: String],
        streaming: Bool
    ) throws(HTTPClientError) {
        let target = try RequestTarget(url: request.url)
        let proxy = try Self.proxy(for: target, configuration.proxy, environment: environment)
        key = ConnectionKey(target: target, proxy: proxy, identity: request.clientIdentity)
        totalTimeout = request.timeout ?? (streaming ? nil : configuration.timeouts.request)
        idleTimeout = request.idleTimeout ?? (streaming ? configuration.timeouts.idle : nil)
        isIdempotent = [.get, .head, .put, .delete, HTTPMethod(rawValue: "OPTIONS"), HTTPMethod(rawValue: "TRACE")]
            .contains(request.method)

        var headers = NIOHTTP1.HTTPHeaders()
        for field in request.headers {
            guard HeaderText.isValidName(field.name) else { throw .invalidHeader(name: "(invalid name)") }
            guard HeaderText.isValidValue(field.value) else { throw .invalidHeader(name: field.name) }
            headers.add(name: field.name, value: field.value)
        }
        if !headers.contains(name: "Host") { headers.add(name: "Host", value: target.hostHeader) }
        if !headers.contains(name: "User-Agent"), let userAgent = configuration.userAgent {
            guard HeaderText.isValidValue(userAgent) else { throw .invalidHeader(name: "User-Agent") }
            headers.add(name: "User-Agent", value: userAgent)
        }
        if !headers.contains(name: "Accept") { headers.add(name: "Accept", value: "*/*") }
        if !headers.contains(name: "Authorization"), let bearerToken {
            guard HeaderText.isValidValue(bearerToken) else { throw .invalidHeader(name: "Authorization") }
            headers.add(name: "Authorization", value: "Bearer \(bearerToken)")
        }
        // Plain http through a proxy goes to the proxy itself, in absolute form; https tunnels through CONNECT.
        let viaProxy = proxy != nil && !target.isTLS
        if viaProxy, !headers.contains(name: "Proxy-Authorization"), let authorization = proxy?.authorization {
            headers.add(name: "Proxy-Authorization", value: authorization)
        }
        let hasBody = request.body != nil || [.post, .put, .patch].contains(request.method)
        if hasBody {
            headers.remove(name: "Content-Length")
            headers.add(name: "Content-Length", value: String(request.body?.count ?? 0))
        }
        body = request.body.flatMap { $0.isEmpty ? nil : ByteBuffer(bytes: $0) }
        head = HTTPRequestHead(
            version: .http1_1, method: NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue),
            uri: viaProxy ? target.absoluteForm : target.pathAndQuery, headers: headers
        )
    }

    private static func proxy(
        for target: RequestTarget, _ configuration: ProxyConfiguration, environment: [String: String]
    ) throws(HTTPClientError) -> ProxyEndpoint? {
        switch configuration {
        case .none: return nil
        case .url(let url): return url.isEmpty ? nil : try ProxyEndpoint(url: url)
        case .environment: return try EnvironmentProxy.proxyURL(for: target, environment: environment).map(ProxyEndpoint.init)
        }
    }
}

/// What may be sent in a header: no control characters that would split or corrupt it.
enum HeaderText {
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }
    }

    static func isValidValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 9 || ($0 >= 32 && $0 != 127) }
    }
}
