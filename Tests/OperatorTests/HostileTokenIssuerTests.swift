import Emulators
import Foundation
import GatewayCore
import Operator
import Runbeam
import TestSupport
import Testing

/// Hostile Runbeam answers during a renewal, through the real `RunbeamTokenIssuer` and the reconciler: the
/// existing Secret stays untouched, the failure names the field, a retry is scheduled, and nothing leaks.
@Suite struct HostileTokenIssuerTests {
    @Test(arguments: [
        (RunbeamCloudFault.malformedJSON, "not valid JSON"),
        (.wrongFieldTypes, "machine_token"),
        (.unparseableExpiresAt, "expires_at"),
        (.hugeBody(bytes: 10 << 20), "larger than the limit"),
        (.truncatedBody, "Runbeam Cloud"),
        (.internalError, "status 500"),
    ])
    func aHostileAnswerDuringRenewalKeepsTheSecret(fault: RunbeamCloudFault, mentions: String) async throws {
        let credential = RunbeamCloudCredential.sanctum(id: 4, team: "blue")
        let cloud = try await RunbeamCloudEmulator.start(.init(credentials: [credential]))
        let logs = LogCapture()
        let issuer = RunbeamTokenIssuer(userAgent: RunbeamUserAgent(version: "0.0.0-test"), timeout: .seconds(10), logger: logs.logger)
        defer {
            issuer.shutdown()
            Task { await cloud.shutdown() }
        }

        let harness = Harness()
        harness.gateway.spec.cloud.apiURL = cloud.apiBaseURL
        harness.credential = .found(Credential(credential.value))
        await harness.reconcile()
        let issued = try #require(harness.secret)
        harness.now = harness.now.addingTimeInterval(25 * 86_400)

        cloud.faults.inject(fault)
        let world = ReconcileWorld(managedSecret: harness.secret, credential: harness.credential, workloads: harness.workloads, now: harness.now)
        let result = await harness.reconciler.reconcile(harness.gateway, world: world, issuer: issuer)

        #expect(cloud.requestLog.all.count == 1)
        #expect(result.secretWrite == nil)
        #expect(result.restarts.isEmpty)
        let status = try #require(result.status)
        let failure = try #require(status.lastFailureMessage)
        #expect(failure.contains(mentions), "\(failure)")
        #expect(status.failedAttempts == 1)
        #expect(status.condition(.ready)?.status == "True", "the old token is still valid")
        let retry = try #require(result.nextReconcile)
        #expect(retry > harness.now && retry < harness.now.addingTimeInterval(5 * 86_400))
        #expect(result.events.contains { $0.reason == "TokenRequestFailed" })
        #expect(harness.secret == issued)

        let texts = [failure, String(describing: status)] + result.events.map(\.note) + logs.lines
        let secretPart = String(credential.value.split(separator: "|")[1])
        for text in texts {
            #expect(!text.contains(credential.value) && !text.contains(secretPart), "credential in: \(text.prefix(160))")
            for token in harness.issuer.tokens { #expect(!text.contains(token), "token in: \(text.prefix(160))") }
        }
    }
}
