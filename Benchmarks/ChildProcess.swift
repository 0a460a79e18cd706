import Foundation

/// A program the harness runs as its own process, with stdout and stderr collected by plain threads
/// (blocking reads never sit on Swift's cooperative pool).
final class ChildProcess: @unchecked Sendable {
    let name: String
    private let process = Process()
    private let lock = NSLock()
    private var collected = Data()
    /// Output pipes not yet at end of file.
    private var openPipes = 2

    /// Starts `executable` with `arguments`; `name` labels it in errors.
    init(name: String, executable: URL, arguments: [String], environment: [String: String]? = nil) throws(BenchError) {
        self.name = name
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start \(name) (\(executable.path)): \(error); check the --operator path")
        }
        for pipe in [stdout, stderr] {
            Thread { [self] in
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    lock.withLock { collected.append(chunk) }
                }
                lock.withLock { openPipes -= 1 }
            }.start()
        }
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Everything the process wrote to stdout and stderr so far.
    var output: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

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

    /// Waits, polling, for the process to exit by itself and its output to be read to the end; returns the exit
    /// status, or nil on timeout.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while (isRunning || lock.withLock({ openPipes > 0 })) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return isRunning ? nil : process.terminationStatus
    }

    /// Sends SIGTERM and waits, polling, for the exit; returns the exit status, or nil on timeout.
    func terminate(timeout: Duration) async -> Int32? {
        guard isRunning else { return process.terminationStatus }
        kill(pid, SIGTERM)
        return await waitForExit(timeout: timeout)
    }

    /// Sends SIGKILL if the process still runs.
    func forceKill() {
        if isRunning { kill(pid, SIGKILL) }
    }

    deinit { forceKill() }
}
