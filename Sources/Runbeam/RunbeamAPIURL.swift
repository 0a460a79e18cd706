import FoundationEssentials
import Basics

/// A validated Runbeam Cloud API base URL, such as `https://api.runbeam.cloud/api`.
///
/// `https` is required, except for loopback hosts (127.0.0.0/8, `::1`, `localhost`: emulators and
/// the sandbox) and URLs starting with one of the explicitly allowed prefixes. User info, queries
/// and fragments are refused, so a credential can never travel in the URL.
public struct RunbeamAPIURL: Sendable, Hashable, CustomStringConvertible {
    /// The base URL without a trailing slash.
    public let string: String

    /// Runbeam Cloud's public API.
    public static let `default` = RunbeamAPIURL(validated: "https://api.runbeam.cloud/api")

    public init(_ text: String, allowedPrefixes: [String] = []) throws(RunbeamAPIURLError) {
        var trimmed = text.trimmingWhitespace()
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw .notAbsolute(text) }
        guard components.user == nil, components.password == nil else { throw .containsUserInfo }
        guard components.query == nil, components.fragment == nil else { throw .containsQuery(trimmed) }
        switch scheme {
        case "https":
            break
        case "http":
            let allowed = allowedPrefixes.contains { !$0.isEmpty && trimmed.hasPrefix($0) }
            guard Self.isLoopback(host) || allowed else { throw .insecure(trimmed) }
        default:
            throw .notAbsolute(text)
        }
        string = trimmed
    }

    private init(validated: String) { string = validated }

    /// `{base}/harmony/authorize`.
    public var authorizeURL: String { string + "/harmony/authorize" }

    public var description: String { string }

    /// Whether `host` is 127.0.0.0/8, `::1` or `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimming(["[", "]"]).lowercased()
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}

/// Why a string is not an acceptable Runbeam Cloud API URL.
public enum RunbeamAPIURLError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAbsolute(String)
    case insecure(String)
    case containsUserInfo
    case containsQuery(String)

    public var description: String {
        switch self {
        case .notAbsolute(let text):
            return "\"\(text)\" is not an absolute https:// URL; use e.g. https://api.runbeam.cloud/api"
        case .insecure(let text):
            return "\"\(text)\" uses plain http:// to a non-loopback host; use https:// (http:// is allowed only for 127.0.0.0/8, ::1 and localhost)"
        case .containsUserInfo:
            return "the API URL contains user:password@; pass the credential separately, never in the URL"
        case .containsQuery(let text):
            return "\"\(text)\" has a query or fragment; give only the base URL, e.g. https://api.runbeam.cloud/api"
        }
    }
}
