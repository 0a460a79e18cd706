import GatewayAPI
/// Counts what happened, per Gateway and in total, and knows when every Gateway has been renewed
/// and the renewal has reached its Secret and its Deployment.
public struct SandboxTally: Sendable, Hashable {
    /// One Gateway's progress.
    public struct Gateway: Sendable, Hashable {
        public var issuances = 0
        public var secretWrites = 0
        public var rollouts = 0
        /// Set by the first renewal; then by the next Secret write; then by the next rollout.
        var renewalStage = RenewalStage.waiting

        /// Tokens issued after the first.
        public var renewals: Int { max(0, issuances - 1) }

        /// Whether the Gateway was renewed and the renewed token was written and rolled out.
        public var isRenewedAndRolledOut: Bool { renewalStage == .rolledOut }
    }

    enum RenewalStage: Sendable, Hashable {
        case waiting, renewed, written, rolledOut
    }

    public private(set) var gateways: [String: Gateway]

    /// A tally over these Gateway names, all at zero.
    public init(gateways names: [String]) {
        gateways = Dictionary(uniqueKeysWithValues: names.map { ($0, Gateway()) })
    }

    /// Starts counting for one more Gateway (one applied while the sandbox runs); no-op if known.
    public mutating func add(gateway name: String) {
        if gateways[name] == nil { gateways[name] = Gateway() }
    }

    /// First issuances (at most one per Gateway).
    public var issuances: Int { gateways.values.filter { $0.issuances > 0 }.count }
    public var renewals: Int { gateways.values.map(\.renewals).reduce(0, +) }
    public var secretWrites: Int { gateways.values.map(\.secretWrites).reduce(0, +) }
    public var rollouts: Int { gateways.values.map(\.rollouts).reduce(0, +) }

    /// Whether every Gateway has been renewed at least once and the renewal was written and rolled out.
    public var isComplete: Bool { !gateways.isEmpty && gateways.values.allSatisfy(\.isRenewedAndRolledOut) }

    /// The Gateways not yet complete, sorted.
    public var pending: [String] { gateways.filter { !$0.value.isRenewedAndRolledOut }.keys.sorted() }

    /// The number the next token for `gateway` will have (1 for the first).
    public func nextIssuance(of gateway: String) -> Int { (gateways[gateway]?.issuances ?? 0) + 1 }

    /// Counts `event`.
    public mutating func apply(_ event: SandboxEvent) {
        guard var gateway = gateways[event.gateway] else { return }
        switch event {
        case .tokenIssued(_, let issuance, _):
            gateway.issuances = max(gateway.issuances, issuance)
            if issuance > 1, gateway.renewalStage == .waiting { gateway.renewalStage = .renewed }
        case .secretWritten:
            gateway.secretWrites += 1
            if gateway.renewalStage == .renewed { gateway.renewalStage = .written }
        case .rollout:
            gateway.rollouts += 1
            if gateway.renewalStage == .written { gateway.renewalStage = .rolledOut }
        }
        gateways[event.gateway] = gateway
    }

    /// `3 issuances, 3 renewals, 6 Secret writes, 6 rollouts`.
    public var summary: String {
        "\(issuances) issuances, \(renewals) renewals, \(secretWrites) Secret writes, \(rollouts) rollouts"
    }
}
