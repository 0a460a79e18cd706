import GatewayAPI

/// A Gateway with its spec validated once per reconcile: the controller gathers the world from ``spec`` and hands the
/// same value to the reconciler, so the rules are applied in one place and only once.
public struct ValidatedGateway: Sendable {
    public let gateway: Gateway
    /// The resolved spec, or why the Gateway is invalid (then a reconcile reads nothing and marks it `InvalidSpec`).
    public let spec: Result<ResolvedGatewaySpec, GatewayValidationError>

    /// The resolved spec of a valid Gateway.
    public var resolved: ResolvedGatewaySpec? {
        guard case .success(let spec) = spec else { return nil }
        return spec
    }
}
