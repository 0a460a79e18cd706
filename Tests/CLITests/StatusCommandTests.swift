import Foundation
import TestSupport
import Testing

/// `status gateway` against a sandbox cluster with the controller running, as a command and as a kubectl plugin.
@Suite struct StatusCommandTests {
    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "stdout: \(result.stdoutText)")
    }

    /// Polls `status gateway NAME -o json` until the Gateway is Ready with its Secret written.
    static func readyReport(_ name: String, kubeconfig: String) async throws -> [String: Any] {
        var report: [String: Any] = [:]
        _ = try await eventually(timeout: .seconds(60), every: .milliseconds(100)) {
            let result = try await CommandRunner.run(["status", "gateway", name, "-n", "harmony", "-o", "json", "--kubeconfig", kubeconfig])
            guard result.status == 0, let json = try? Self.json(result) else { return false }
            report = json
            let ready = (json["conditions"] as? [[String: Any]] ?? []).contains { $0["type"] as? String == "Ready" && $0["status"] as? String == "True" }
            let secret = json["secret"] as? [String: Any]
            return ready && secret?["exists"] as? Bool == true && !((json["events"] as? [Any]) ?? []).isEmpty
        }
        return report
    }

    @Test func showsSpecConditionsSecretWorkloadsAndEventsAsTextJSONAndAKubectlPlugin() async throws {
        try await SandboxProcess.with(gateways: 2, timeScale: 5_000) { try await check($0.kubeconfig) }
    }

    private func check(_ kubeconfig: String) async throws {
        let report = try await Self.readyReport("gateway-1", kubeconfig: kubeconfig)
        #expect(report["name"] as? String == "gateway-1")
        #expect(report["namespace"] as? String == "harmony")
        let spec = try #require(report["spec"] as? [String: Any])
        #expect(spec["secretName"] as? String == "gateway-1-runbeam")
        #expect(spec["rollout"] as? [String] == ["Deployment/harmony-gateway-1"])
        let secret = try #require(report["secret"] as? [String: Any])
        #expect(secret["keys"] as? [String] == ["encryption-key", "machine-token"])
        #expect(secret["ownedByGateway"] as? Bool == true)
        #expect((secret["recipient"] as? String)?.hasPrefix("age1") == true)
        #expect(secret["expiresAt"] as? String != nil && secret["issuedAt"] as? String != nil)
        #expect(report["nextRenewal"] as? String != nil)
        let workloads = try #require(report["workloads"] as? [[String: Any]])
        #expect(workloads.count == 1)
        #expect(workloads.first?["name"] as? String == "harmony-gateway-1")
        #expect(workloads.first?["readsSecret"] as? Bool == true)
        #expect(workloads.first?["restartedAt"] as? String != nil)
        #expect(report["lastRollout"] as? String != nil)
        let reasons = (report["events"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.contains("TokenIssued"))

        let text = try await CommandRunner.run(["status", "gateway", "gateway-1", "-n", "harmony", "--kubeconfig", kubeconfig])
        #expect(text.status == 0, "stderr: \(text.stderrText)")
        for line in [
            "Name:        gateway-1", "Namespace:   harmony", "  Secret:      gateway-1-runbeam", "Ready=True",
            "  Exists:      yes", "  Keys:        encryption-key, machine-token", "  Recipient:   age1", "Next renewal: 20",
            "Deployment/harmony-gateway-1: reads the Secret, restarted ", "Last rollout: 20", "Normal  TokenIssued",
        ] {
            #expect(text.stdoutText.contains(line), "missing \(line) in:\n\(text.stdoutText)")
        }
        for secretShape in ["AGE-SECRET-KEY", "machine_token", "\"token\""] {
            #expect(!text.stdoutText.contains(secretShape))
        }

        // As a kubectl plugin: named kubectl-runbeam, reading $KUBECONFIG like kubectl does.
        let folder = try TemporaryFolder(prefix: "plugin").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let plugin = folder.appendingPathComponent("kubectl-runbeam")
        try FileManager.default.createSymbolicLink(at: plugin, withDestinationURL: CommandRunner.binary)
        let environment = ["KUBECONFIG": kubeconfig]
        let direct = try await CommandRunner.runExecutable(plugin, ["status", "gateway", "gateway-1", "-n", "harmony"], environment: environment)
        #expect(direct.status == 0, "stderr: \(direct.stderrText)")
        #expect(direct.stdoutText.contains("Name:        gateway-1"))
        let help = try await CommandRunner.runExecutable(plugin, ["--help"])
        #expect(help.stdoutText.contains("USAGE: kubectl runbeam <subcommand>"), "help: \(help.stdoutText)")
        let kubectl = ProcessInfo.processInfo.environment["KUBECTL"].map(URL.init(fileURLWithPath:)) ?? CommandRunner.which("kubectl")
        if let kubectl {
            let path = folder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let viaKubectl = try await CommandRunner.runExecutable(
                kubectl, ["runbeam", "status", "gateway", "gateway-1", "-n", "harmony"], environment: environment.merging(["PATH": path]) { $1 })
            #expect(viaKubectl.status == 0, "stderr: \(viaKubectl.stderrText)")
            #expect(viaKubectl.stdoutText.contains("Name:        gateway-1"))
        }

        let missing = try await CommandRunner.run(["status", "gateway", "nope", "-n", "harmony", "--kubeconfig", kubeconfig])
        #expect(missing.status == 1)
        #expect(missing.stderrText.contains("Gateway harmony/nope not found; list the Gateways with: kubectl get gateways.runbeam.io -n harmony"))
        let elsewhere = try await CommandRunner.run(["status", "gateway", "gateway-1", "-n", "default", "--kubeconfig", kubeconfig])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderrText.contains("Gateway default/gateway-1 not found"))
    }

    @Test func aClusterWithoutTheCRDIsNamed() async throws {
        let folder = try TemporaryFolder(prefix: "nocrd").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let kubeconfig = folder.appendingPathComponent("kubeconfig").path
        let emulator = try OperatorProcess(arguments: ["emulator", "kubernetes", "--write-kubeconfig", kubeconfig])
        _ = await eventually(timeout: .seconds(20), every: .milliseconds(100)) { FileManager.default.fileExists(atPath: kubeconfig) && emulator.output.contains("listening") }
        let result = try await CommandRunner.run(["status", "gateway", "prod", "-n", "harmony", "--kubeconfig", kubeconfig])
        let renew = try await CommandRunner.run(["renew", "--all", "-A", "--kubeconfig", kubeconfig])
        emulator.terminate()
        _ = await emulator.waitForExit(timeout: .seconds(20))
        #expect(result.status == 1)
        #expect(result.stderrText.contains("the cluster does not serve gateways.runbeam.io: install the CRD"), "stderr: \(result.stderrText)")
        #expect(renew.status == 1)
        #expect(renew.stderrText.contains("the cluster does not serve gateways.runbeam.io"))
    }
}
