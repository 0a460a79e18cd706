import FoundationEssentials

/// Picks the renewal time of a newly written token inside its jitter window. The controller's
/// ``RenewalCalendar`` spreads renewals over the window's least-loaded minutes; without one, the time is the
/// policy's hash-derived point (``RenewalPolicy/renewalTime(issuedAt:expiresAt:renewBefore:uid:)``).
public protocol RenewalScheduler: Sendable {
    /// A time in `window` for the Gateway `uid`, whose hash-derived time is `preferred`.
    func schedule(uid: String, window: ClosedRange<Date>, preferred: Date) -> Date
}

/// The policy's own choice: the hash-derived time.
struct HashedSchedule: RenewalScheduler {
    func schedule(uid: String, window: ClosedRange<Date>, preferred: Date) -> Date { preferred }
}
