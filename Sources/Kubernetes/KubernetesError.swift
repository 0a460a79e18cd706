import HTTP
import JSON

/// Why a request to the API server failed, decoded from the `Status` body where there is one.
public enum KubernetesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One field the server rejected (`details.causes[]` of an Invalid status).
    public struct FieldCause: Sendable, Hashable {
        public var field: String
        public var message: String
        public var reason: String?

        public init(field: String, message: String, reason: String? = nil) {
            self.field = field
            self.message = message
            self.reason = reason
        }
    }

    case notFound(String)
    case alreadyExists(String)
    /// A stale `resourceVersion`: read the object again and retry.
    case conflict(String)
    case invalid(String, fields: [FieldCause])
    case forbidden(String)
    case unauthorized(String)
    /// The requested resourceVersion is older than the server's history (410).
    case gone(String)
    /// API Priority and Fairness turned the request away; retry after the given delay.
    case tooManyRequests(String, retryAfter: Duration?)
    /// Any other failure status (400, 415, 5xx …).
    case server(code: Int, reason: String?, message: String)
    /// The connection failed or timed out.
    case transport(HTTPClientError)
    /// The answer was not the JSON expected.
    case malformedResponse(String)

    /// The HTTP status code, when the server answered.
    public var code: Int? {
        switch self {
        case .notFound: return 404
        case .alreadyExists, .conflict: return 409
        case .invalid: return 422
        case .forbidden: return 403
        case .unauthorized: return 401
        case .gone: return 410
        case .tooManyRequests: return 429
        case .server(let code, _, _): return code
        case .transport, .malformedResponse: return nil
        }
    }

    /// The server's own message (or the transport failure), without the advice ``description`` adds.
    public var message: String {
        switch self {
        case .notFound(let message), .alreadyExists(let message), .conflict(let message), .invalid(let message, _), .forbidden(let message),
            .unauthorized(let message), .gone(let message), .tooManyRequests(let message, _), .server(_, _, let message),
            .malformedResponse(let message):
            return message
        case .transport(let error): return "\(error)"
        }
    }

    /// The `Status` reason the server gave (or the one its code stands for).
    public var reason: String? {
        switch self {
        case .notFound: return "NotFound"
        case .alreadyExists: return "AlreadyExists"
        case .conflict: return "Conflict"
        case .invalid: return "Invalid"
        case .forbidden: return "Forbidden"
        case .unauthorized: return "Unauthorized"
        case .gone: return "Expired"
        case .tooManyRequests: return "TooManyRequests"
        case .server(_, let reason, _): return reason
        case .transport, .malformedResponse: return nil
        }
    }

    public var description: String {
        switch self {
        case .notFound(let message): return "not found: \(message)"
        case .alreadyExists(let message): return "already exists: \(message)"
        case .conflict(let message): return "conflict: \(message); read the object again and retry"
        case .invalid(let message, let fields):
            let detail = fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
            return "invalid: \(message)" + (detail.isEmpty || message.contains(detail) ? "" : " (\(detail))")
        case .forbidden(let message): return "forbidden: \(message); check the RBAC rules of the operator's service account"
        case .unauthorized(let message): return "unauthorized: \(message); check the kubeconfig credentials or the service-account token"
        case .gone(let message): return "gone (410): \(message)"
        case .tooManyRequests(let message, let retryAfter):
            return "too many requests: \(message)" + (retryAfter.map { "; retry after \($0)" } ?? "")
        case .server(let code, let reason, let message): return "server error \(code)\(reason.map { " \($0)" } ?? ""): \(message)"
        case .transport(let error): return "cannot reach the API server: \(error)"
        case .malformedResponse(let message): return "malformed response from the API server: \(message)"
        }
    }

    /// Decodes a failure answer (a `Status` body when the server sent one).
    public static func from(status: Int, body: JSONValue?, retryAfter: Duration?) -> KubernetesError {
        let message = body?["message"]?.stringValue ?? "HTTP \(status)"
        let reason = body?["reason"]?.stringValue
        switch (status, reason) {
        case (404, _): return .notFound(message)
        case (409, "AlreadyExists"): return .alreadyExists(message)
        case (409, _): return .conflict(message)
        case (422, _):
            let causes = (body?[path: ["details", "causes"]]?.arrayValue ?? []).map {
                FieldCause(field: $0["field"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "", reason: $0["reason"]?.stringValue)
            }
            return .invalid(message, fields: causes)
        case (403, _): return .forbidden(message)
        case (401, _): return .unauthorized(message)
        case (410, _): return .gone(message)
        case (429, _): return .tooManyRequests(message, retryAfter: retryAfter)
        default: return .server(code: status, reason: reason, message: message)
        }
    }
}
