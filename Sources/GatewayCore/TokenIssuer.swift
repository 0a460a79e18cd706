import Basics
import FoundationEssentials
import GatewayAPI

/// Obtains machine tokens from Runbeam Cloud. The controller adapts the Runbeam client to this; tests fake it.
public protocol TokenIssuer: Sendable {
    /// Calls authorize for `gatewayCode` at `apiURL` with the user's credential.
    func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken
}

/// The user's Runbeam credential (Sanctum token or JWT). Its description never shows the value.
public struct Credential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The credential itself: send it, never print it.
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "Credential(redacted)" }
    public var debugDescription: String { description }
}

/// A token from authorize. Its description never shows the token.
public struct IssuedToken: Sendable, Hashable, CustomStringConvertible {
    public var machineToken: String
    public var expiresAt: Date
    public var gatewayID: String
    public var gatewayCode: String
    public var abilities: [String]

    public init(machineToken: String, expiresAt: Date, gatewayID: String, gatewayCode: String, abilities: [String] = []) {
        self.machineToken = machineToken
        self.expiresAt = expiresAt
        self.gatewayID = gatewayID
        self.gatewayCode = gatewayCode
        self.abilities = abilities
    }

    public var description: String {
        "IssuedToken(gateway: \(gatewayCode) \(gatewayID), expires: \(RFC3339.seconds(expiresAt)))"
    }
}

/// Why a token request failed. Messages must never contain the credential or a token.
public enum TokenIssueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 401: the credential is invalid or expired.
    case unauthorized(message: String)
    /// 403: e.g. the gateway belongs to a different team.
    case forbidden(message: String)
    /// 429/503 with the server's `Retry-After`, if any.
    case rateLimited(retryAfter: TimeInterval?)
    /// 5xx, timeouts, connection failures.
    case unavailable(message: String)
    /// 4xx such as 422: the request was refused as invalid.
    case invalid(message: String)
    /// 2xx with a body that is not a token response.
    case malformed(message: String)
    /// Any other answer (an unexpected status, a request that could not be made); the message says it all,
    /// including what to check.
    case unexpected(message: String)

    /// Whether a human must fix the credential (401/403).
    public var isCredentialRejection: Bool {
        switch self {
        case .unauthorized, .forbidden: true
        default: false
        }
    }

    /// The server's requested delay, if any.
    public var retryAfter: TimeInterval? {
        if case .rateLimited(let retryAfter) = self { return retryAfter }
        return nil
    }

    public var description: String {
        switch self {
        case .unauthorized(let message): "Runbeam Cloud rejected the credential (401): \(message); update the credentials Secret"
        case .forbidden(let message): "Runbeam Cloud refused the request (403): \(message); check the credential's team and the gateway code"
        case .rateLimited(let retryAfter): "Runbeam Cloud is rate limiting (429)" + (retryAfter.map { ", retry after \(Int($0.rounded(.up))) s" } ?? "")
        case .unavailable(let message):
            "Runbeam Cloud is unavailable: \(message); check that spec.cloud.apiURL points at Runbeam Cloud and is reachable"
                + " from the operator, or wait: the operator retries with backoff"
        case .invalid(let message): "Runbeam Cloud refused the request as invalid: \(message)"
        case .malformed(let message):
            "Runbeam Cloud sent an unreadable token response: \(message); check that spec.cloud.apiURL points at Runbeam Cloud"
                + " (it ends in /api), or wait: the operator retries with backoff"
        case .unexpected(let message): message
        }
    }
}
