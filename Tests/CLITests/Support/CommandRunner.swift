import ChildProcess
import Foundation
import TestSupport

/// What one run of the `runbeam-operator` binary produced.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: Data

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs the `runbeam-operator` binary that SwiftPM built beside the test bundle.
enum CommandRunner {
    /// The built executable (SwiftPM places it beside the test bundle).
    static var binary: URL { OperatorProcess.binary }

    /// Runs the binary with `arguments`, feeding `input` on stdin, and waits for it to exit.
    static func run(
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) async throws -> CommandResult {
        try await runExecutable(binary, arguments, input: input, environment: environment, currentDirectory: currentDirectory)
    }

    /// Runs any executable (a path, or a name looked up on `PATH`). The child is reaped and read on
    /// threads of its own: a test waiting for it holds none of Swift's few cooperative threads.
    static func runExecutable(
        _ executable: URL,
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) async throws -> CommandResult {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let result = try await ChildProcess.run(ChildCommand(
            executable: executable.path, arguments: arguments, environment: merged, workingDirectory: currentDirectory?.path,
            input: .data(input)
        ))
        return CommandResult(status: result.exit.status, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// The full path of a tool on `PATH`, or nil.
    static func which(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
