import Foundation

/// When to renew a token: `expiresAt − renewBefore − jitter`, with the percentage taken of the *actual* lifetime.
public struct RenewalPolicy: Sendable, Hashable {
    /// Jitter of up to this percentage of the lifetime, derived from the Gateway's uid.
    public var jitterPercent: Double

    public init(jitterPercent: Double = 5) {
        self.jitterPercent = jitterPercent
    }

    /// The renewal time, truncated to whole seconds (so it reads back identically from status).
    ///
    /// A `renewBefore` at least as long as the lifetime would renew at once, forever; then the token is renewed
    /// with a third of its lifetime left instead, as cert-manager does.
    public func renewalTime(issuedAt: Date, expiresAt: Date, renewBefore: ResolvedGatewaySpec.RenewBefore, uid: String) -> Date {
        let lifetime = max(0, expiresAt.timeIntervalSince(issuedAt))
        var before: TimeInterval
        switch renewBefore {
        case .duration(let duration): before = duration.seconds
        case .percentage(let percentage): before = lifetime * Double(percentage) / 100
        }
        if before >= lifetime { before = lifetime / 3 }
        let jitter = lifetime * jitterPercent / 100 * StableHash.fraction("renewal", uid)
        let time = expiresAt.addingTimeInterval(-before - jitter)
        return RFC3339.truncatedToSeconds(max(time, issuedAt))
    }
}
