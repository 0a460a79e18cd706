import Glibc

/// Why a child process could not be started.
public struct ChildProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The executable as given.
    public var executable: String
    /// The errno value of the failed call.
    public var code: Int32
    /// What failed: `start`, `pipe`.
    public var step: String

    /// What the system says `code` means ("No such file or directory").
    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        switch step {
        case "start": return "cannot run \(executable): \(reason)"
        default: return "cannot run \(executable): \(step) failed: \(reason)"
        }
    }
}
