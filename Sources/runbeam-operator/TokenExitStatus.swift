import ArgumentParser
import Runbeam

/// The exit statuses of `token get` (sysexits values, so scripts can tell failures apart).
enum TokenExitStatus {
    /// Bad arguments, a missing or unusable credential, a bad API URL or recipient.
    static let usage = ExitCode(64)
    /// Runbeam Cloud refused the request itself (422, or an unexpected status such as 404).
    static let requestRejected = ExitCode(65)
    /// Runbeam Cloud is rate limiting or unavailable (429, 5xx, timeout, connection failure).
    static let unavailable = ExitCode(75)
    /// Runbeam Cloud's answer was not a valid authorize response (or too large).
    static let malformedResponse = ExitCode(76)
    /// Runbeam Cloud rejected the credential (401, 403).
    static let credentialRejected = ExitCode(77)

    static func forError(_ error: RunbeamError) -> ExitCode {
        switch error {
        case .unauthorized, .forbidden: return credentialRejected
        case .invalid, .unexpectedStatus: return requestRejected
        case .rateLimited, .unavailable: return unavailable
        case .malformedResponse, .responseTooLarge: return malformedResponse
        case .invalidConfiguration: return usage
        case .cancelled: return .failure
        }
    }
}
