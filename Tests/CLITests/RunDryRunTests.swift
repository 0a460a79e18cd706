import Foundation
import TestSupport
import Testing

/// `run --dry-run` against a sandbox cluster without a controller: it decides every write and logs it, and the
/// cluster is left exactly as it was (no Secret, status, Event, restart or Lease), with no token requested.
@Suite struct RunDryRunTests {
    @Test func logsEveryWriteItWouldMakeAndWritesNothing() async throws {
        let sandbox = try await SandboxProcess.start(gateways: 2, timeScale: 86_400, controller: false)
        let configuration = try #require(sandbox.operatorConfiguration, "sandbox output: \(sandbox.process.output)")
        let operatorProcess = try OperatorProcess(arguments: [
            "run", "--dry-run", "--config", configuration, "--kubeconfig", sandbox.kubeconfig, "--leader-elect", "true", "--log-format", "json",
        ])
        let decided = await eventually(timeout: .seconds(60), every: .milliseconds(100)) {
            let log = operatorProcess.output
            return ["gateway-1", "gateway-2"].allSatisfy { log.contains("\"secret\":\"\($0)-runbeam\"") } && log.contains("would update status")
        }
        // Time for anything that would be written after the decisions to show up.
        try await Task.sleep(for: .seconds(2))
        let report = try await CommandRunner.run(["status", "gateway", "gateway-1", "-n", "harmony", "-o", "json", "--kubeconfig", sandbox.kubeconfig])
        let second = try await CommandRunner.run(["status", "gateway", "gateway-2", "-n", "harmony", "-o", "json", "--kubeconfig", sandbox.kubeconfig])
        operatorProcess.terminate()
        let exit = await operatorProcess.waitForExit(timeout: .seconds(30))
        operatorProcess.kill()
        await sandbox.stop()
        let log = operatorProcess.output
        let sandboxOutput = sandbox.process.output

        #expect(decided, "operator log: \(log.suffix(3000))")
        #expect(exit == 0)
        #expect(log.contains("dry run: nothing will be written and no token requested; leader election is off"))
        #expect(log.contains("dry run: would request a machine token"))
        #expect(log.contains("dry run: would create Secret"))
        #expect(log.contains("\"keys\":\"encryption-key,machine-token\""))
        #expect(log.contains("dry run: would restart workload"))
        #expect(log.contains("dry run: would record Event"))
        #expect(!log.contains("AGE-SECRET-KEY"), "a dry run logs key names, never key material")
        for result in [report, second] {
            #expect(result.status == 0, "stderr: \(result.stderrText)")
            let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            #expect((json["secret"] as? [String: Any])?["exists"] as? Bool == false, "a Secret was written")
            #expect((json["conditions"] as? [Any])?.isEmpty == true, "a status was written")
            #expect((json["events"] as? [Any])?.isEmpty == true, "an Event was recorded")
            #expect((json["workloads"] as? [[String: Any]])?.first?["restartedAt"] == nil, "a workload was restarted")
        }
        #expect(!sandboxOutput.contains("token issued"), "the sandbox saw a token issued: \(sandboxOutput)")
        #expect(!sandboxOutput.contains("secret created"))
    }
}
