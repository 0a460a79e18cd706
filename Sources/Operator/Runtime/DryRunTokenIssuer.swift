import Basics
import FoundationEssentials
import GatewayAPI
import GatewayCore
import Logging

/// The issuer of `run --dry-run`: logs the token request it would send and answers with a token that is never sent
/// anywhere (the dry-run executor writes nothing), so the reconcile goes on to decide the Secret, restarts and status.
public struct DryRunTokenIssuer: TokenIssuer {
    /// The lifetime Runbeam Cloud gives machine tokens.
    public static let lifetime: TimeInterval = 30 * 86_400
    private let logger: Logger
    private let now: @Sendable () -> Date

    public init(logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.logger = logger
        self.now = now
    }

    public func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken {
        logger.notice("dry run: would request a machine token", metadata: ["gatewayCode": "\(gatewayCode)", "apiURL": "\(apiURL)"])
        return IssuedToken(
            machineToken: "dry-run", expiresAt: RFC3339.truncatedToSeconds(now().addingTimeInterval(Self.lifetime)),
            gatewayID: "dry-run", gatewayCode: gatewayCode)
    }
}
