import Foundation
import Testing

@Suite struct EmulatorRunbeamCommandTests {
    @Test func printsItsURLAndADevelopmentCredentialAndStopsOnSIGTERM() throws {
        let emulator = try EmulatorRunbeamProcess()
        #expect(emulator.apiURL.hasPrefix("http://127.0.0.1:") && emulator.apiURL.hasSuffix("/api"))
        let credential = try #require(emulator.developmentCredential)
        #expect(credential.range(of: #"^1\|[A-Za-z0-9]{40}$"#, options: .regularExpression) != nil)
        emulator.process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while emulator.process.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!emulator.process.isRunning)
        emulator.stop()
        #expect(emulator.process.terminationReason == .exit && emulator.process.terminationStatus == 0)
    }

    @Test func teamCredentialsAndTheTokenLifetimeApply() async throws {
        let emulator = try EmulatorRunbeamProcess(arguments: ["--credential", "blue=3|bluebluebluebluebluebluE", "--credential", "4|redredredredredredredreD", "--token-lifetime", "5m"])
        defer { emulator.stop() }
        #expect(emulator.developmentCredential == nil)
        let result = try await CommandRunner.runOffPool(
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
        let other = try await CommandRunner.runOffPool(
            ["token", "get", "-g", "short-lived", "--api-url", emulator.apiURL, "--raw"],
            environment: ["RUNBEAM_API_TOKEN": "4|redredredredredredredreD"]
        )
        #expect(other.status == 77)
        #expect(other.stderrText.contains("different team"))
    }

    @Test(arguments: [["--token-lifetime", "5 minutes"], ["--token-lifetime", "0s"], ["--listen", "nowhere"]])
    func rejectsBadArguments(arguments: [String]) throws {
        let result = try CommandRunner.run(["emulator", "runbeam"] + arguments)
        #expect(result.status == 64)
    }
}
