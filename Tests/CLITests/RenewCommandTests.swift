import Foundation
import TestSupport
import Testing

/// `renew` against a sandbox cluster whose tokens last 30 days / 5000 (about 8.6 minutes): during the test only a
/// renewal the command requested changes a token.
@Suite struct RenewCommandTests {
    private static func issuedAt(_ name: String, kubeconfig: String) async throws -> String? {
        let result = try await CommandRunner.run(["status", "gateway", name, "-n", "harmony", "-o", "json", "--kubeconfig", kubeconfig])
        let json = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return (json?["secret"] as? [String: Any])?["issuedAt"] as? String
    }

    @Test func renewsOneGatewayAtOnceThenEveryGatewayWithAll() async throws {
        try await SandboxProcess.with(gateways: 2, timeScale: 5_000) { try await check($0.kubeconfig) }
    }

    private func check(_ kubeconfig: String) async throws {
        _ = try await StatusCommandTests.readyReport("gateway-1", kubeconfig: kubeconfig)
        _ = try await StatusCommandTests.readyReport("gateway-2", kubeconfig: kubeconfig)
        let first = try #require(try await Self.issuedAt("gateway-1", kubeconfig: kubeconfig))
        let second = try #require(try await Self.issuedAt("gateway-2", kubeconfig: kubeconfig))
        // Issue times have one-second resolution: a renewal in the same second would look unchanged.
        try await Task.sleep(for: .seconds(1.1))

        let renew = try await CommandRunner.run(["renew", "gateway-1", "-n", "harmony", "--kubeconfig", kubeconfig])
        #expect(renew.status == 0, "stderr: \(renew.stderrText)")
        #expect(renew.stdoutText == "renewal requested for Gateway harmony/gateway-1\n")
        let renewed = try await eventually(timeout: .seconds(30), every: .milliseconds(100)) { try await Self.issuedAt("gateway-1", kubeconfig: kubeconfig) != first }
        #expect(renewed, "gateway-1's token was not renewed after renew")
        #expect(try await Self.issuedAt("gateway-2", kubeconfig: kubeconfig) == second, "renew NAME renewed another Gateway")

        let all = try await CommandRunner.run(["renew", "--all", "-A", "--kubeconfig", kubeconfig])
        #expect(all.status == 0, "stderr: \(all.stderrText)")
        #expect(all.stdoutText == "renewal requested for Gateway harmony/gateway-1\nrenewal requested for Gateway harmony/gateway-2\n")
        #expect(try await eventually(timeout: .seconds(30), every: .milliseconds(100)) { try await Self.issuedAt("gateway-2", kubeconfig: kubeconfig) != second })

        let none = try await CommandRunner.run(["renew", "--all", "-n", "harmony", "--selector", "team=nobody", "--kubeconfig", kubeconfig])
        #expect(none.status == 1)
        #expect(none.stderrText.contains("no Gateway found in namespace harmony matching team=nobody"))
        let missing = try await CommandRunner.run(["renew", "nope", "-n", "harmony", "--kubeconfig", kubeconfig])
        #expect(missing.status == 1)
        #expect(missing.stderrText.contains("Gateway harmony/nope not found"))
    }

    @Test(arguments: [
        (["renew"], "give either a Gateway NAME or --all"),
        (["renew", "prod", "--all"], "give either a Gateway NAME or --all"),
        (["renew", "prod", "-A"], "-A and --selector go with --all"),
        (["renew", "--all", "-A", "-n", "harmony"], "give either -n NAMESPACE or -A"),
    ])
    func badArgumentsAreRefusedBeforeAnyRequest(_ arguments: [String], _ message: String) async throws {
        let result = try await CommandRunner.run(arguments + ["--kubeconfig", "/nonexistent/kubeconfig"])
        #expect(result.status == 64)
        #expect(result.stderrText.contains(message), "stderr: \(result.stderrText)")
    }
}
