import Foundation

/// The `runbeam-operator` binary SwiftPM built beside the test bundle, run as a child process whose
/// output is collected while it runs.
public final class OperatorProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var collected = Data()
    private var readers: [Thread] = []

    public static var binary: URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = folder.appendingPathComponent("runbeam-operator")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return folder.deletingLastPathComponent().appendingPathComponent("runbeam-operator")
    }

    public init(arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Self.binary
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        for pipe in [stdout, stderr] {
            // Plain threads: blocking reads must not sit on Swift's cooperative pool.
            let reader = Thread { [self] in
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    lock.withLock { collected.append(chunk) }
                }
            }
            reader.start()
            readers.append(reader)
        }
    }

    /// Everything the process wrote to stdout and stderr so far.
    public var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    public var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM (the operator handles it through dispatch signal sources).
    public func terminate() { process.terminate() }

    /// Waits for the exit, polling; returns the exit status, or nil if it is still running after `timeout`.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Kills the process if it still runs.
    public func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    deinit { kill() }
}
