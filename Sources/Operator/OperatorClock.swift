import FoundationEssentials

/// Wall-clock time and sleeping, injectable so tests can use a manual clock.
public protocol OperatorClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends until `deadline` (or returns at once if it has passed); throws when the task is cancelled.
    func sleep(until deadline: Date) async throws
}

/// The system clock.
public struct SystemClock: OperatorClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        if interval > 0 { try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000)) }
    }
}
