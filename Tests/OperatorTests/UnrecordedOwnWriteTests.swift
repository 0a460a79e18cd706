import Basics
import Foundation
import GatewayAPI
import GatewayCore
import Operator
import Runbeam
import Testing

/// After a crash between the Secret write and the status write, the Secret holds a newer token than
/// `status.tokenHash` records. The reconciler adopts it when the Secret's `runbeam.io/issued-at` annotation and
/// the payload's `issued_at` agree on a time later than `status.issuedAt`; any other change of the data is an
/// outside edit and gets a new token.
@Suite struct UnrecordedOwnWriteTests {
    static let renewRequest = "2026-06-01T12:00:00Z"

    /// A Gateway whose status records the token issued at `Harness.start` (T) while its Secret holds a different
    /// token whose annotation says T + `annotated` and whose payload says T + `issuedAt`, with a renewal request
    /// pending. The clock stands at T + 10 s; the target finished rolling out the first token.
    static func harness(annotated: TimeInterval, issuedAt: TimeInterval) async throws -> Harness {
        let harness = Harness()
        await harness.reconcile()
        harness.finishRollouts()
        let recorded = try #require(harness.gateway.status)
        #expect(recorded.issuedAt?.date == Harness.start)

        let first = try #require(harness.payload)
        let payload = MachineTokenPayload(
            machineToken: MachineToken("mt_newer-\(UUID().uuidString)"), expiresAt: Harness.start.addingTimeInterval(issuedAt + 30 * 86_400),
            gatewayID: first.gatewayID, gatewayCode: first.gatewayCode, abilities: first.abilities,
            issuedAt: Harness.start.addingTimeInterval(issuedAt))
        var secret = try #require(harness.secret)
        secret.data["machine-token"] = payload.secretData
        secret.annotations[OperatorLabels.issuedAt] = RFC3339.milliseconds(Harness.start.addingTimeInterval(annotated))
        secret.annotations[OperatorLabels.expiresAt] = RFC3339.seconds(payload.expiresAt)
        secret.resourceVersion = "900"
        harness.secret = secret
        harness.gateway.metadata.annotations = [OperatorLabels.renewRequestedAt: renewRequest]
        harness.now = Harness.start.addingTimeInterval(10)
        #expect(recorded.tokenHash != TokenHash.of(secret.data))
        return harness
    }

    @Test("the operator's own newer token is adopted: no token request, no Secret write, one restart")
    func ownWriteIsAdopted() async throws {
        let harness = try await Self.harness(annotated: 5, issuedAt: 5)
        let secret = try #require(harness.secret)
        let result = await harness.reconcile()

        #expect(harness.issuer.calls.count == 1, "no token is requested for an adopted write")
        #expect(result.secretWrite == nil)
        #expect(harness.secret == secret)
        #expect(result.restarts.map(\.name) == ["harmony"])
        let status = try #require(result.status)
        #expect(status.tokenHash == TokenHash.of(secret.data))
        #expect(status.issuedAt?.date == Harness.start.addingTimeInterval(5))
        #expect(status.lastRenewRequest == Self.renewRequest)
        #expect(status.condition(.ready)?.isTrue == true)

        // The pending request was answered by the adopted token: later reconciles renew nothing and restart nothing.
        harness.finishRollouts()
        harness.now += 60
        let later = await harness.reconcile()
        #expect(later.secretWrite == nil && later.restarts.isEmpty)
        #expect(harness.issuer.calls.count == 1)
    }

    @Test(
        "any other change of the data is an outside edit and gets a new token",
        arguments: [
            (0.0, 0.0),  // the annotation still says T: only the data was edited
            (5.0, 7.0),  // the annotation says T + 5 s but the payload's issued_at does not
            (-5.0, -5.0),  // annotation and payload agree on a time before the recorded token
        ])
    func outsideEditIsReplaced(annotated: TimeInterval, issuedAt: TimeInterval) async throws {
        let harness = try await Self.harness(annotated: annotated, issuedAt: issuedAt)
        let edited = try #require(harness.payload)
        let result = await harness.reconcile()

        #expect(harness.issuer.calls.count == 2, "a new token is requested")
        guard case .update(let written) = try #require(result.secretWrite) else {
            Issue.record("expected the Secret to be updated")
            return
        }
        #expect(harness.payload?.machineToken.secretValue == harness.issuer.tokens.last)
        #expect(harness.payload?.machineToken != edited.machineToken)
        #expect(written.annotations[OperatorLabels.issuedAt] == RFC3339.milliseconds(harness.now))
        #expect(result.restarts.map(\.name) == ["harmony"])
        #expect(result.status?.tokenHash == TokenHash.of(written.data))
        #expect(result.events.map(\.reason).contains("TokenRenewed"))
    }
}

@Suite("One token per second")
struct OneTokenPerSecondTests {
    @Test("a token needed in the second of the last issuance is requested in the next second")
    func secondTokenWaitsForTheNextSecond() async throws {
        let harness = Harness(targets: [])
        harness.now = Harness.start.addingTimeInterval(0.2)
        await harness.reconcile()
        #expect(harness.issuer.calls.count == 1)
        // The Secret is deleted in the same second: no second token with the same issued_at.
        harness.secret = nil
        harness.now = Harness.start.addingTimeInterval(0.7)
        let held = await harness.reconcile()
        #expect(held.secretWrite == nil)
        #expect(held.nextReconcile == Harness.start.addingTimeInterval(1))
        #expect(harness.issuer.calls.count == 1)
        harness.now = Harness.start.addingTimeInterval(1)
        #expect(await harness.reconcile().secretWrite != nil)
        #expect(harness.issuer.calls.count == 2)
    }
}
