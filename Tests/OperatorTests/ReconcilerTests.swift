import Age
import Basics
import Foundation
import GatewayAPI
import GatewayCore
import Operator
import Runbeam
import Testing

@Suite("Reconciler")
struct ReconcilerTests {
    @Test("first issue writes the Secret, rolls the target and reports Ready")
    func firstIssue() async throws {
        let harness = Harness()
        let result = await harness.reconcile()
        guard case .create(let secret) = try #require(result.secretWrite) else { Issue.record("expected a create"); return }
        #expect(secret.name == "prod-runbeam")
        #expect(harness.issuer.calls == ["prod-gateway"])
        let payload = try #require(harness.payload)
        #expect(payload.gatewayCode == "prod-gateway")
        #expect(payload.expiresAt == Harness.start.addingTimeInterval(30 * 86_400))
        let status = try #require(result.status)
        #expect(status.condition(.ready)?.isTrue == true)
        #expect(status.condition(.issued)?.reason == "TokenIssued")
        #expect(status.recipient == harness.identity?.recipient.description)
        #expect(status.tokenHash == TokenHash.of(secret.data))
        #expect(status.gatewayCode == "prod-gateway")  // what `kubectl get rbgw` prints under CODE
        #expect(result.restarts.map(\.name) == ["harmony"])
        // One Event for the token and its restarts: a first issuance writes one Event however many targets it rolls.
        #expect(result.events.map(\.reason) == ["TokenIssued"])
        #expect(result.events.first?.note.hasSuffix("; restarting Deployment harmony") == true)
        #expect(result.nextReconcile == Harness.start.addingTimeInterval(10))
    }

    @Test("steady state makes zero writes")
    func steadyState() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        harness.now += 60
        let settle = await harness.reconcile()
        #expect(settle.secretWrite == nil && settle.restarts.isEmpty)
        #expect(harness.gateway.status?.condition(.rolloutComplete)?.isTrue == true)
        harness.now += 3600
        let steady = await harness.reconcile()
        #expect(!steady.writes)
        #expect(steady.events.isEmpty)
        #expect(steady.nextReconcile == harness.gateway.status?.renewalTime?.date)
        #expect(harness.issuer.calls.count == 1)
    }

    @Test("renewal fires at renewalTime and not one second before")
    func renewalAtRenewalTime() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let renewalTime = try #require(harness.gateway.status?.renewalTime?.date)
        let lifetime = 30.0 * 86_400
        // 33% of the lifetime left, minus up to 5% jitter.
        #expect(renewalTime <= Harness.start.addingTimeInterval(lifetime * 0.67))
        #expect(renewalTime >= Harness.start.addingTimeInterval(lifetime * 0.62))
        harness.now = renewalTime - 1
        let before = await harness.reconcile()
        #expect(before.secretWrite == nil)
        #expect(harness.issuer.calls.count == 1)
        harness.now = renewalTime
        let at = await harness.reconcile()
        guard case .update = try #require(at.secretWrite) else { Issue.record("expected an update"); return }
        #expect(harness.issuer.calls.count == 2)
        #expect(at.events.first?.reason == "TokenRenewed")
        #expect(at.restarts.map(\.name) == ["harmony"])
    }

    @Test("1,000 gateways issued in the same second spread their renewal times over the jitter window")
    func jitterSpread() async throws {
        var times: [Date] = []
        for index in 0..<1000 {
            let harness = Harness(name: "gw-\(index)", uid: UUID().uuidString, targets: [])
            await harness.reconcile()
            times.append(try #require(harness.gateway.status?.renewalTime?.date))
        }
        let lifetime = 30.0 * 86_400
        let latest = Harness.start.addingTimeInterval(lifetime * 0.67)
        let window = lifetime * 0.05
        #expect(times.allSatisfy { $0 <= latest && $0 >= latest - window - 1 })
        // Spread: every tenth of the window holds between 5% and 15% of the gateways; no minute has more than 2%.
        var buckets = [Int](repeating: 0, count: 10)
        for time in times { buckets[min(9, Int(latest.timeIntervalSince(time) / window * 10))] += 1 }
        #expect(buckets.allSatisfy { (50...150).contains($0) }, "buckets: \(buckets)")
        let perMinute = Dictionary(grouping: times) { Int($0.timeIntervalSince1970 / 60) }
        #expect(perMinute.values.map(\.count).max()! <= 20)
    }

    @Test("backoff grows, caps at 5 minutes, survives a restart and honours Retry-After")
    func backoff() async throws {
        let harness = Harness()
        for _ in 0..<12 { harness.issuer.failNext(.unavailable(message: "HTTP 503 from the emulator")) }
        var delays: [TimeInterval] = []
        for _ in 0..<12 {
            let result = await harness.reconcile()
            #expect(result.secretWrite == nil)
            let next = try #require(result.nextReconcile)
            delays.append(next.timeIntervalSince(harness.now))
            // Before the delay is over nothing is retried, even on an unrelated event.
            harness.now = next - 1
            let early = await harness.reconcile()
            #expect(!early.writes)
            harness.now = next
        }
        #expect(harness.issuer.calls.count == 12)
        #expect(delays[0] >= 1 && delays[0] <= 2)
        for index in 1..<8 { #expect(delays[index] > delays[index - 1]) }
        #expect(delays.allSatisfy { $0 <= 301 })
        #expect(delays.last! >= 240)
        let status = try #require(harness.gateway.status)
        #expect(status.failedAttempts == 12)
        #expect(status.condition(.ready)?.reason == "TokenRequestFailed")

        // A restarted operator reads the backoff back from status: a new reconciler, the same Gateway.
        let restarted = Harness()
        restarted.gateway = harness.gateway
        restarted.now = harness.now - 10
        let afterRestart = await restarted.reconcile()
        #expect(restarted.issuer.calls.isEmpty)
        #expect(afterRestart.nextReconcile == harness.now)

        // Retry-After longer than the backoff wins; the next success clears the failures.
        let limited = Harness()
        limited.issuer.failNext(.rateLimited(retryAfter: 42))
        let first = await limited.reconcile()
        #expect(first.nextReconcile == Harness.start.addingTimeInterval(42))
        #expect(first.events.map(\.reason) == ["TokenRequestFailed"])
        limited.now += 41
        await limited.reconcile()
        #expect(limited.issuer.calls.count == 1)
        limited.now += 1
        let success = await limited.reconcile()
        #expect(success.secretWrite != nil)
        #expect(limited.gateway.status?.failedAttempts == nil && limited.gateway.status?.lastFailureMessage == nil)
    }

    @Test("credentials missing: Ready=False CredentialsMissing, retried with backoff")
    func credentialsMissing() async throws {
        let harness = Harness()
        harness.credential = .secretMissing
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil)
        #expect(harness.issuer.calls.isEmpty)
        let ready = try #require(harness.gateway.status?.condition(.ready))
        #expect(!ready.isTrue && ready.reason == "CredentialsMissing")
        #expect(ready.message.contains("runbeam-api-token"))
        #expect(try #require(result.nextReconcile) <= Harness.start.addingTimeInterval(2))
        harness.credential = .found(Credential("1|test-credential"))
        harness.now = try #require(result.nextReconcile)
        #expect(await harness.reconcile().secretWrite != nil)
        #expect(harness.gateway.status?.condition(.ready)?.isTrue == true)
    }

    @Test("rejected credentials: CredentialsRejected, slow retry, existing token kept and still Ready")
    func credentialsRejected() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let secretBefore = harness.secret
        harness.now = try #require(harness.gateway.status?.renewalTime?.date)
        harness.issuer.failNext(.unauthorized(message: "Unauthenticated."))
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil && result.restarts.isEmpty)
        #expect(harness.secret == secretBefore)
        let status = try #require(harness.gateway.status)
        #expect(status.condition(.issued)?.reason == "CredentialsRejected")
        #expect(status.condition(.ready)?.isTrue == true)
        #expect(status.failedAttempts == 1)
        #expect(status.lastFailureMessage?.contains("401") == true)
        #expect(result.events.map(\.reason) == ["TokenRequestFailed"])
        let delay = try #require(result.nextReconcile).timeIntervalSince(harness.now)
        #expect(delay >= 240 && delay <= 301)
    }

    @Test("a Secret not controlled by the Gateway is never touched")
    func foreignSecret() async throws {
        let harness = Harness()
        harness.secret = ManagedSecret(name: "prod-runbeam", namespace: "harmony", data: ["machine-token": Data("theirs".utf8)], resourceVersion: "7")
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil && result.restarts.isEmpty)
        #expect(harness.issuer.calls.isEmpty)
        #expect(harness.gateway.status?.condition(.ready)?.reason == "SecretConflict")
        #expect(result.events.map(\.reason) == ["SecretConflict"])
        let again = await harness.reconcile()
        #expect(!again.writes && again.events.isEmpty)
    }

    @Test("Secret deleted: re-issued and targets rolled")
    func secretDeleted() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let identity = try #require(harness.identity)
        harness.now += 3600
        harness.secret = nil
        let result = await harness.reconcile()
        guard case .create = try #require(result.secretWrite) else { Issue.record("expected a create"); return }
        #expect(harness.issuer.calls.count == 2)
        #expect(result.restarts.map(\.name) == ["harmony"])
        #expect(harness.identity != identity)
    }

    @Test("Secret data edited: re-issued")
    func secretEdited() async throws {
        for edit in ["garbage", "valid"] {
            let harness = Harness()
            await harness.reconcile()
            harness.finishRollouts()
            harness.now += 60
            var payload = try #require(harness.payload)
            payload.machineToken = MachineToken("mt_edited-by-hand")
            harness.secret?.data["machine-token"] = edit == "garbage" ? Data("not json".utf8) : payload.secretData
            let result = await harness.reconcile()
            #expect(result.secretWrite != nil, "edit: \(edit)")
            #expect(harness.issuer.calls.count == 2)
            #expect(harness.payload?.machineToken.secretValue == harness.issuer.tokens.last)
        }
    }

    @Test("gateway code changed: re-issued")
    func gatewayCodeChanged() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        harness.now += 60
        harness.gateway.spec.gatewayCode = "prod-gateway-2"
        harness.gateway.metadata.generation = 2
        let result = await harness.reconcile()
        #expect(result.secretWrite != nil)
        #expect(harness.issuer.calls == ["prod-gateway", "prod-gateway-2"])
        #expect(harness.payload?.gatewayCode == "prod-gateway-2")
    }

    @Test("on-demand renewal annotation renews once per new value")
    func renewRequested() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        harness.now += 60
        harness.gateway.metadata.annotations = [OperatorLabels.renewRequestedAt: "2026-01-01T00:00:00Z"]
        #expect(await harness.reconcile().secretWrite != nil)
        harness.finishRollouts()
        harness.now += 60
        #expect(await harness.reconcile().secretWrite == nil)
        #expect(harness.issuer.calls.count == 2)
        #expect(harness.gateway.status?.lastRenewRequest == "2026-01-01T00:00:00Z")
    }

    @Test("the encryption key is kept across renewals unless rotation is OnRenewal")
    func keyRotation() async throws {
        for rotation in [KeyRotation.never, .onRenewal] {
            let harness = Harness(rotation: rotation)
            await harness.reconcile()
            harness.finishRollouts()
            let first = try #require(harness.identity)
            harness.now = try #require(harness.gateway.status?.renewalTime?.date)
            #expect(await harness.reconcile().secretWrite != nil)
            let second = try #require(harness.identity)
            #expect((first == second) == (rotation == .never))
            #expect(harness.gateway.status?.recipient == second.recipient.description)
        }
    }

    @Test("a target shared by two Gateways is rolled once per change")
    func sharedTarget() async throws {
        let first = Harness(name: "a", uid: "uid-a")
        let second = Harness(name: "b", uid: "uid-b")
        first.workloads[0].referencedSecrets = ["a-runbeam", "b-runbeam"]
        // Both Gateways' Secrets are written in the same second, before either rolls the shared Deployment.
        second.workloads = first.workloads
        let writeA = await first.reconcile()
        #expect(writeA.restarts.count == 1)
        second.workloads = first.workloads
        second.now += 0.5
        let writeB = await second.reconcile()
        // B's Secret is newer than A's restart: B restarts once more for its own change.
        #expect(writeB.restarts.count == 1)
        first.workloads = second.workloads
        first.finishRollouts()
        second.workloads = first.workloads
        // From now on neither restarts it again.
        first.now += 60
        second.now += 60
        #expect(await first.reconcile().restarts.isEmpty)
        #expect(await second.reconcile().restarts.isEmpty)

        // When both Secrets were written before the restart time (a later change of A), one restart covers both.
        first.now += 3600
        second.now += 3600
        second.secret?.annotations[OperatorLabels.issuedAt] = RFC3339.milliseconds(second.now - 10)
        second.gateway.status?.tokenHash = second.secret.map { TokenHash.of($0.data) }
        first.gateway.metadata.annotations = [OperatorLabels.renewRequestedAt: "1"]
        first.workloads = second.workloads
        let renewA = await first.reconcile()
        #expect(renewA.restarts.count == 1)
        second.workloads = first.workloads
        #expect(await second.reconcile().restarts.isEmpty)
    }

    @Test("an operator restart renews nothing and rolls nothing")
    func operatorRestart() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        harness.now += 60
        await harness.reconcile()
        let restarted = Harness()
        restarted.gateway = harness.gateway
        restarted.secret = harness.secret
        restarted.workloads = harness.workloads
        restarted.now = harness.now + 7200
        let result = await restarted.reconcile()
        #expect(!result.writes)
        #expect(restarted.issuer.calls.isEmpty)
    }

    @Test("a crash between the Secret write and the patch still rolls the target")
    func crashBeforeRollout() async throws {
        let harness = Harness()
        await harness.reconcile()
        let restarted = Harness()
        restarted.gateway = harness.gateway
        restarted.secret = harness.secret
        restarted.now = harness.now + 5
        let result = await restarted.reconcile()
        #expect(result.secretWrite == nil)
        #expect(result.restarts.map(\.name) == ["harmony"])
    }

    @Test("a paused target gives a warning but the Secret is still written")
    func pausedTarget() async throws {
        let harness = Harness()
        harness.workloads[0].paused = true
        let result = await harness.reconcile()
        #expect(result.secretWrite != nil)
        #expect(result.restarts.isEmpty)
        #expect(result.events.contains { $0.type == .warning && $0.reason == "RolloutFailed" && $0.note.contains("paused") })
        let rollout = try #require(harness.gateway.status?.condition(.rolloutComplete))
        #expect(!rollout.isTrue)
        #expect(harness.gateway.status?.condition(.ready)?.isTrue == true)
        // Unpaused: the level-triggered rollout restarts it now.
        harness.workloads[0].paused = false
        harness.now += 30
        #expect(await harness.reconcile().restarts.count == 1)
    }

    @Test("a missing target or one that does not consume the Secret warns")
    func missingAndUnconsumedTargets() async throws {
        let harness = Harness(targets: [RolloutTarget(kind: .deployment, name: "harmony"), RolloutTarget(kind: .statefulSet, name: "gone")])
        harness.workloads = [harness.workloads[0]]
        harness.workloads[0].referencedSecrets = ["something-else"]
        let result = await harness.reconcile()
        #expect(result.secretWrite != nil)
        let reasons = result.events.filter { $0.type == .warning }.map(\.reason).sorted()
        #expect(reasons == ["RolloutFailed", "SecretNotConsumed"])
        #expect(harness.gateway.status?.condition(.rolloutComplete)?.reason == "RolloutFailed")
        harness.finishRollouts()
        harness.now += 60
        #expect(await harness.reconcile().events.isEmpty)
    }

    @Test("RolloutComplete turns True when the targets report the new generation rolled out")
    func rolloutComplete() async throws {
        let harness = Harness()
        await harness.reconcile()
        #expect(harness.gateway.status?.condition(.rolloutComplete)?.reason == "RolloutInProgress")
        harness.now += 10
        let waiting = await harness.reconcile()
        #expect(waiting.nextReconcile == harness.now + 10)
        harness.finishRollouts()
        harness.now += 10
        await harness.reconcile()
        #expect(harness.gateway.status?.condition(.rolloutComplete)?.isTrue == true)
    }

    @Test("suspend writes nothing but the status")
    func suspend() async throws {
        let harness = Harness()
        harness.gateway.spec.suspend = true
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil && result.restarts.isEmpty)
        #expect(harness.issuer.calls.isEmpty)
        #expect(harness.gateway.status?.condition(.ready)?.reason == "Suspended")
        #expect(result.nextReconcile == nil)
    }

    @Test("an invalid spec reports InvalidSpec and does not requeue")
    func invalidSpec() async throws {
        let harness = Harness()
        harness.gateway.spec.cloud.apiURL = "http://api.example.com/api"
        let result = await harness.reconcile()
        #expect(result.secretWrite == nil && result.nextReconcile == nil)
        let ready = try #require(harness.gateway.status?.condition(.ready))
        #expect(ready.reason == "InvalidSpec" && ready.message.contains("spec.cloud.apiURL"))
    }

    @Test("the Base64/Raw form follows the spec without a new token or rollout")
    func keyFormatChange() async throws {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let identity = harness.identity
        harness.now += 60
        harness.gateway.spec.secret = SecretSpec(encryptionKeyFormat: .raw)
        harness.gateway.metadata.generation = 2
        let result = await harness.reconcile()
        #expect(result.secretWrite != nil && result.restarts.isEmpty)
        #expect(harness.issuer.calls.count == 1)
        #expect(String(data: harness.secret!.data["encryption-key"]!, encoding: .utf8)!.hasPrefix("AGE-SECRET-KEY-1"))
        #expect(harness.identity == identity)
    }

    @Test("no token, credential or key reaches status, events or logs")
    func noSecretsInOutput() async throws {
        let harness = Harness()
        harness.credential = .found(Credential("1|test-credential-\(UUID().uuidString)"))
        await harness.reconcile()
        harness.issuer.failNext(.unauthorized(message: "Unauthenticated."))
        harness.now = try #require(harness.gateway.status?.renewalTime?.date)
        await harness.reconcile()
        let secretKey = try #require(harness.identity).secretKeyString
        guard case .found(let credential) = harness.credential else { return }
        let status = String(decoding: try JSONEncoder().encode(harness.gateway.status), as: UTF8.self)
        let events = harness.results.flatMap(\.events).map(\.note).joined(separator: "\n")
        let logs = Harness.logs.lines.joined(separator: "\n")
        for needle in harness.issuer.tokens + [credential.value, secretKey, try #require(harness.identity).harmonyBase64] {
            #expect(!status.contains(needle))
            #expect(!events.contains(needle))
            #expect(!logs.contains(needle))
        }
        #expect(!"\(credential)".contains(credential.value))
        #expect(!"\(try #require(harness.secret))".contains("mt_"))
    }
}
