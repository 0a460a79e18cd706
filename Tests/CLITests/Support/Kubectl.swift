import ChildProcess
import Foundation
import TestSupport
import Testing

/// The real kubectl (`$KUBECTL`, else `PATH`) against an emulator the test started with
/// `runbeam-operator emulator kubernetes`, with its own kubeconfig and cache folder.
struct Kubectl {
    static var executable: URL? {
        if let path = ProcessInfo.processInfo.environment["KUBECTL"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        return CommandRunner.which("kubectl")
    }

    /// Skipped on a developer machine without kubectl; under CI (`CI=true`) a missing kubectl fails.
    static var available: Bool { executable != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    let folder: URL
    let emulator: ChildProcess
    var kubeconfig: URL { folder.appendingPathComponent("kubeconfig") }

    /// Starts the emulator with `arguments` added to its command line (e.g. `--token`); call ``stop()`` when done.
    static func withEmulator(arguments: [String] = []) async throws -> Kubectl {
        let folder = try TemporaryFolder(prefix: "kubectl").url
        let emulator = try ChildProcess(ChildCommand(
            executable: CommandRunner.binary.path,
            arguments: ["emulator", "kubernetes", "--listen", "127.0.0.1:0", "--write-kubeconfig", folder.appendingPathComponent("kubeconfig").path]
                + arguments,
            environment: ProcessInfo.processInfo.environment, error: .discard
        ))
        let started = await emulator.outputLines(1, within: .seconds(20))
        try #require(started.contains("listening on"), "the emulator did not start: \(started)")
        return Kubectl(folder: folder, emulator: emulator)
    }

    /// Runs `body` against a fresh emulator (started with `arguments` added) and stops it afterwards, whether `body`
    /// returns or throws.
    static func withEmulator(arguments: [String] = [], _ body: (Kubectl) async throws -> Void) async throws {
        let kube = try await withEmulator(arguments: arguments)
        do {
            try await body(kube)
        } catch {
            await kube.stop()
            throw error
        }
        await kube.stop()
    }

    func stop() async {
        emulator.terminate()
        _ = await emulator.wait(timeout: .seconds(30))
        try? FileManager.default.removeItem(at: folder)
    }

    /// Applies the generated Gateway CRD and creates Gateway `prod` in `default` (retrying while discovery lags the CRD).
    func createExampleGateway() async throws {
        let crd = try await CommandRunner.run(["manifests", "--crd-only"])
        #expect(try await run(["apply", "-f", "-"], input: crd.stdout).status == 0)
        let gateway = Data("""
            apiVersion: runbeam.io/v1alpha1
            kind: Gateway
            metadata: {name: prod, namespace: default}
            spec: {cloud: {credentialsSecretRef: {name: creds, key: token}}}

            """.utf8)
        var created = try await run(["create", "-f", "-"], input: gateway)
        for _ in 0..<50 where created.status != 0 {
            try await Task.sleep(for: .milliseconds(100))
            created = try await run(["create", "-f", "-"], input: gateway)
        }
        try #require(created.status == 0, "\(created.stderrText)")
    }

    /// Runs kubectl with the emulator's kubeconfig, or with `kubeconfig` when given.
    func run(_ arguments: [String], input: Data = Data(), kubeconfig: URL? = nil) async throws -> CommandResult {
        let executable = try #require(Self.executable, "kubectl not found on PATH or in $KUBECTL")
        return try await CommandRunner.runExecutable(
            executable, ["--kubeconfig", (kubeconfig ?? self.kubeconfig).path, "--cache-dir", folder.appendingPathComponent("cache").path] + arguments,
            input: input)
    }
}
