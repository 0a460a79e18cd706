import FoundationEssentials

/// A token bucket shared by all reconciles to limit calls to Runbeam Cloud (default 5/s, burst 10), so a cold start
/// with thousands of Gateways cannot stampede the API.
///
/// Waiters are served in order: each `acquire` reserves the next token and sleeps until it is due.
public actor TokenBucket {
    /// Tokens added per second.
    public let rate: Double
    /// Bucket size.
    public let burst: Int
    private let clock: any OperatorClock
    private var tokens: Double
    private var updated: Date

    public init(rate: Double = 5, burst: Int = 10, clock: any OperatorClock = SystemClock()) {
        precondition(rate > 0 && burst >= 1, "a token bucket needs a positive rate and a burst of at least 1")
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = Double(burst)
        self.updated = clock.now()
    }

    /// Takes a token, waiting until one is available.
    public func acquire() async throws {
        let wait = reserve()
        if wait > 0 { try await clock.sleep(until: updated.addingTimeInterval(wait)) }
    }

    /// Takes a token if one is available now.
    public func tryAcquire() -> Bool {
        refill()
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// The tokens available now.
    public var available: Double {
        refill()
        return max(0, tokens)
    }

    /// Takes the next token and returns how long past `updated` it becomes due.
    private func reserve() -> TimeInterval {
        refill()
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }

    private func refill() {
        let now = clock.now()
        let elapsed = now.timeIntervalSince(updated)
        if elapsed > 0 {
            tokens = min(Double(burst), tokens + elapsed * rate)
            updated = now
        }
    }
}
