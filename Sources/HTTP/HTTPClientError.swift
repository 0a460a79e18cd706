/// Why an HTTP request failed. Messages never include request headers or bodies.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which timeout expired.
    public enum TimeoutKind: String, Sendable {
        case connect, total, idle
    }

    /// The URL is not an absolute http(s) URL.
    case invalidURL(String)
    /// A header name or value contains characters that cannot be sent (such as a line break).
    case invalidHeader(name: String)
    /// The connection failed or broke: `code` is the system's `errno` when a system call failed, else 0.
    case transport(code: Int, message: String)
    /// TLS failed: the handshake, the server's certificate, or the client's certificate or key
    /// (`code` is 0: BoringSSL's reason is in the message).
    case tls(code: Int, message: String)
    /// A timeout expired before the transfer finished.
    case timeout(TimeoutKind, message: String)
    /// The task awaiting the response was cancelled.
    case cancelled
    /// The response body exceeded the configured limit.
    case bodyTooLarge(limit: Int)
    /// A line of a streamed body exceeded the configured limit.
    case lineTooLong(limit: Int)
    /// The client was shut down.
    case shutdown

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            return "invalid URL: \(reason); use an absolute http:// or https:// URL"
        case .invalidHeader(let name):
            return "header \(name) contains characters that cannot be sent; remove line breaks and control characters"
        case .transport(let code, let message):
            let errno = code == 0 ? "" : " (errno \(code))"
            return "connection failed\(errno): \(message); check that the server is reachable and retry"
        case .tls(_, let message):
            return "TLS failed: \(message); check the CA, the server name and the client certificate"
        case .timeout(let kind, let message):
            return "\(kind.rawValue) timeout: \(message)"
        case .cancelled:
            return "request cancelled"
        case .bodyTooLarge(let limit):
            return "response body larger than the limit of \(limit) bytes"
        case .lineTooLong(let limit):
            return "streamed line longer than the limit of \(limit) bytes"
        case .shutdown:
            return "the HTTP client has been shut down"
        }
    }
}
