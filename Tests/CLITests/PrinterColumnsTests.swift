import Foundation
import Testing

/// `kubectl get rbgw` through the real kubectl and the generated CRD: CODE is the effective code
/// from status, EXPIRES and RENEWS are the RFC 3339 times, not ages (a `date` column would show a
/// future time as `<invalid>`, as a real API server's recorded Table does).
@Suite(.enabled(if: Kubectl.available, "kubectl not found on PATH or in $KUBECTL"))
struct PrinterColumnsTests {
    @Test func getShowsTheCodeAndReadableTimes() async throws {
        try await Kubectl.withEmulator(check)
    }

    private func check(_ kube: Kubectl) async throws {
        try await kube.createExampleGateway()
        let status = #"{"status":{"gatewayCode":"prod","expiresAt":"2099-01-31T12:00:00Z","renewalTime":"2099-01-21T12:00:00Z","conditions":[{"type":"Ready","status":"True","reason":"TokenValid","message":"ok","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}"#
        let patched = try await kube.run(["patch", "gateway", "prod", "-n", "default", "--subresource=status", "--type=merge", "-p", status])
        try #require(patched.status == 0, "\(patched.stderrText)")
        let table = try await kube.run(["get", "rbgw", "-n", "default"])
        let lines = table.stdoutText.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.first == ["NAME", "CODE", "READY", "EXPIRES", "RENEWS", "AGE"], "\(table.stdoutText)")
        #expect(lines.dropFirst().first?.prefix(5) == ["prod", "prod", "True", "2099-01-31T12:00:00Z", "2099-01-21T12:00:00Z"], "\(table.stdoutText)")
    }
}
