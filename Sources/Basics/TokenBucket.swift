import FoundationEssentials

/// A token bucket: on average `rate` acquisitions per second, in bursts of up to `burst`. The Kubernetes client's
/// request budget (QPS/burst) and the operator's limit on calls to Runbeam Cloud (default 5/s, burst 10, so a cold
/// start with thousands of Gateways cannot stampede the API).
///
/// Waiters are served in order: each `acquire` reserves the next token and sleeps until it is due. A rate of zero
/// or less turns the limit off.
public actor TokenBucket {
    /// Tokens added per second.
    public nonisolated let rate: Double
    /// Bucket size.
    public nonisolated let burst: Int
    private let clock: any WallClock
    private var tokens: Double
    private var updated: Date

    public init(rate: Double = 5, burst: Int = 10, clock: any WallClock = SystemClock()) {
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self.tokens = Double(self.burst)
        self.updated = clock.now()
    }

    /// Takes a token, waiting until one is available.
    public func acquire() async throws {
        guard rate > 0 else { return }
        let wait = reserve()
        if wait > 0 { try await clock.sleep(until: updated.addingTimeInterval(wait)) }
    }

    /// Takes a token if one is available now.
    public func tryAcquire() -> Bool {
        guard rate > 0 else { return true }
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
