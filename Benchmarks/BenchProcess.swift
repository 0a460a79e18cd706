import ChildProcess
import Foundation

/// A program the harness runs as its own process, stdout and stderr collected together in the order
/// written (reading and reaping happen on plain threads, never on Swift's cooperative pool).
final class BenchProcess: Sendable {
    let name: String
    private let child: ChildProcess

    /// Starts `executable` with `arguments` (and this process's environment unless one is given);
    /// `name` labels it in errors.
    init(name: String, executable: URL, arguments: [String], environment: [String: String]? = nil) throws(BenchError) {
        self.name = name
        do {
            child = try ChildProcess(ChildCommand(
                executable: executable.path, arguments: arguments, environment: environment ?? ProcessInfo.processInfo.environment,
                output: .collect(), error: .mergedIntoOutput
            ))
        } catch {
            throw BenchError("cannot start \(name): \(error); check the --operator path")
        }
    }

    var pid: Int32 { child.pid }
    var isRunning: Bool { child.isRunning }

    /// Everything the process wrote to stdout and stderr so far.
    var output: String { String(decoding: child.standardOutput, as: UTF8.self) }

    /// Waits, polling, until the output contains `prefix` followed by a URL, and returns that URL.
    func waitForURL(after prefix: String, timeout: Duration) async throws(BenchError) -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.split(separator: "\n").first(where: { $0.contains(prefix) }),
               let start = line.range(of: "http://") {
                return String(line[start.lowerBound...].prefix { !$0.isWhitespace })
            }
            guard isRunning else { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("\(name) did not print its URL within \(timeout); its output:\n\(output.suffix(2000))")
    }

    /// Waits for the process to exit by itself and its output to be read to the end; returns the exit
    /// status (128 + the signal for a signal), or nil on timeout.
    func waitForExit(timeout: Duration) async -> Int32? {
        await child.wait(timeout: timeout)?.status
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status, or nil on timeout.
    func terminate(timeout: Duration) async -> Int32? {
        child.terminate()
        return await waitForExit(timeout: timeout)
    }

    /// Sends SIGKILL if the process still runs.
    func forceKill() { child.kill() }
}
