/// Why an authorize call failed. Messages never contain the credential or a machine token.
public enum RunbeamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 401: the credential is wrong, expired or revoked.
    case unauthorized
    /// 403: the credential may not authorize this gateway (e.g. another team owns it).
    case forbidden(message: String)
    /// 422: the request failed validation; field name → messages.
    case invalid(fieldErrors: [String: [String]])
    /// 429: too many requests; `retryAfter` is the delay the server asked for, if any.
    case rateLimited(retryAfter: Duration?)
    /// 5xx, a timeout or a connection failure; `retryAfter` comes from a 503's `Retry-After`.
    case unavailable(reason: String, retryAfter: Duration? = nil)
    /// A success status whose body is not the documented authorize response.
    case malformedResponse(reason: String)
    /// The response body exceeded the size cap.
    case responseTooLarge(limit: Int)
    /// Any other status (404 from a wrong API URL, 400, 405, …).
    case unexpectedStatus(code: Int, message: String)
    /// The request could not be made as configured (a bad URL or header value).
    case invalidConfiguration(reason: String)
    /// The task awaiting the response was cancelled.
    case cancelled

    /// Whether the same request may succeed later without anyone changing anything.
    public var isRetryable: Bool {
        switch self {
        case .rateLimited, .unavailable, .malformedResponse: return true
        case .unauthorized, .forbidden, .invalid, .responseTooLarge, .unexpectedStatus, .invalidConfiguration, .cancelled: return false
        }
    }

    /// Whether Runbeam Cloud rejected the credential itself (401 or 403): a human must act.
    public var isCredentialRejected: Bool {
        switch self {
        case .unauthorized, .forbidden: return true
        default: return false
        }
    }

    /// The delay the server asked for (`Retry-After` on 429 or 503), if any.
    public var retryAfter: Duration? {
        switch self {
        case .rateLimited(let delay), .unavailable(_, let delay): return delay
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .unauthorized:
            return "Runbeam Cloud rejected the credential (401 Unauthorized); check that the API token is valid and not expired"
        case .forbidden(let message):
            let detail = message.isEmpty ? "" : ": \(message)"
            return "Runbeam Cloud refused to authorize this gateway (403 Forbidden)\(detail); check that the credential belongs to the team that owns the gateway code"
        case .invalid(let fieldErrors):
            let fields = fieldErrors.keys.sorted().map { "\($0): \(fieldErrors[$0, default: []].joined(separator: " "))" }
            let detail = fields.isEmpty ? "" : ": \(fields.joined(separator: "; "))"
            return "Runbeam Cloud rejected the request as invalid (422)\(detail); fix the gateway code or request fields"
        case .rateLimited(let delay):
            let detail = delay.map { " and asked to retry after \(Self.seconds($0))" } ?? ""
            return "Runbeam Cloud is rate limiting requests (429)\(detail); retry later"
        case .unavailable(let reason, let delay):
            let detail = delay.map { "; the server asked to retry after \(Self.seconds($0))" } ?? ""
            return "Runbeam Cloud is unavailable: \(reason)\(detail); retry later"
        case .malformedResponse(let reason):
            return "Runbeam Cloud sent a response that is not a valid authorize response: \(reason); check the API URL or retry later"
        case .responseTooLarge(let limit):
            return "Runbeam Cloud's response was larger than the limit of \(limit) bytes; check the API URL"
        case .unexpectedStatus(let code, let message):
            let detail = message.isEmpty ? "" : ": \(message)"
            return "Runbeam Cloud answered with unexpected status \(code)\(detail); check the API URL (it must end in /api)"
        case .invalidConfiguration(let reason):
            return "cannot call Runbeam Cloud: \(reason)"
        case .cancelled:
            return "the Runbeam Cloud request was cancelled"
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds)s"
    }
}
