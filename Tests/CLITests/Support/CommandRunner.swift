import Foundation

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
    /// The built executable: SwiftPM places it in the same folder as the test bundle.
    static var binary: URL {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = bundleFolder.appendingPathComponent("runbeam-operator")
        if !FileManager.default.isExecutableFile(atPath: candidate.path) {
            // On some platforms the test bundle path is one level deeper.
            candidate = bundleFolder.deletingLastPathComponent().appendingPathComponent("runbeam-operator")
        }
        return candidate
    }

    /// Runs the binary with `arguments`, feeding `input` on stdin, and waits for it to exit.
    static func run(
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) throws -> CommandResult {
        try runExecutable(binary, arguments, input: input, environment: environment, currentDirectory: currentDirectory)
    }

    /// Runs any executable (a path, or a name looked up on `PATH`).
    static func runExecutable(
        _ executable: URL,
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        // Drain both outputs on their own threads so a full pipe never blocks the child.
        let stdoutBox = DataBox(), stderrBox = DataBox()
        let group = DispatchGroup()
        for (pipe, box) in [(stdoutPipe, stdoutBox), (stderrPipe, stderrBox)] {
            group.enter()
            DispatchQueue.global().async {
                box.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        // The throwing write: a child that exits without reading its input gives EPIPE, which the
        // non-throwing `write(_:)` turns into a crash of the whole test process. The child's status
        // and output then tell the test what happened.
        if !input.isEmpty { try? stdinPipe.fileHandleForWriting.write(contentsOf: input) }
        try stdinPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return CommandResult(status: process.terminationStatus, stdout: stdoutBox.get(), stderr: stderrBox.get())
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

private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
