import GatewayCore
/// Counts every token request in `runbeam_operator_token_requests_total{result}`.
public struct MeteredTokenIssuer: TokenIssuer {
    private let base: any TokenIssuer
    private let metrics: OperatorMetrics

    public init(_ base: any TokenIssuer, metrics: OperatorMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public func issue(gatewayCode: String, apiURL: String, credential: Credential) async throws(TokenIssueError) -> IssuedToken {
        do {
            let token = try await base.issue(gatewayCode: gatewayCode, apiURL: apiURL, credential: credential)
            metrics.tokenRequest(result: "issued")
            return token
        } catch {
            metrics.tokenRequest(result: Self.result(error))
            throw error
        }
    }

    static func result(_ error: TokenIssueError) -> String {
        switch error {
        case .unauthorized, .forbidden: "rejected"
        case .rateLimited: "rate_limited"
        case .unavailable: "unavailable"
        case .invalid: "invalid"
        case .malformed: "malformed"
        case .unexpected: "unexpected"
        }
    }
}
