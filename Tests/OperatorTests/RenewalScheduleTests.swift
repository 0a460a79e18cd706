import Foundation
@testable import GatewayAPI
@testable import GatewayCore
@testable import Operator
import Testing

/// Always answers the earliest second of the window plus `offset`.
private struct EarlyScheduler: RenewalScheduler {
    var offset: TimeInterval

    func schedule(uid: String, window: ClosedRange<Date>, preferred: Date) -> Date { window.lowerBound.addingTimeInterval(offset) }
}

@Suite("Renewal schedule")
struct RenewalScheduleTests {
    @Test("10,000 tokens issued together renew evenly: the busiest minute holds at most the mean rounded up plus one")
    func calendarSpreadsEvenly() {
        let calendar = RenewalCalendar()
        let policy = RenewalPolicy(jitterPercent: 5)
        let issued = Date(timeIntervalSince1970: 1_780_000_000)
        var perMinute: [Int: Int] = [:]
        var seconds: [Int] = []
        for index in 0..<10_000 {
            // Issued over one minute, as in a cold start.
            let issuedAt = issued.addingTimeInterval(Double(index) * 0.006)
            let expiresAt = issuedAt.addingTimeInterval(30 * 86_400)
            let uid = "uid-\(index)"
            let window = policy.window(issuedAt: issuedAt, expiresAt: expiresAt, renewBefore: .percentage(33))
            let preferred = policy.renewalTime(issuedAt: issuedAt, expiresAt: expiresAt, renewBefore: .percentage(33), uid: uid)
            let chosen = calendar.schedule(uid: uid, window: window, preferred: preferred)
            #expect(window.contains(chosen))
            perMinute[Int(chosen.timeIntervalSince1970 / 60), default: 0] += 1
            seconds.append(Int(chosen.timeIntervalSince1970))
        }
        let mean = 10_000.0 / Double(perMinute.keys.max()! - perMinute.keys.min()! + 1)
        let busiest = perMinute.values.max()!
        #expect(Double(busiest) <= mean.rounded(.up) + 1, "busiest \(busiest), mean \(mean)")
        // Any 60 seconds, not only clock minutes.
        seconds.sort()
        var sliding = 0, start = 0
        for end in seconds.indices {
            while seconds[end] - seconds[start] >= 60 { start += 1 }
            sliding = max(sliding, end - start + 1)
        }
        #expect(Double(sliding) <= mean.rounded(.up) + 2, "busiest 60 s \(sliding), mean \(mean)")
    }

    @Test("observing and forgetting keep one reservation per Gateway")
    func bookkeeping() {
        let calendar = RenewalCalendar()
        let time = Date(timeIntervalSince1970: 1_780_000_000)
        calendar.observe(uid: "a", renewalTime: time)
        calendar.observe(uid: "a", renewalTime: time)
        calendar.observe(uid: "b", renewalTime: time.addingTimeInterval(5))
        #expect(calendar.count(at: time) == 2)
        calendar.observe(uid: "a", renewalTime: time.addingTimeInterval(3_600))
        #expect(calendar.count(at: time) == 1)
        calendar.forget(uid: "b")
        calendar.observe(uid: "c", renewalTime: nil)
        #expect(calendar.count(at: time) == 0)
        // A choice reserves its minute: the next Gateway with the same window goes elsewhere.
        let window = time...time.addingTimeInterval(600)
        let first = calendar.schedule(uid: "d", window: window, preferred: time)
        let second = calendar.schedule(uid: "e", window: window, preferred: time)
        #expect(Int(first.timeIntervalSince1970 / 60) != Int(second.timeIntervalSince1970 / 60))
    }

    @Test("the time a scheduler picks at issuance is kept for that token, and renewal comes then")
    func scheduledTimeHolds() async throws {
        let harness = Harness(targets: [])
        harness.scheduler = EarlyScheduler(offset: 90)
        await harness.reconcile()
        let lifetime = 30.0 * 86_400
        let windowStart = Harness.start.addingTimeInterval(lifetime * 0.67 - lifetime * 0.05)
        let renewal = try #require(harness.gateway.status?.renewalTime?.date)
        #expect(abs(renewal.timeIntervalSince(windowStart.addingTimeInterval(90))) < 1)
        // Later reconciles (no scheduler now: only new tokens are scheduled) keep the recorded time.
        harness.scheduler = nil
        harness.now = Harness.start.addingTimeInterval(3_600)
        let steady = await harness.reconcile()
        #expect(steady.status == nil && steady.secretWrite == nil)
        #expect(steady.nextReconcile == renewal)
        harness.now = renewal.addingTimeInterval(-1)
        #expect(await harness.reconcile().secretWrite == nil)
        harness.now = renewal
        #expect(await harness.reconcile().secretWrite != nil)
        #expect(harness.issuer.calls.count == 2)
    }

    @Test("without a recorded time for this token, the policy's hash-derived time applies")
    func lostStatusFallsBackToTheHash() async throws {
        let harness = Harness(targets: [])
        harness.scheduler = EarlyScheduler(offset: 90)
        await harness.reconcile()
        let payload = try #require(harness.payload)
        harness.gateway.status = nil
        harness.scheduler = nil
        await harness.reconcile()
        let expected = RenewalPolicy(jitterPercent: 5).renewalTime(
            issuedAt: payload.issuedAt, expiresAt: payload.expiresAt, renewBefore: .percentage(33), uid: harness.gateway.metadata.uid)
        #expect(harness.gateway.status?.renewalTime?.date == expected)
        #expect(harness.issuer.calls.count == 1)
    }
}
