import FoundationEssentials

/// An HTTP proxy: where to connect and the credentials for `Proxy-Authorization: Basic`.
///
/// The credentials are part of the connection's identity (two proxies with different users never
/// share a connection) and never appear in an error or a log line.
struct ProxyEndpoint: Hashable, Sendable {
    var host: String
    var port: Int
    /// `user:password`, percent-decoded, when the proxy URL carries userinfo.
    var credentials: String?

    /// Parses a proxy URL the way curl does: the scheme defaults to `http`, the port to 1080.
    init(url: String) throws(HTTPClientError) {
        let text = url.contains("://") ? url : "http://\(url)"
        guard let components = URLComponents(string: text), var host = components.host, !host.isEmpty else {
            throw .invalidURL("the proxy URL is not a URL; use http://host:port")
        }
        let scheme = components.scheme?.lowercased() ?? "http"
        guard scheme == "http" else {
            throw .invalidURL("proxy scheme \(scheme) is not supported; use an http:// proxy")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        port = components.port ?? 1080
        if let user = components.user {
            credentials = "\(user):\(components.password ?? "")"
        }
    }

    /// The `Proxy-Authorization` value, when the proxy URL has credentials.
    var authorization: String? {
        credentials.map { "Basic \(Data($0.utf8).base64EncodedString())" }
    }
}
