/// A token bucket: on average `qps` requests per second, with bursts of up to `burst`.
public actor RateLimiter {
    public nonisolated let qps: Double
    public nonisolated let burst: Int
    private var tokens: Double
    private var last: ContinuousClock.Instant
    private let clock = ContinuousClock()

    /// A `qps` of zero or less turns the budget off.
    public init(qps: Double, burst: Int) {
        self.qps = qps
        self.burst = max(1, burst)
        tokens = Double(max(1, burst))
        last = clock.now
    }

    /// Waits until a request may be sent.
    public func acquire() async throws {
        guard qps > 0 else { return }
        refill()
        tokens -= 1
        if tokens >= 0 { return }
        // The token is reserved; sleep until the bucket has refilled up to it.
        let wait = -tokens / qps
        try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up))))
    }

    private func refill() {
        let now = clock.now
        let elapsed = last.duration(to: now)
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(Double(burst), tokens + seconds * qps)
    }
}
