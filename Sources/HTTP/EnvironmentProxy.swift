/// Which proxy the environment asks for, read as curl reads it.
///
/// `https_proxy` or `HTTPS_PROXY` for https URLs, `http_proxy` (lower case only, as the upper-case
/// name can be set by CGI request headers) for http URLs, `all_proxy` or `ALL_PROXY` for either when
/// the scheme's own variable is unset. `no_proxy` (or `NO_PROXY`) lists hosts reached directly:
/// comma- or space-separated names, each matching the host and its subdomains (a leading dot is
/// ignored), IP addresses matched exactly or by network (`10.0.0.0/8`), `*` for every host; a port
/// on an entry is ignored.
enum EnvironmentProxy {
    /// The proxy URL for `target`, or nil for a direct connection.
    static func proxyURL(for target: RequestTarget, environment: [String: String]) -> String? {
        func value(_ names: String...) -> String? {
            for name in names {
                if let value = environment[name], !value.isEmpty { return value }
            }
            return nil
        }
        if let noProxy = value("no_proxy", "NO_PROXY"), excludes(host: target.host, noProxy: noProxy) {
            return nil
        }
        let schemeProxy = target.isTLS ? value("https_proxy", "HTTPS_PROXY") : value("http_proxy")
        return schemeProxy ?? value("all_proxy", "ALL_PROXY")
    }

    /// Whether a `no_proxy` list names `host`.
    static func excludes(host: String, noProxy: String) -> Bool {
        let host = normalized(host)
        let entries = noProxy.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
        for rawEntry in entries {
            var entry = withoutPort(String(rawEntry))
            if entry == "*" { return true }
            while entry.hasPrefix(".") { entry.removeFirst() }
            entry = normalized(entry)
            guard !entry.isEmpty else { continue }
            if host == entry { return true }
            if entry.contains("/") {
                if RequestTarget.isIPAddress(host) && IPAddressBytes.address(host, isIn: entry) { return true }
                continue
            }
            if !RequestTarget.isIPAddress(host) && host.hasSuffix(".\(entry)") { return true }
        }
        return false
    }

    private static func normalized(_ host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// Drops `:port` from `name:port` and `[v6]:port`; a bare IPv6 address keeps its colons.
    private static func withoutPort(_ entry: String) -> String {
        if entry.hasPrefix("["), let close = entry.firstIndex(of: "]") {
            return String(entry[...close])
        }
        let colons = entry.filter { $0 == ":" }.count
        if colons == 1, let colon = entry.firstIndex(of: ":") {
            return String(entry[..<colon])
        }
        return entry
    }
}
