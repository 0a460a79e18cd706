import Basics
import FoundationEssentials

/// Per-gateway backoff: the jitter is derived from the Gateway's uid and the attempt, and the failure count and time
/// are kept in status, so an operator restart continues where it left off.
extension Backoff {
    /// Transient failures: 1 s doubling to 5 min.
    public static let standard = Backoff(initial: .seconds(1), maximum: .seconds(300), jitterFraction: 0.2)
    /// Rejected credentials (they need a human): 5 min doubling to 1 h.
    public static let slow = Backoff(initial: .seconds(300), maximum: .seconds(3600), jitterFraction: 0.2)

    /// The delay after the `attempts`-th consecutive failure (1-based), the same for the same Gateway every time.
    public func delay(afterAttempts attempts: Int, uid: String) -> TimeInterval {
        delay(afterAttempts: attempts, jitter: StableHash.fraction("backoff", uid, String(attempts)))
    }

    /// When the next attempt may run: the backoff delay after the last failure, or `retryAfter` if the server asked
    /// for longer.
    public func nextAttempt(afterAttempts attempts: Int, lastFailure: Date, retryAfter: TimeInterval? = nil, uid: String) -> Date {
        let delay = max(self.delay(afterAttempts: attempts, uid: uid), retryAfter ?? 0)
        return lastFailure.addingTimeInterval(delay)
    }
}
