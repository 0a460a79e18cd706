import FoundationEssentials

/// What to run as a child process, and the streams it gets.
public struct ChildCommand: Sendable {
    /// A path (containing `/`), or a name looked up on this process's `PATH`.
    public var executable: String
    public var arguments: [String]
    /// The child's whole environment (nothing is inherited that is not listed here).
    public var environment: [String: String]
    /// The child's working directory; nil keeps this process's.
    public var workingDirectory: String?
    public var input: ChildInput
    public var output: ChildOutput
    public var error: ChildOutput

    public init(
        executable: String, arguments: [String] = [], environment: [String: String], workingDirectory: String? = nil,
        input: ChildInput = .null, output: ChildOutput = .collect(), error: ChildOutput = .collect()
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.input = input
        self.output = output
        self.error = error
    }
}

/// Where the child's standard input comes from.
public enum ChildInput: Sendable {
    /// `/dev/null`.
    case null
    /// This process's own standard input.
    case inherit
    /// These bytes, written from a thread of their own, then end of file. A child that exits without
    /// reading them all is not an error: its exit status says what happened.
    case data(Data)
}

/// Where one of the child's output streams goes.
public enum ChildOutput: Sendable {
    /// `/dev/null`.
    case discard
    /// This process's own stream.
    case inherit
    /// Read on a thread of its own into memory; past `limit` bytes the rest is read and dropped (see
    /// ``ChildProcess/outputTruncated``).
    case collect(limit: Int = 64 << 20)
    /// For the error stream only: wherever standard output goes, interleaved in the order written.
    case mergedIntoOutput
}
