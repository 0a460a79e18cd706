import Glibc

/// Why a child process could not be started.
public struct ChildProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The executable as given.
    public var executable: String
    /// The errno value of the failed call.
    public var code: Int32
    /// What failed: `start`, `pipe`.
    public var step: String

    public var description: String {
        let reason = String(cString: strerror(code))
        switch step {
        case "start": return "cannot run \(executable): \(reason)"
        default: return "cannot run \(executable): \(step) failed: \(reason)"
        }
    }
}
