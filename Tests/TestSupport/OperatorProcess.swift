import ChildProcess
import Foundation

/// The `runbeam-operator` binary SwiftPM built beside the test bundle, run as a child process whose
/// output is collected while it runs.
public final class OperatorProcess: Sendable {
    private let child: ChildProcess

    /// The built executable: SwiftPM places it beside the test bundle, or one level up on some platforms.
    public static var binary: URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = folder.appendingPathComponent("runbeam-operator")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return folder.deletingLastPathComponent().appendingPathComponent("runbeam-operator")
    }

    public init(arguments: [String], environment: [String: String] = [:]) throws {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        child = try ChildProcess(ChildCommand(
            executable: Self.binary.path, arguments: arguments, environment: merged, output: .collect(), error: .mergedIntoOutput
        ))
    }

    /// Everything the process wrote to stdout and stderr so far.
    public var output: String { String(decoding: child.standardOutput, as: UTF8.self) }

    public var isRunning: Bool { child.isRunning }

    /// The metrics and health ports from the operator's `operator starting` line (JSON log format),
    /// once it has logged it: configured as port 0, they are whatever the system chose.
    public func probePorts(within timeout: Duration) async -> (metrics: Int, health: Int)? {
        let deadline = ContinuousClock.now + timeout
        repeat {
            for line in output.split(separator: "\n") where line.contains("\"operator starting\"") {
                guard let fields = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let metrics = (fields["metrics"] as? String).flatMap(Self.port), let health = (fields["health"] as? String).flatMap(Self.port)
                else { continue }
                return (metrics, health)
            }
            try? await Task.sleep(for: .milliseconds(20))
        } while ContinuousClock.now < deadline && isRunning
        return nil
    }

    private static func port(_ address: String) -> Int? {
        address.split(separator: ":").last.flatMap { Int($0) }
    }

    /// Sends SIGTERM (the child starts with default signal handling, so the operator's handlers see it).
    public func terminate() { child.terminate() }

    /// Waits for the exit; returns the exit status, or nil if it is still running after `timeout`.
    public func waitForExit(timeout: Duration) async -> Int32? {
        await child.wait(timeout: timeout)?.status
    }

    /// Kills the process if it still runs.
    public func kill() { child.kill() }
}
