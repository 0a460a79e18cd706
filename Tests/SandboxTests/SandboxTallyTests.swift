import Foundation
import Sandbox
import Testing

@Suite struct SandboxTallyTests {
    @Test func aGatewayIsDoneOnceItsRenewalWasWrittenAndRolledOut() {
        var tally = SandboxTally(gateways: ["a"])
        let steps: [SandboxEvent] = [
            .tokenIssued(gateway: "a", issuance: 1, expiresIn: 30),
            .secretWritten(gateway: "a", secret: "a-runbeam", created: true),
            .rollout(gateway: "a", deployment: "harmony-a", count: 1),
            .tokenIssued(gateway: "a", issuance: 2, expiresIn: 30),
            .secretWritten(gateway: "a", secret: "a-runbeam", created: false),
        ]
        for step in steps {
            tally.apply(step)
            #expect(!tally.isComplete)
        }
        #expect(tally.pending == ["a"])
        tally.apply(.rollout(gateway: "a", deployment: "harmony-a", count: 2))
        #expect(tally.isComplete)
        #expect(tally.pending.isEmpty)
        #expect(tally.summary == "1 issuances, 1 renewals, 2 Secret writes, 2 rollouts")
    }

    @Test func aRolloutBeforeTheRenewedSecretDoesNotCount() {
        var tally = SandboxTally(gateways: ["a"])
        tally.apply(.tokenIssued(gateway: "a", issuance: 1, expiresIn: 30))
        tally.apply(.tokenIssued(gateway: "a", issuance: 2, expiresIn: 30))
        tally.apply(.rollout(gateway: "a", deployment: "harmony-a", count: 1))
        #expect(!tally.isComplete)
        tally.apply(.secretWritten(gateway: "a", secret: "a-runbeam", created: false))
        tally.apply(.rollout(gateway: "a", deployment: "harmony-a", count: 2))
        #expect(tally.isComplete)
    }

    @Test func everyGatewayMustBeDone() {
        var tally = SandboxTally(gateways: ["a", "b"])
        for event: SandboxEvent in [
            .tokenIssued(gateway: "a", issuance: 2, expiresIn: 30), .secretWritten(gateway: "a", secret: "s", created: false),
            .rollout(gateway: "a", deployment: "d", count: 1), .rollout(gateway: "unknown", deployment: "d", count: 9),
        ] { tally.apply(event) }
        #expect(!tally.isComplete)
        #expect(tally.pending == ["b"])
        #expect(tally.nextIssuance(of: "a") == 3)
        #expect(tally.nextIssuance(of: "b") == 1)
        #expect(!SandboxTally(gateways: []).isComplete)
    }

    @Test func linesSayWhatHappenedAndWhen() {
        let issued = SandboxEvent.tokenIssued(gateway: "gateway-1", issuance: 1, expiresIn: 30)
            .line(elapsed: .milliseconds(400), namespace: "harmony", timeScale: 86_400)
        #expect(issued == "[   0.4s] token issued    harmony/gateway-1  first issuance, expires in 30.0s (30 days at Runbeam Cloud's pace)")
        let renewed = SandboxEvent.tokenIssued(gateway: "gateway-1", issuance: 3, expiresIn: 1.5)
            .line(elapsed: .seconds(125), namespace: "harmony", timeScale: 3_600)
        #expect(renewed == "[ 125.0s] token renewed   harmony/gateway-1  renewal 2, expires in 1.5s (1.5 hours at Runbeam Cloud's pace)")
        #expect(SandboxEvent.secretWritten(gateway: "g", secret: "g-runbeam", created: false).line(elapsed: .zero, namespace: "ns", timeScale: 1)
            == "[   0.0s] secret updated  ns/g-runbeam  for g")
        #expect(SandboxEvent.rollout(gateway: "g", deployment: "harmony-g", count: 2).line(elapsed: .zero, namespace: "ns", timeScale: 1)
            == "[   0.0s] rollout         ns/harmony-g  for g, rollout #2")
        // One run pads the object column to its widest object, so every column lines up.
        let padded = [
            SandboxEvent.tokenIssued(gateway: "g", issuance: 1, expiresIn: 30).line(elapsed: .zero, namespace: "ns", timeScale: 1, objectWidth: 12),
            SandboxEvent.rollout(gateway: "g", deployment: "harmony-g", count: 1).line(elapsed: .zero, namespace: "ns", timeScale: 1, objectWidth: 12),
            SandboxEvent.noteLine(elapsed: .zero, what: "waiting", text: "next renewal in 4.0s (ns/g)"),
        ]
        #expect(padded[0].hasPrefix("[   0.0s] token issued    ns/g          first issuance"))
        #expect(padded[1].hasPrefix("[   0.0s] rollout         ns/harmony-g  for g"))
        #expect(padded[2] == "[   0.0s] waiting         next renewal in 4.0s (ns/g)")
    }

    @Test func progressNumbersIssuancesPerGatewayAndPrintsEachEvent() {
        let example = SandboxExample(namespace: "harmony", gateways: 2, apiURL: "http://127.0.0.1:9/api")
        let lines = Lines()
        let now = Date(timeIntervalSince1970: 1_000_000)
        let progress = SandboxProgress(example: example, timeScale: 86_400, now: { now }, output: lines.append)
        progress.tokenIssued(gatewayCode: "sandbox-gateway-1", expiresAt: now.addingTimeInterval(30))
        progress.tokenIssued(gatewayCode: "sandbox-gateway-2", expiresAt: now.addingTimeInterval(30))
        progress.tokenIssued(gatewayCode: "sandbox-gateway-1", expiresAt: now.addingTimeInterval(30))
        progress.tokenIssued(gatewayCode: "not-in-the-example", expiresAt: now)
        progress.secretWritten(example.members[0], created: true)
        progress.rolledOut(example.members[0], count: 1)
        #expect(progress.events == [
            .tokenIssued(gateway: "gateway-1", issuance: 1, expiresIn: 30),
            .tokenIssued(gateway: "gateway-2", issuance: 1, expiresIn: 30),
            .tokenIssued(gateway: "gateway-1", issuance: 2, expiresIn: 30),
            .secretWritten(gateway: "gateway-1", secret: "gateway-1-runbeam", created: true),
            .rollout(gateway: "gateway-1", deployment: "harmony-gateway-1", count: 1),
        ])
        #expect(lines.all.count == 5)
        #expect(lines.all[2].contains("token renewed   harmony/gateway-1          renewal 1"))
        #expect(progress.tally.issuances == 2)
        #expect(progress.tally.renewals == 1)
    }
}

/// Collects output lines from any thread.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    @Sendable func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
    var text: String { all.joined(separator: "\n") }
}
