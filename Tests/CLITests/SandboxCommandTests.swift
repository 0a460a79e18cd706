import ChildProcess
import Foundation
import Testing

@Suite struct SandboxCommandTests {
    private func sandbox(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.run(["sandbox"] + arguments)
    }

    @Test func issuesRenewsAndRollsOutEveryGatewayThenExitsZero() async throws {
        let result = try await sandbox(["--gateways", "3", "--time-scale", "432000"])
        let output = result.stdoutText
        #expect(result.status == 0, "stderr: \(result.stderrText)")
        let lines = output.split(separator: "\n").map(String.init)
        for gateway in ["gateway-1", "gateway-2", "gateway-3"] {
            #expect(lines.filter { $0.contains("token issued    harmony/\(gateway)          first issuance") }.count == 1)
            #expect(lines.contains { $0.contains("token renewed   harmony/\(gateway)          renewal 1") })
            #expect(lines.contains { $0.contains("secret updated  harmony/\(gateway)-runbeam  for \(gateway)") })
            #expect(lines.filter { $0.contains("rollout         harmony/harmony-\(gateway)  for \(gateway)") }.count >= 2)
        }
        #expect(lines.filter { $0.contains("token issued ") }.count == 3)
        #expect(output.contains("Token lifetime: 6"))
        #expect(output.contains("Every Gateway was renewed at least once after"))
        #expect(output.contains("; 3 of 3 Gateway(s) Ready."))
        let summary = try #require(lines.first { $0.hasPrefix("Summary: ") })
        #expect(summary.hasPrefix("Summary: issuances: 3, renewals: "))
        let renewals = try #require(Int(summary.split(separator: "renewals: ")[1].prefix { $0.isNumber }))
        let rollouts = try #require(Int(summary.split(separator: "rollouts: ")[1].prefix { $0.isNumber }))
        #expect(renewals >= 3)
        #expect(rollouts >= 6)
        #expect(!output.contains("|"), "no Sanctum-shaped credential may be printed")
    }

    /// Acceptance 3: at 50 Gateways and the fastest clock the summary counts exactly the lines above
    /// it, and a normal exit prints no warning.
    @Test func theSummaryCountsTheLinesPrintedAndNothingWarns() async throws {
        let result = try await sandbox(["--gateways", "50", "--time-scale", "864000"])
        #expect(result.status == 0, "stderr: \(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        func count(_ what: String) -> Int { lines.filter { $0.dropFirst(10).hasPrefix(what) }.count }
        let summary = try #require(lines.last)
        #expect(summary == "Summary: issuances: \(count("token issued ")), renewals: \(count("token renewed ")), "
            + "Secret writes: \(count("secret created ") + count("secret updated ")), rollouts: \(count("rollout "))")
        #expect(count("token issued ") == 50)
        #expect(lines.contains { $0.hasSuffix("; 50 of 50 Gateway(s) Ready.") })
        #expect(result.stderrText.isEmpty, "\(result.stderrText)")
        #expect(!result.stdoutText.lowercased().contains("warning"))
    }

    /// `--no-controller` prints a `run` line that starts this very binary, so it works after `swift run`.
    @Test func theRunLineNamesThisBinary() async throws {
        let child = try ChildProcess(ChildCommand(
            executable: CommandRunner.binary.path, arguments: ["sandbox", "--no-controller", "--gateways", "1"],
            environment: ProcessInfo.processInfo.environment, error: .discard))
        let text = await child.outputLines(7, within: .seconds(30))
        child.terminate()
        _ = await child.wait(timeout: .seconds(30))
        #expect(text.contains("  \(CommandRunner.binary.standardizedFileURL.path) run --config "), "\(text)")
    }

    @Test(arguments: [
        (["--gateways", "0"], "--gateways must be between 1 and 50, found 0"),
        (["--time-scale", "0"], "--time-scale must be between 1 (real time) and 864000"),
        (["--time-scale", "fast"], "--time-scale"),
    ])
    func badOptionsExitNonZeroWithAReason(_ arguments: [String], _ message: String) async throws {
        let result = try await sandbox(arguments)
        #expect(result.status != 0)
        #expect(result.stderrText.contains(message))
        #expect(result.stdoutText.isEmpty)
    }
}
