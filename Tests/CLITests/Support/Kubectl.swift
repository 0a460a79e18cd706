import ChildProcess
import Foundation
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

    /// Starts the emulator; call ``stop()`` when done.
    static func withEmulator() async throws -> Kubectl {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let emulator = try ChildProcess(ChildCommand(
            executable: CommandRunner.binary.path,
            arguments: ["emulator", "kubernetes", "--listen", "127.0.0.1:0", "--write-kubeconfig", folder.appendingPathComponent("kubeconfig").path],
            environment: ProcessInfo.processInfo.environment, error: .discard
        ))
        let started = await emulator.outputLines(1, within: .seconds(20))
        try #require(started.contains("listening on"), "the emulator did not start: \(started)")
        return Kubectl(folder: folder, emulator: emulator)
    }

    func stop() async {
        emulator.terminate()
        _ = await emulator.wait(timeout: .seconds(30))
        try? FileManager.default.removeItem(at: folder)
    }

    func run(_ arguments: [String], input: Data = Data()) async throws -> CommandResult {
        let executable = try #require(Self.executable, "kubectl not found on PATH or in $KUBECTL")
        return try await CommandRunner.runExecutable(
            executable, ["--kubeconfig", kubeconfig.path, "--cache-dir", folder.appendingPathComponent("cache").path] + arguments, input: input)
    }
}
