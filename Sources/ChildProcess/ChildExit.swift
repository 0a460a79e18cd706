/// How a child process ended.
public enum ChildExit: Sendable, Equatable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)
    /// It was reaped by someone else (for example with SIGCHLD ignored): the status is lost.
    case unknown

    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// True for an exit status of 0.
    public var succeeded: Bool { self == .exited(0) }

    /// The status as a shell reports it: the exit status, or 128 plus the signal; -1 when unknown.
    public var status: Int32 {
        switch self {
        case .exited(let status): status
        case .signaled(let signal): 128 + signal
        case .unknown: -1
        }
    }

    public var description: String {
        switch self {
        case .exited(let status): "exit status \(status)"
        case .signaled(let signal): "signal \(signal)"
        case .unknown: "an unknown status (the process was reaped elsewhere)"
        }
    }
}
