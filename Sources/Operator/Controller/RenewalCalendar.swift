import Basics
import FoundationEssentials
import GatewayCore
import Kubernetes

/// How many renewals are scheduled in each minute, from every cached Gateway's `status.renewalTime`. A token
/// written now renews in the least-loaded of up to 32 minutes spread over its jitter window (its hash-derived
/// minute first), at a second set by how many renewals that minute already holds (0 s, 11 s, 22 s, …), so ten
/// thousand tokens issued together renew at an even rate, per clock minute and per any 60 seconds, rather than
/// in the random clumps a per-Gateway hash alone gives.
final class RenewalCalendar: RenewalScheduler {
    /// Minutes compared per choice.
    static let candidates = 32

    private struct State {
        var perMinute: [Int: Int] = [:]
        /// Each Gateway's scheduled minute, by uid.
        var byGateway: [String: Int] = [:]
    }

    private let state = Locked(State())

    /// Records a Gateway's scheduled renewal as its status shows it (nil: none).
    func observe(uid: String, renewalTime: Date?) {
        state.withLock { state in Self.place(uid, at: renewalTime.map(Self.minute), in: &state) }
    }

    /// Forgets a deleted Gateway.
    func forget(uid: String) {
        state.withLock { state in Self.place(uid, at: nil, in: &state) }
    }

    /// Renewals scheduled in the minute holding `date`.
    func count(at date: Date) -> Int { state.withLock { $0.perMinute[Self.minute(date)] ?? 0 } }

    func schedule(uid: String, window: ClosedRange<Date>, preferred: Date) -> Date {
        let first = Self.minute(window.lowerBound), last = Self.minute(window.upperBound)
        let width = last - first + 1
        let home = min(max(Self.minute(preferred), first), last)
        return state.withLock { state in
            var best = home
            var bestCount = state.perMinute[home] ?? 0
            let choices = min(Self.candidates, width)
            if choices > 1 {
                // Evenly spaced over the window, starting one stride after the home minute.
                for index in 1..<choices {
                    let candidate = first + (home - first + index * width / choices) % width
                    let count = state.perMinute[candidate] ?? 0
                    if count < bestCount {
                        best = candidate
                        bestCount = count
                    }
                }
            }
            Self.place(uid, at: best, in: &state)
            let second = (bestCount * 11) % 60
            let time = Date(timeIntervalSince1970: Double(best) * 60 + Double(second))
            return min(max(time, window.lowerBound), window.upperBound)
        }
    }

    private static func place(_ uid: String, at minute: Int?, in state: inout State) {
        if let old = state.byGateway[uid] {
            state.perMinute[old, default: 0] -= 1
            if state.perMinute[old] == 0 { state.perMinute[old] = nil }
        }
        state.byGateway[uid] = minute
        if let minute { state.perMinute[minute, default: 0] += 1 }
    }

    private static func minute(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 60).rounded(.down)) }
}
