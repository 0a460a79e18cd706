import CSpawn
import Glibc

/// The pipes between this process and a child about to start: the child's ends go to its standard
/// streams, this process keeps the others. All are close-on-exec, so no other child inherits them.
struct PipeSet {
    private(set) var inputWrite: Int32?
    private(set) var outputRead: Int32?
    private(set) var errorRead: Int32?
    private var childEnds: [Int32] = []

    /// The descriptor the child's standard input comes from.
    mutating func descriptor(for input: ChildInput, executable: String) throws(ChildProcessError) -> Int32 {
        switch input {
        case .null: return CSPAWN_NULL
        case .inherit: return CSPAWN_INHERIT
        case .data:
            let (read, write) = try Self.makePipe(executable)
            inputWrite = write
            childEnds.append(read)
            return read
        }
    }

    /// The descriptor the child's stream `stream` (1 or 2) goes to; `output` is what stream 1 got.
    mutating func descriptor(for output: ChildOutput, stream: Int32, output standardOutput: Int32 = CSPAWN_INHERIT, executable: String) throws(ChildProcessError) -> Int32 {
        switch output {
        case .discard: return CSPAWN_NULL
        case .inherit: return CSPAWN_INHERIT
        case .mergedIntoOutput:
            precondition(stream == 2, "only the error stream can be merged into the output")
            return standardOutput == CSPAWN_INHERIT ? 1 : standardOutput
        case .collect:
            let (read, write) = try Self.makePipe(executable)
            if stream == 1 { outputRead = read } else { errorRead = read }
            childEnds.append(write)
            return write
        }
    }

    /// After the start: this process no longer needs the child's ends.
    mutating func closeChildEnds() {
        childEnds.forEach { close($0) }
        childEnds = []
    }

    /// After a failed start: every pipe is closed.
    mutating func closeAll() {
        closeChildEnds()
        [inputWrite, outputRead, errorRead].compactMap { $0 }.forEach { close($0) }
        inputWrite = nil
        outputRead = nil
        errorRead = nil
    }

    private static func makePipe(_ executable: String) throws(ChildProcessError) -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        let result = cspawn_pipe(&descriptors)
        guard result == 0 else { throw ChildProcessError(executable: executable, code: result, step: "pipe") }
        return (descriptors[0], descriptors[1])
    }
}
