import FoundationEssentials

/// Where a request goes, taken apart from its absolute URL: scheme, host, port and the origin-form target.
struct RequestTarget: Hashable, Sendable {
    /// True for `https`.
    var isTLS: Bool
    /// The host without IPv6 brackets, as it is resolved and connected to.
    var host: String
    var port: Int
    /// The path and query, as sent in the request line (`/` when the URL has no path).
    var pathAndQuery: String

    init(url: String) throws(HTTPClientError) {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host, !host.isEmpty
        else {
            throw .invalidURL("not an absolute http(s) URL")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        isTLS = scheme == "https"
        self.host = host
        port = components.port ?? (isTLS ? 443 : 80)
        guard (1...65_535).contains(port) else { throw .invalidURL("port \(port) is out of range") }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        pathAndQuery = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }

    var scheme: String { isTLS ? "https" : "http" }

    /// The host as written in a URL or `Host` header (IPv6 addresses in brackets).
    var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// `host:port` for a CONNECT request.
    var authority: String { "\(hostForURL):\(port)" }

    /// The `Host` header value: the port only when it is not the scheme's default.
    var hostHeader: String { port == (isTLS ? 443 : 80) ? hostForURL : authority }

    /// The absolute form of the target, sent to a proxy for plain http.
    var absoluteForm: String { "\(scheme)://\(hostHeader)\(pathAndQuery)" }

    /// Whether the host is an IPv4 or IPv6 literal (which cannot be sent as a TLS server name).
    var hostIsIPAddress: Bool { Self.isIPAddress(host) }

    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
        }
    }
}
