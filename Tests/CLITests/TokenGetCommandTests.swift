import Foundation
import TestSupport
import Testing

@Suite struct TokenGetCommandTests {
    static let sixKeys = #"["abilities","expires_at","gateway_code","gateway_id","issued_at","machine_token"]"#

    private func tool(_ name: String) throws -> URL {
        try #require(CommandRunner.which(name), "\(name) must be installed")
    }

    @Test func rawOutputPipedToJqShowsTheSixKeys() async throws {
        let emulator = try await EmulatorRunbeamProcess()
        let credential = try #require(emulator.developmentCredential)
        let result = try await CommandRunner.run(["token", "get", "-g", "prod-gateway", "--api-url", emulator.apiURL, "--raw"], environment: ["RUNBEAM_API_TOKEN": credential])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.isEmpty)
        #expect(result.stdoutText.filter { $0 == "\n" }.count == 1 && result.stdoutText.hasSuffix("}\n"))
        let keys = try await CommandRunner.runExecutable(try tool("jq"), ["-c", "keys"], input: result.stdout)
        #expect(keys.stdoutText == Self.sixKeys + "\n")
        let values = try await CommandRunner.runExecutable(try tool("jq"), ["-r", ".gateway_code, (.machine_token | startswith(\"mt_\")), (.abilities | length)"], input: result.stdout)
        #expect(values.stdoutText == "prod-gateway\ntrue\n0\n")
        #expect(try await emulator.control("GET", "tokens").contains(#""prod-gateway":1"#))
    }

    @Test func theDefaultPrintsASummaryOnStderrAndThePayloadOnStdout() async throws {
        let emulator = try await EmulatorRunbeamProcess()
        let folder = try TemporaryFolder(prefix: "token-get").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let credentialFile = folder.appendingPathComponent("credential")
        try Data((try #require(emulator.developmentCredential) + "\n").utf8).write(to: credentialFile)
        let result = try await CommandRunner.run(["token", "get", "--gateway-code", "edge", "--api-url", emulator.apiURL, "--credential-file", credentialFile.path])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.contains("Machine token issued for gateway edge"))
        #expect(result.stderrText.contains("expires "))
        #expect(!result.stderrText.contains("mt_"))
        let payload = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(payload.count == 6)
        let fromStdin = try await CommandRunner.run(
            ["token", "get", "-g", "edge", "--api-url", emulator.apiURL, "--credential-file", "-", "--raw"],
            input: Data(try #require(emulator.developmentCredential).utf8)
        )
        #expect(fromStdin.status == 0, "\(fromStdin.stderrText)")
    }

    @Test(arguments: [false, true])
    func encryptedOutputDecryptsWithTheRealAge(armor: Bool) async throws {
        let emulator = try await EmulatorRunbeamProcess()
        let folder = try TemporaryFolder(prefix: "token-get").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.txt")
        #expect(try await CommandRunner.runExecutable(try tool("age-keygen"), ["-o", key.path]).status == 0)
        let recipient = try await CommandRunner.runExecutable(try tool("age-keygen"), ["-y", key.path]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let sealed = try await CommandRunner.run(
            ["token", "get", "-g", "git-stored", "--api-url", emulator.apiURL, "--encrypt-to", recipient] + (armor ? ["--armor"] : []),
            environment: ["RUNBEAM_API_TOKEN": try #require(emulator.developmentCredential)]
        )
        #expect(sealed.status == 0, "\(sealed.stderrText)")
        #expect(sealed.stderrText.contains("Machine token issued"))
        #expect(armor == sealed.stdoutText.hasPrefix("-----BEGIN AGE ENCRYPTED FILE-----"))
        #expect(!sealed.stdout.contains(Data("mt_".utf8)))
        let opened = try await CommandRunner.runExecutable(try tool("age"), ["-d", "-i", key.path], input: sealed.stdout)
        #expect(opened.status == 0, "\(opened.stderrText)")
        #expect(!opened.stdoutText.contains("\n"))
        let keys = try await CommandRunner.runExecutable(try tool("jq"), ["-c", "keys"], input: opened.stdout)
        #expect(keys.stdoutText == Self.sixKeys + "\n")
    }

    /// One failing invocation: what to set up, the arguments, and the exit status expected.
    struct Failure: Sendable, CustomTestStringConvertible {
        var name: String
        var fault: String?
        var arguments: [String] = []
        var credential: Credential = .development
        var status: Int32
        var testDescription: String { name }

        enum Credential: Sendable { case development, unknown, none }
    }

    static let failures: [Failure] = [
        Failure(name: "no credential", credential: .none, status: 64),
        Failure(name: "credential as an argument", arguments: ["--credential", "1|abc"], status: 64),
        Failure(name: "plain http to a remote host", arguments: ["--api-url", "http://runbeam.example/api"], status: 64),
        Failure(name: "armor without encrypt-to", arguments: ["--armor"], status: 64),
        Failure(name: "bad recipient", arguments: ["--encrypt-to", "age1notarecipient"], status: 64),
        Failure(name: "unknown credential", credential: .unknown, status: 77),
        Failure(name: "another team's gateway", arguments: ["-g", "taken"], status: 77),
        Failure(name: "injected 401", fault: #"{"fault":"unauthorized"}"#, status: 77),
        Failure(name: "injected 403 echoing secrets", fault: #"{"fault":"forbidden","message":"CREDENTIAL and MACHINE_TOKEN"}"#, status: 77),
        Failure(name: "invalid gateway code (checked before any request)", arguments: ["-g", "not valid!"], status: 64),
        Failure(name: "429", fault: #"{"fault":"rateLimited","retryAfter":30}"#, status: 75),
        Failure(name: "500", fault: #"{"fault":"internalError"}"#, status: 75),
        Failure(name: "503", fault: #"{"fault":"serviceUnavailable","retryAfter":5}"#, status: 75),
        Failure(name: "truncated body", fault: #"{"fault":"truncatedBody"}"#, status: 75),
        Failure(name: "malformed JSON", fault: #"{"fault":"malformedJSON"}"#, status: 76),
        Failure(name: "wrong field types", fault: #"{"fault":"wrongFieldTypes"}"#, status: 76),
        Failure(name: "unparseable expires_at", fault: #"{"fault":"unparseableExpiresAt"}"#, status: 76),
        Failure(name: "2 MiB body", fault: #"{"fault":"hugeBody","bytes":2097152}"#, status: 76),
    ]

    /// Acceptance 4: every error path exits with its status, and nothing it prints or logs (with
    /// `--verbose`) contains the credential, its secret part, the token issued earlier or any `mt_…`.
    @Test func errorPathsExitDistinctlyAndNeverRevealSecrets() async throws {
        let emulator = try await EmulatorRunbeamProcess()
        let credential = try #require(emulator.developmentCredential)
        let secretPart = String(credential.split(separator: "|")[1])
        let issued = try await CommandRunner.run(["token", "get", "-g", "prod", "--api-url", emulator.apiURL, "--raw"], environment: ["RUNBEAM_API_TOKEN": credential])
        let token = try #require((try JSONSerialization.jsonObject(with: issued.stdout) as? [String: Any])?["machine_token"] as? String)
        try await emulator.control("POST", "gateways", json: #"{"code":"taken","team":"other"}"#)
        var transcripts: [String] = []
        for failure in Self.failures {
            if let fault = failure.fault {
                try await emulator.control("POST", "faults", json: fault.replacingOccurrences(of: "CREDENTIAL", with: credential)
                    // A token-shaped string built at run time, so no token-like literal sits in the repository.
                    .replacingOccurrences(of: "MACHINE_TOKEN", with: "mt_" + String(repeating: "q", count: 40)))
            }
            var environment: [String: String] = ["RUNBEAM_API_TOKEN": "", "RUNBEAM_API_URL": ""]
            switch failure.credential {
            case .development: environment["RUNBEAM_API_TOKEN"] = credential
            case .unknown: environment["RUNBEAM_API_TOKEN"] = "42|" + String(secretPart.reversed())
            case .none: break
            }
            var arguments = ["token", "get", "--verbose"]
            if !failure.arguments.contains("-g") { arguments += ["-g", "prod"] }
            if !failure.arguments.contains("--api-url") { arguments += ["--api-url", emulator.apiURL] }
            let result = try await CommandRunner.run(arguments + failure.arguments, environment: environment)
            #expect(result.status == failure.status, "\(failure.name): \(result.stderrText)")
            #expect(result.stdout.isEmpty, "\(failure.name)")
            #expect(result.stderrText.lowercased().contains("error"), "\(failure.name)")
            transcripts.append(result.stdoutText + result.stderrText)
        }
        try await emulator.control("POST", "faults/reset")
        let unreachable = try await CommandRunner.run(
            ["token", "get", "--verbose", "-g", "prod", "--api-url", "http://127.0.0.1:1/api"], environment: ["RUNBEAM_API_TOKEN": credential]
        )
        #expect(unreachable.status == 75)
        transcripts.append(unreachable.stdoutText + unreachable.stderrText)
        let requests = try await emulator.control("GET", "requests")
        transcripts.append(requests)
        for transcript in transcripts {
            #expect(!transcript.contains(credential) && !transcript.contains(secretPart) && !transcript.contains(token), "\(transcript)")
            #expect(transcript.range(of: #"mt_[A-Za-z0-9]{6,}"#, options: .regularExpression) == nil, "\(transcript)")
        }
        #expect(transcripts.joined().contains("[redacted]"))
    }
}
