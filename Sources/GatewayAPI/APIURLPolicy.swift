import FoundationEssentials
import Basics

/// Which Runbeam API URLs a Gateway may use: `https`, or `http` to a loopback host (emulators, sandbox) or under an
/// allowed prefix; when the operator lists allowed prefixes, nothing else but the default URL.
public struct APIURLPolicy: Sendable, Hashable {
    /// The operator's default API URL (always allowed).
    public var defaultAPIURL: String
    /// Allowed prefixes; empty allows every `https` URL.
    public var allowedPrefixes: [String]

    public init(defaultAPIURL: String, allowedPrefixes: [String]) {
        self.defaultAPIURL = defaultAPIURL
        self.allowedPrefixes = allowedPrefixes
    }

    /// Why `url` is refused, or nil when it is allowed.
    public func problem(with url: String) -> String? {
        if let problem = Self.syntaxProblem(url) { return problem }
        let underAllowedPrefix = allowedPrefixes.contains { Self.url(url, isUnder: $0) }
        if !allowedPrefixes.isEmpty, !underAllowedPrefix, !Self.url(url, isUnder: defaultAPIURL) {
            return "\(url) is not under an allowed API URL (operator configuration allowedAPIURLs: \(allowedPrefixes.joined(separator: ", ")))"
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            return "\(url) is not an absolute URL"
        }
        if scheme == "https" || underAllowedPrefix { return nil }
        if Self.isLoopback(components.host ?? "") { return nil }
        return "\(url) uses http; only https is allowed, except for loopback hosts and the operator's allowedAPIURLs"
    }

    /// Why `url` is not a usable absolute http(s) URL, or nil.
    public static func syntaxProblem(_ url: String) -> String? {
        guard url.utf8.count <= GatewayConstraints.apiURLMaxLength else {
            return "the URL is longer than \(GatewayConstraints.apiURLMaxLength) bytes"
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http"
        else {
            return "\(url) is not an http(s) URL such as https://api.runbeam.cloud/api"
        }
        guard let host = components.host, !host.isEmpty else { return "\(url) has no host" }
        if components.user != nil || components.password != nil { return "\(url) must not carry user information" }
        if components.query != nil || components.fragment != nil { return "\(url) must not have a query or fragment" }
        return nil
    }

    /// Whether `url` equals `prefix` or continues it at a path boundary (so `https://a.example` does not admit
    /// `https://a.example.evil`).
    static func url(_ url: String, isUnder prefix: String) -> Bool {
        guard url.hasPrefix(prefix) else { return false }
        if url.count == prefix.count || prefix.hasSuffix("/") { return true }
        return url[url.index(url.startIndex, offsetBy: prefix.count)] == "/"
    }

    /// Whether `host` is `localhost`, in 127.0.0.0/8 or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimming(["[", "]"])
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
