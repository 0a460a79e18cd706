import FoundationEssentials

/// Wall-clock time and sleeping, injectable so tests can use a manual clock. The one clock protocol: status times,
/// renewal times and token buckets read it; monotonic deadlines inside one process (work-queue delays, Lease renewal
/// deadlines, cache ages) use `ContinuousClock`, which no test needs to move.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends until `deadline` (or returns at once if it has passed); throws when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system clock.
public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > 0 { try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000)) }
    }
}
