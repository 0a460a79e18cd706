import FoundationEssentials

/// Per-gateway exponential backoff with jitter, computed from the failure count and time kept in status so an
/// operator restart continues where it left off.
public struct Backoff: Sendable, Hashable {
    /// First delay.
    public var initial: TimeInterval
    /// Largest delay.
    public var maximum: TimeInterval
    /// The delay is reduced by up to this fraction, deterministically per gateway and attempt.
    public var jitterFraction: Double

    public init(initial: TimeInterval, maximum: TimeInterval, jitterFraction: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitterFraction = jitterFraction
    }

    /// Transient failures: 1 s doubling to 5 min.
    public static let standard = Backoff(initial: 1, maximum: 300)
    /// Rejected credentials (they need a human): 5 min doubling to 1 h.
    public static let slow = Backoff(initial: 300, maximum: 3600)

    /// The delay after the `attempts`-th consecutive failure (1-based).
    public func delay(afterAttempts attempts: Int, uid: String) -> TimeInterval {
        guard attempts > 0 else { return 0 }
        let exponent = Double(min(attempts - 1, 62))
        let base = min(maximum, initial * Double(sign: .plus, exponent: Int(exponent), significand: 1))
        return base * (1 - jitterFraction * StableHash.fraction("backoff", uid, String(attempts)))
    }

    /// When the next attempt may run: the backoff delay after the last failure, or `retryAfter` if the server asked
    /// for longer.
    public func nextAttempt(afterAttempts attempts: Int, lastFailure: Date, retryAfter: TimeInterval? = nil, uid: String) -> Date {
        let delay = max(self.delay(afterAttempts: attempts, uid: uid), retryAfter ?? 0)
        return lastFailure.addingTimeInterval(delay)
    }
}
