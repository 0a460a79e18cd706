import Basics
import Foundation
import GatewayAPI
import GatewayCore
import Operator
import Testing

@Suite("Token bucket and backoff")
struct RateLimitTests {
    @Test("burst then the refill rate, with waiters served when the clock moves")
    func bucket() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_000))
        let bucket = TokenBucket(rate: 5, burst: 10, clock: clock)
        for _ in 0..<10 { #expect(await bucket.tryAcquire()) }
        #expect(!(await bucket.tryAcquire()))
        clock.advance(by: 0.2)
        #expect(await bucket.tryAcquire())
        #expect(!(await bucket.tryAcquire()))

        let waiter = Task { try await bucket.acquire() }
        let deadline = Date().addingTimeInterval(5)
        while clock.sleeperCount == 0, Date() < deadline { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(clock.sleeperCount == 1)
        clock.advance(by: 0.1)
        #expect(clock.sleeperCount == 1)
        clock.advance(by: 0.1)
        try await waiter.value
        #expect(clock.sleeperCount == 0)
    }

    @Test("backoff doubles from 1 s to a 5 min cap with bounded jitter, and is deterministic per gateway")
    func backoff() {
        let backoff = Backoff.standard
        let delays = (1...12).map { backoff.delay(afterAttempts: $0, uid: "u") }
        #expect(delays[0] > 0.79 && delays[0] <= 1)
        #expect(delays[3] > 6.39 && delays[3] <= 8)
        #expect(delays.allSatisfy { $0 <= 300 })
        #expect(delays[11] >= 240)
        #expect(delays == (1...12).map { backoff.delay(afterAttempts: $0, uid: "u") })
        #expect(backoff.nextAttempt(afterAttempts: 1, lastFailure: Date(timeIntervalSince1970: 0), retryAfter: 30, uid: "u") == Date(timeIntervalSince1970: 30))
        #expect(Backoff.slow.delay(afterAttempts: 1, uid: "u") >= 240 && Backoff.slow.delay(afterAttempts: 9, uid: "u") <= 3600)
    }

    @Test("a renewBefore longer than the lifetime renews with a third left")
    func longRenewBefore() {
        let issued = Date(timeIntervalSince1970: 0)
        let time = RenewalPolicy(jitterPercent: 0).renewalTime(
            issuedAt: issued, expiresAt: issued.addingTimeInterval(30), renewBefore: .duration(GoDuration(seconds: 3600)), uid: "u")
        #expect(time == issued.addingTimeInterval(20))
    }
}
