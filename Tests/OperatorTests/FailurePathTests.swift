import Basics
import Foundation
import GatewayAPI
import GatewayCore
import Operator
import Runbeam
import Testing

/// The reconciler's failure paths: a token issued is written, never thrown away; status says what the cluster holds.
@Suite("Failure paths")
struct FailurePathTests {
    static let orpe = KubeWriteFailure(
        verb: "create", resource: "secrets", namespace: "harmony", name: "prod-runbeam", code: 403, reason: "Forbidden",
        message: "secrets \"prod-runbeam\" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>")

    @Test("a failed Secret create keeps the token and the retry writes it without asking Runbeam again")
    func failedCreateKeepsToken() async throws {
        let harness = Harness()
        harness.failSecretWrites = Self.orpe
        let failed = await harness.reconcile()
        #expect(harness.secret == nil)
        #expect(harness.issuer.calls.count == 1)
        let status = try #require(failed.status)
        #expect(status.condition(.ready)?.isTrue == false)
        #expect(status.condition(.ready)?.reason == "SecretWriteFailed")
        #expect(status.condition(.issued)?.reason == "SecretWriteFailed")
        let message = try #require(status.condition(.issued)?.message)
        #expect(message.contains("create secrets harmony/prod-runbeam failed: HTTP 403 Forbidden"))
        #expect(message.contains("grant update on gateways/finalizers"))
        #expect(status.failedAttempts == 1)
        #expect(failed.events.map(\.reason) == ["SecretWriteFailed"])
        #expect(failed.events.first?.type == .warning)
        let retryAt = try #require(status.nextAttemptTime?.date)
        #expect(failed.nextReconcile == retryAt)
        let kept = try #require(harness.pending)

        // Still failing at every retry: no new token, the backoff grows, Ready stays False.
        for attempt in 2...5 {
            harness.now = try #require(harness.gateway.status?.nextAttemptTime?.date)
            let again = await harness.reconcile()
            #expect(harness.issuer.calls.count == 1)
            #expect(harness.gateway.status?.failedAttempts == attempt)
            #expect(again.status?.condition(.ready)?.isTrue == false)
            #expect(harness.pending == kept)
        }
        // Early reconciles (an unrelated event) do not even try.
        harness.now += 0.5
        let early = await harness.reconcile()
        #expect(early.secretWrite == nil)

        // The write goes through: the kept token is stored, Ready=True, and the pending token is gone.
        harness.failSecretWrites = nil
        harness.now = try #require(harness.gateway.status?.nextAttemptTime?.date)
        let stored = await harness.reconcile()
        #expect(harness.issuer.calls.count == 1)
        #expect(harness.payload == kept.payload)
        #expect(harness.identity == kept.identity)
        #expect(stored.status?.condition(.ready)?.isTrue == true)
        #expect(stored.status?.failedAttempts == nil)
        #expect(stored.events.first?.note.contains("written on retry") == true)
        #expect(harness.pending == nil)
    }

    @Test("a failed renewal write leaves Ready True on the old, still valid token")
    func failedRenewalKeepsReady() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let first = try #require(harness.payload)
        harness.now = try #require(harness.gateway.status?.renewalTime?.date)
        harness.failSecretWrites = KubeWriteFailure(
            verb: "update", resource: "secrets", namespace: "harmony", name: "prod-runbeam", code: 422, reason: "Invalid",
            message: "admission webhook \"validate.policy.example\" denied the request: secrets must carry team label")
        let failed = await harness.reconcile()
        #expect(harness.payload == first)
        #expect(harness.issuer.calls.count == 2)
        #expect(failed.status?.condition(.ready)?.isTrue == true)
        #expect(failed.status?.condition(.issued)?.reason == "SecretWriteFailed")
        #expect(failed.status?.condition(.issued)?.message.contains("admission webhook") == true)
        #expect(failed.status?.expiresAt?.date == first.expiresAt)
        // The next attempt is due before the old token expires, and the one after the write fix stores the kept token.
        harness.failSecretWrites = nil
        harness.now = try #require(harness.gateway.status?.nextAttemptTime?.date)
        await harness.reconcile()
        #expect(harness.issuer.calls.count == 2)
        #expect(harness.payload?.issuedAt != first.issuedAt)
    }

    @Test("a kept token inside its own renewal window is dropped and a fresh one requested")
    func staleKeptTokenIsDropped() async throws {
        let harness = Harness()
        harness.failSecretWrites = Self.orpe
        await harness.reconcile()
        let kept = try #require(harness.pending)
        harness.failSecretWrites = nil
        // 25 days later (past the 67 % renewal point of a 30-day token) the kept token is too old to store.
        harness.now += 25 * 86_400
        await harness.reconcile()
        #expect(harness.issuer.calls.count == 2)
        #expect(harness.payload != kept.payload)
        #expect(harness.pending == nil)
    }

    @Test("a kept token is dropped only once the Secret holds it, not on a lagging view of an older Secret")
    func keptTokenDroppedOnlyWhenStored() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let stored = try #require(harness.payload)
        let identity = try #require(harness.identity)
        // A token kept from a failed write while this reconcile still sees the older Secret (its cache lags a deletion).
        var other = stored
        other.machineToken = MachineToken("kept-token")
        harness.pending = PendingToken(payload: other, identity: identity, apiURL: "https://api.runbeam.cloud/api", obtainedAt: harness.now)
        harness.now += 60
        let lagging = await harness.reconcile()
        #expect(!lagging.discardsPendingToken)
        // The Secret holds the kept token (a write that timed out but succeeded): dropped.
        harness.pending = PendingToken(payload: stored, identity: identity, apiURL: "https://api.runbeam.cloud/api", obtainedAt: harness.now)
        let holding = await harness.reconcile()
        #expect(holding.discardsPendingToken)
    }

    @Test("Retry-After counts from the failed answer, not from the start of a reconcile that waited")
    func retryAfterCountsFromTheAnswer() async throws {
        let harness = Harness()
        // The request ends 2.5 s after the reconcile began (a rate limit wait, a slow server).
        let answered = ManualClock(Harness.start.addingTimeInterval(2.5))
        harness.reconciler.requestClock = answered
        harness.issuer.failNext(.rateLimited(retryAfter: 3))
        let failed = await harness.reconcile()
        let retryAt = try #require(failed.status?.nextAttemptTime?.date)
        #expect(retryAt >= Harness.start.addingTimeInterval(5.5), "retry at \(retryAt.timeIntervalSince(Harness.start)) s")
    }

    @Test("a kept token for another gateway code is not written")
    func keptTokenForOldCode() async throws {
        let harness = Harness()
        harness.failSecretWrites = Self.orpe
        await harness.reconcile()
        harness.failSecretWrites = nil
        harness.gateway.spec.gatewayCode = "other-gateway"
        harness.gateway.metadata.generation = 2
        await harness.reconcile()
        #expect(harness.issuer.calls == ["prod-gateway", "other-gateway"])
        #expect(harness.payload?.gatewayCode == "other-gateway")
    }

    @Test("Runbeam down across expiry: Ready turns False with TokenExpired at expiresAt, whatever the backoff")
    func expiryWhileBackingOff() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let expiresAt = try #require(harness.payload?.expiresAt)
        harness.now = try #require(harness.gateway.status?.renewalTime?.date)
        // Backoff tops out at 5 minutes: about 3,200 attempts between the renewal time and the expiry.
        for _ in 0..<10_000 { harness.issuer.failNext(.unavailable(message: "HTTP 503")) }
        var result = await harness.reconcile()
        #expect(result.status?.condition(.ready)?.isTrue == true)
        // Follow the reconciles the result asks for, as the controller would, until the token has expired.
        var reconciles = 0
        while harness.now < expiresAt, reconciles < 10_000 {
            let next = try #require(result.nextReconcile)
            #expect(next <= expiresAt, "a reconcile must be scheduled no later than the expiry")
            harness.now = next
            result = await harness.reconcile()
            reconciles += 1
        }
        #expect(harness.now == expiresAt)
        let ready = try #require(harness.gateway.status?.condition(.ready))
        #expect(ready.isTrue == false)
        #expect(ready.reason == "TokenExpired")
        #expect(ready.message.contains("expired at"))
        #expect(result.events.contains { $0.reason == "TokenExpired" && $0.type == .warning })
        // Only once: the next reconcile does not repeat the Event.
        harness.now += 1
        let later = await harness.reconcile()
        #expect(!later.events.contains { $0.reason == "TokenExpired" })
    }

    @Test("renewBefore at least the token's lifetime is replaced, and the status and an Event say so")
    func renewBeforeTooLong() async throws {
        var spec = Harness().gateway.spec
        spec.renewal = RenewalSpec(renewBefore: try GoDuration(parsing: "800h"))
        let harness = Harness(spec: spec)
        let result = await harness.reconcile()
        let issued = try #require(result.status?.condition(.issued))
        #expect(issued.message.contains("spec.renewal.renewBefore (800h) is not shorter than the token's lifetime (720h)"))
        let renewal = try #require(result.status?.renewalTime?.date)
        #expect(issued.message.contains(RFC3339.seconds(renewal)))
        #expect(result.events.contains { $0.reason == "RenewBeforeTooLong" && $0.type == .warning })
        // A renewal of the same Gateway says it again in status, but does not repeat the Event.
        harness.finishRollouts()
        harness.now = renewal
        let renewed = await harness.reconcile()
        #expect(renewed.status?.condition(.issued)?.message.contains("is not shorter") == true)
        #expect(!renewed.events.contains { $0.reason == "RenewBeforeTooLong" })
    }

    @Test("write failures name the fix for each kind of refusal")
    func remedies() {
        func failure(_ code: Int?, _ message: String, resource: String = "secrets") -> KubeWriteFailure {
            KubeWriteFailure(verb: "create", resource: resource, namespace: "harmony", name: "x", code: code, message: message)
        }
        #expect(Self.orpe.remedy.contains("grant update on gateways/finalizers"))
        #expect(failure(403, "secrets \"x\" is forbidden: exceeded quota: q, requested: count/secrets=1").remedy.contains("ResourceQuota of namespace harmony"))
        #expect(failure(403, "secrets is forbidden: User \"u\" cannot create resource").remedy.contains("grant create on secrets (API group core)"))
        #expect(failure(403, "forbidden", resource: "gateways/status").remedy.contains("API group runbeam.io"))
        #expect(failure(422, "admission webhook denied").remedy.contains("admission webhook"))
        #expect(failure(nil, "timed out").description.contains("no answer"))
        #expect(failure(nil, "timed out").metricCode == "none")
        #expect(failure(503, "unavailable").metricCode == "503")
    }
}
