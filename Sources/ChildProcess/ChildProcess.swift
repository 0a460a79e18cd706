import CSpawn
import FoundationEssentials
import Glibc

/// A running child process.
///
/// Started with `posix_spawn`: the child gets its three standard streams and no other descriptor of
/// this process, no blocked signal and default signal dispositions (it can be stopped with SIGTERM
/// even when started from a thread that blocks signals). Its output is read and its exit is reaped
/// on plain threads of their own, so that nothing about a child blocks Swift's cooperative pool.
/// Dropping the last reference kills a child that still runs.
public final class ChildProcess: Sendable {
    /// The child's process ID.
    public let pid: pid_t
    private let state: ChildState
    private let outputCollector: OutputCollector?
    private let errorCollector: OutputCollector?

    /// Starts `command`.
    public init(_ command: ChildCommand) throws(ChildProcessError) {
        var pipes = PipeSet()
        do {
            let input = try pipes.descriptor(for: command.input, executable: command.executable)
            let output = try pipes.descriptor(for: command.output, stream: 1, executable: command.executable)
            let error = try pipes.descriptor(for: command.error, stream: 2, output: output, executable: command.executable)
            pid = try Self.spawn(command, input: input, output: output, error: error)
        } catch {
            pipes.closeAll()
            throw error
        }
        pipes.closeChildEnds()
        outputCollector = pipes.outputRead.map { OutputCollector(descriptor: $0, limit: command.output.limit) }
        errorCollector = pipes.errorRead.map { OutputCollector(descriptor: $0, limit: command.error.limit) }
        if let descriptor = pipes.inputWrite, case .data(let bytes) = command.input {
            InputWriter.start(descriptor: descriptor, bytes: bytes)
        }
        state = ChildState(pid: pid)
        state.startReaper(collectors: [outputCollector, errorCollector].compactMap { $0 })
    }

    deinit { state.signal(SIGKILL) }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { state.exit == nil }

    /// How the child ended, once it has.
    public var exit: ChildExit? { state.exit }

    /// What the child wrote to standard output so far (with ``ChildOutput/collect(limit:)``).
    public var standardOutput: Data { outputCollector?.bytes ?? Data() }

    /// What the child wrote to standard error so far (with ``ChildOutput/collect(limit:)``; with
    /// ``ChildOutput/mergedIntoOutput`` it is in ``standardOutput``).
    public var standardError: Data { errorCollector?.bytes ?? Data() }

    /// Whether either collected stream went over its limit.
    public var outputTruncated: Bool { (outputCollector?.truncated ?? false) || (errorCollector?.truncated ?? false) }

    /// Sends `signal` unless the child has already been reaped (never a recycled process ID).
    public func signal(_ signal: Int32) { state.signal(signal) }

    /// Sends SIGTERM.
    public func terminate() { signal(SIGTERM) }

    /// Sends SIGKILL.
    public func kill() { signal(SIGKILL) }

    /// Waits until the child has exited and its collected output has reached end of file.
    public func wait() async -> ChildExit {
        await state.wait(timeout: nil) ?? .unknown
    }

    /// ``wait()`` for at most `timeout`; nil if the child is still running then.
    public func wait(timeout: Duration) async -> ChildExit? {
        await state.wait(timeout: timeout)
    }

    /// Starts `command` and waits for it to end.
    public static func run(_ command: ChildCommand) async throws(ChildProcessError) -> ChildResult {
        let child = try ChildProcess(command)
        let exit = await child.wait()
        return ChildResult(exit: exit, standardOutput: child.standardOutput, standardError: child.standardError, truncated: child.outputTruncated)
    }

    private static func spawn(_ command: ChildCommand, input: Int32, output: Int32, error: Int32) throws(ChildProcessError) -> pid_t {
        let arguments = ([command.executable] + command.arguments).map { strdup($0) }
        let environment = command.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer { (arguments + environment).forEach { free($0) } }
        var argv = arguments + [nil]
        var envp = environment + [nil]
        var pid: pid_t = 0
        let result = argv.withUnsafeMutableBufferPointer { argv in
            envp.withUnsafeMutableBufferPointer { envp in
                command.workingDirectory.withOptionalCString { directory in
                    cspawn_start(&pid, command.executable, argv.baseAddress, envp.baseAddress, input, output, error, directory,
                                 command.executable.contains("/") ? 0 : 1)
                }
            }
        }
        guard result == 0 else { throw ChildProcessError(executable: command.executable, code: result, step: "start") }
        return pid
    }
}

/// What a finished child left: how it ended and what it wrote.
public struct ChildResult: Sendable {
    public var exit: ChildExit
    public var standardOutput: Data
    public var standardError: Data
    /// Whether output went over the collection limit and was partly dropped.
    public var truncated: Bool
}

extension ChildOutput {
    var limit: Int {
        if case .collect(let limit) = self { return limit }
        return 0
    }
}

extension Optional where Wrapped == String {
    fileprivate func withOptionalCString<Result>(_ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        switch self {
        case .some(let string): string.withCString { body($0) }
        case .none: body(nil)
        }
    }
}
