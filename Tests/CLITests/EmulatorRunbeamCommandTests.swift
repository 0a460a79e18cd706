import ChildProcess
import Foundation
import Testing

@Suite struct EmulatorRunbeamCommandTests {
    @Test func printsItsURLAndADevelopmentCredentialAndStopsOnSIGTERM() async throws {
        let emulator = try await EmulatorRunbeamProcess()
        #expect(emulator.apiURL.hasPrefix("http://127.0.0.1:") && emulator.apiURL.hasSuffix("/api"))
        let credential = try #require(emulator.developmentCredential)
        #expect(credential.range(of: #"^1\|[A-Za-z0-9]{40}$"#, options: .regularExpression) != nil)
        emulator.child.terminate()
        #expect(await emulator.child.wait(timeout: .seconds(30)) == .exited(0))
    }

    @Test func teamCredentialsAndTheTokenLifetimeApply() async throws {
        let emulator = try await EmulatorRunbeamProcess(arguments: ["--credential", "blue=3|bluebluebluebluebluebluE", "--credential", "4|redredredredredredredreD", "--token-lifetime", "5m"])
        #expect(emulator.developmentCredential == nil)
        let result = try await CommandRunner.run(
            ["token", "get", "-g", "short-lived", "--api-url", emulator.apiURL, "--raw"],
            environment: ["RUNBEAM_API_TOKEN": "3|bluebluebluebluebluebluE"]
        )
        #expect(result.status == 0, "\(result.stderrText)")
        let payload = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let issued = try #require(ISO8601DateFormatter().date(from: payload["issued_at"] as? String ?? ""))
        let expires = try #require(ISO8601DateFormatter().date(from: payload["expires_at"] as? String ?? ""))
        #expect(abs(expires.timeIntervalSince(issued) - 300) <= 2)
        let gateways = try await emulator.control("GET", "gateways")
        #expect(gateways.contains(#""team":"blue""#))
        let other = try await CommandRunner.run(
            ["token", "get", "-g", "short-lived", "--api-url", emulator.apiURL, "--raw"],
            environment: ["RUNBEAM_API_TOKEN": "4|redredredredredredredreD"]
        )
        #expect(other.status == 77)
        #expect(other.stderrText.contains("different team"))
    }

    @Test(arguments: [["--token-lifetime", "5 minutes"], ["--token-lifetime", "0s"], ["--listen", "nowhere"]])
    func rejectsBadArguments(arguments: [String]) async throws {
        let result = try await CommandRunner.run(["emulator", "runbeam"] + arguments)
        #expect(result.status == 64)
    }
}
