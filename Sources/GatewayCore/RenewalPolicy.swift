import Basics
import FoundationEssentials
import GatewayAPI

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
        let window = self.window(issuedAt: issuedAt, expiresAt: expiresAt, renewBefore: renewBefore)
        let jitter = window.upperBound.timeIntervalSince(window.lowerBound) * StableHash.fraction("renewal", uid)
        return RFC3339.truncatedToSeconds(max(window.upperBound.addingTimeInterval(-jitter), window.lowerBound))
    }

    /// A `renewBefore` the policy had to replace because it is not shorter than the token's actual lifetime.
    public struct ReplacedRenewBefore: Sendable, Hashable {
        /// The `spec.renewal.renewBefore` asked for, in seconds.
        public var requested: TimeInterval
        /// The token's lifetime (`expiresAt − issuedAt`), in seconds.
        public var lifetime: TimeInterval
    }

    /// The `renewBefore` asked for when the policy replaces it (it is a duration at least as long as the token's
    /// lifetime), else nil.
    public func replacedRenewBefore(issuedAt: Date, expiresAt: Date, renewBefore: ResolvedGatewaySpec.RenewBefore) -> ReplacedRenewBefore? {
        guard case .duration(let duration) = renewBefore else { return nil }
        let lifetime = max(0, expiresAt.timeIntervalSince(issuedAt))
        return duration.seconds >= lifetime ? ReplacedRenewBefore(requested: duration.seconds, lifetime: lifetime) : nil
    }

    /// Every time the jitter can choose for a token: from `expiresAt − renewBefore − jitterPercent` of the lifetime to
    /// `expiresAt − renewBefore`, never before `issuedAt`.
    public func window(issuedAt: Date, expiresAt: Date, renewBefore: ResolvedGatewaySpec.RenewBefore) -> ClosedRange<Date> {
        let lifetime = max(0, expiresAt.timeIntervalSince(issuedAt))
        var before: TimeInterval
        switch renewBefore {
        case .duration(let duration): before = duration.seconds
        case .percentage(let percentage): before = lifetime * Double(percentage) / 100
        }
        if before >= lifetime { before = lifetime / 3 }
        let latest = max(expiresAt.addingTimeInterval(-before), issuedAt)
        let earliest = max(latest.addingTimeInterval(-lifetime * jitterPercent / 100), issuedAt)
        return earliest...latest
    }
}
