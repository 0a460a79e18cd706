import GatewayCore
import Operator

/// A ``TokenIssuer`` that tells ``SandboxProgress`` about every token it hands to the controller.
struct ProgressReportingIssuer: TokenIssuer {
    let base: any TokenIssuer
    let progress: SandboxProgress

    func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken {
        let token = try await base.issue(gatewayCode: gatewayCode, apiURL: apiURL, credential: credential)
        progress.tokenIssued(gatewayCode: token.gatewayCode.isEmpty ? gatewayCode : token.gatewayCode, expiresAt: token.expiresAt)
        return token
    }
}
