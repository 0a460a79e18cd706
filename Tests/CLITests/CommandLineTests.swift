import Foundation
import TestSupport
import Testing

/// The command line around the subcommands: help, usage errors, and the checks each makes before
/// it does anything.
@Suite struct CommandLineTests {
    static let commands = [
        [], ["sandbox"], ["run"], ["validate"], ["manifests"], ["token"], ["token", "get"], ["age"], ["age", "keygen"],
        ["age", "recipient"], ["age", "encrypt"], ["age", "decrypt"], ["emulator"], ["emulator", "kubernetes"], ["emulator", "runbeam"],
    ]

    @Test(arguments: commands)
    func everyHelpHasExamples(_ command: [String]) async throws {
        let result = try await CommandRunner.run(command + ["--help"])
        #expect(result.status == 0)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "Examples:"), "no examples in \(command) --help")
        let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
        #expect(!examples.isEmpty)
        // Each example fits the help's width, so none is wrapped onto an unindented line.
        #expect(examples.allSatisfy { ["  runbeam-operator", "  RUNBEAM_", "  kubectl", "  helm", "    | "].contains(where: $0.hasPrefix) }, "\(examples)")
    }

    @Test func runHelpShowsTheDefaults() async throws {
        let help = try await CommandRunner.run(["run", "--help"]).stdoutText
        for fragment in ["(default: 4)", "(default: :8080)", "(default: :8081)", "(default: true)", "(default: info)", "(default: json)", "all namespaces"] {
            #expect(help.contains(fragment), "\(fragment)")
        }
    }

    @Test(arguments: [["valdate", "-f", "x.yaml"], ["help", "nonexistent"], ["nonexistent"]])
    func unknownSubcommandsShowTheRootUsage(_ arguments: [String]) async throws {
        let result = try await CommandRunner.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderrText.contains("Error: unknown subcommand '\(arguments[0] == "help" ? arguments[1] : arguments[0])'"))
        #expect(result.stderrText.contains("Usage: runbeam-operator <subcommand>\n"), "\(result.stderrText)")
        #expect(!result.stderrText.contains("sandbox ["))
        if arguments[0] == "valdate" { #expect(result.stderrText.contains("did you mean 'validate'?")) }
    }

    @Test func nestedUnknownSubcommandsShowTheirParentsUsage() async throws {
        let result = try await CommandRunner.run(["help", "token", "gte"])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("Usage: runbeam-operator token <subcommand>"))
        #expect(try await CommandRunner.run(["help", "token", "get"]).status == 0)
    }

    @Test func usageErrorsFoundWhileRunningNameTheSubcommand() async throws {
        let result = try await CommandRunner.run(["validate", "--config", "/nonexistent-\(UUID().uuidString).yaml", "-f", "-"])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("cannot read the configuration file"))
        #expect(result.stderrText.contains("Usage: runbeam-operator validate "), "\(result.stderrText)")
        #expect(result.stderrText.contains("See 'runbeam-operator validate --help'"))
    }

    @Test(arguments: ["Prod", "prod gateway", "prod_", "prod-", String(repeating: "a", count: 129)])
    func tokenGetChecksTheGatewayCodeLocally(_ code: String) async throws {
        // Port 9 is closed: a request would fail with 75; the check must come first.
        let result = try await CommandRunner.run(
            ["token", "get", "-g", code, "--api-url", "http://127.0.0.1:9/api"], environment: ["RUNBEAM_API_TOKEN": "1|secret"])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("is not a gateway code"))
        #expect(result.stderrText.contains("^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$"))
        #expect(result.stderrText.contains("Usage: runbeam-operator token get"))
    }

    @Test func ageDecryptAcceptsTheBase64FormWithANote() async throws {
        let folder = try TemporaryFolder(prefix: "age-b64").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = try await CommandRunner.run(["age", "keygen", "--format", "base64"])
        let keyFile = folder.appendingPathComponent("key.b64")
        try key.stdout.write(to: keyFile)
        let raw = String(decoding: Data(base64Encoded: key.stdout) ?? Data(), as: UTF8.self)
        let recipient = try await CommandRunner.run(["age", "recipient"], input: Data(raw.utf8)).stdoutText.trimmingCharacters(in: .newlines)
        let sealed = try await CommandRunner.run(["age", "encrypt", "-r", recipient, "-a"], input: Data("hello".utf8))
        #expect(sealed.status == 0)
        let opened = try await CommandRunner.run(["age", "decrypt", "-i", keyFile.path], input: sealed.stdout)
        #expect(opened.status == 0, "\(opened.stderrText)")
        #expect(opened.stdoutText == "hello")
        #expect(opened.stderrText.contains("holds the base64 form Harmony reads"))
        #expect(!opened.stderrText.contains("AGE-SECRET-KEY-1"))
        // Anything else that is not a key file still fails.
        try Data("bm90IGEga2V5".utf8).write(to: keyFile)
        #expect(try await CommandRunner.run(["age", "decrypt", "-i", keyFile.path], input: sealed.stdout).status == 1)
    }

    @Test(arguments: ["plain-secret", "abc|secret", "42|", "a.b", "team=x.y"])
    func emulatorRunbeamRefusesCredentialsRunbeamWouldRefuse(_ credential: String) async throws {
        let result = try await CommandRunner.run(["emulator", "runbeam", "--credential", "1|fine", "--credential", credential])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("--credential #2 is neither a Sanctum API token (ID|SECRET"))
        #expect(!result.stderrText.contains(credential))
    }

    @Test func runWithoutTheCRDSaysToInstallIt() async throws {
        let kube = try await Kubectl.withEmulator()
        let result = try await CommandRunner.run([
            "run", "--kubeconfig", kube.kubeconfig.path, "--leader-elect", "false", "--metrics-address", "127.0.0.1:0",
            "--health-address", "127.0.0.1:0", "--log-format", "text",
        ])
        await kube.stop()
        #expect(result.status == 1)
        #expect((result.stdoutText + result.stderrText).contains("install the CRD (kubectl apply -f manifests/)"), "\(result.stderrText)")
    }

    @Test func theKubeconfigInErrorsIsTheOneTried() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)")
        let result = try await CommandRunner.run(
            ["run", "--leader-elect", "false", "--metrics-address", "127.0.0.1:0", "--health-address", "127.0.0.1:0", "--log-format", "text"],
            environment: ["HOME": home.path, "KUBECONFIG": "", "KUBERNETES_SERVICE_HOST": ""])
        #expect(result.status == 1)
        #expect((result.stdoutText + result.stderrText).contains("\(home.path)/.kube/config: no kubeconfig found"), "\(result.stderrText)")
    }
}
