/// Exponential backoff with full jitter: attempt `n` waits a random time in
/// `[initial·2ⁿ / 2, initial·2ⁿ]`, never more than `maximum`.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(10)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before retry number `attempt` (0 for the first retry).
    public func delay(attempt: Int) -> Duration {
        let base = Double(initial.components.seconds) + Double(initial.components.attoseconds) / 1e18
        let cap = Double(maximum.components.seconds) + Double(maximum.components.attoseconds) / 1e18
        let ceiling = min(cap, base * Double(1 << min(max(attempt, 0), 30)))
        let seconds = Double.random(in: (ceiling / 2)...max(ceiling, ceiling / 2))
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
