import FoundationEssentials

/// The URL curl is given, and how to reach the real server when the TLS server name is overridden.
///
/// curl verifies the certificate against the URL's host, so a `serverName` override rewrites the
/// host to that name and adds a `CONNECT_TO` rule that sends the connection to the original address.
struct ResolvedTarget {
    var url: String
    var connectTo: String?

    init(url: String, serverName: String?) throws {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else {
            throw HTTPClientError.invalidURL("not an absolute http(s) URL")
        }
        guard let serverName, !serverName.isEmpty, scheme == "https" else {
            self.url = url
            return
        }
        let port = components.port ?? 443
        var rewritten = components
        rewritten.host = serverName
        guard let rewrittenURL = rewritten.string else {
            throw HTTPClientError.invalidURL("server name \(serverName) cannot be used as a host name")
        }
        let originalHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        self.url = rewrittenURL
        self.connectTo = "\(serverName):\(port):\(originalHost):\(port)"
    }
}
