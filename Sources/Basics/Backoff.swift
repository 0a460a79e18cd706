import FoundationEssentials

/// Exponential backoff with jitter: the delay after the `n`-th consecutive failure is `initial·2ⁿ⁻¹`, at most
/// `maximum`, reduced by up to `jitterFraction` of itself.
///
/// Where the jitter comes from is the caller's choice: the Kubernetes client draws it at random
/// (``delay(attempt:)``, half jitter); the reconciler derives it from the Gateway, so a restart computes the same
/// time from the failure count kept in status.
public struct Backoff: Sendable, Hashable {
    /// First delay.
    public var initial: Duration
    /// Largest delay.
    public var maximum: Duration
    /// The delay is reduced by up to this fraction.
    public var jitterFraction: Double

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(10), jitterFraction: Double = 0.5) {
        self.initial = initial
        self.maximum = maximum
        self.jitterFraction = jitterFraction
    }

    /// The delay in seconds after the `attempts`-th consecutive failure (1-based), `jitter` in [0, 1] choosing how
    /// much of ``jitterFraction`` to take off; 0 when nothing failed.
    public func delay(afterAttempts attempts: Int, jitter: Double) -> Double {
        guard attempts > 0 else { return 0 }
        let exponent = Double(min(attempts - 1, 62))
        let base = min(maximum.inSeconds, initial.inSeconds * Double(sign: .plus, exponent: Int(exponent), significand: 1))
        return base * (1 - jitterFraction * jitter)
    }

    /// The delay before retry number `attempt` (0 for the first retry), with random jitter, in whole milliseconds.
    public func delay(attempt: Int) -> Duration {
        let seconds = delay(afterAttempts: max(attempt, 0) + 1, jitter: Double.random(in: 0...1))
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
