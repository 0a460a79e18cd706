import GatewayAPI
/// Why the sandbox could not run or did not finish.
public enum SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A command-line value is out of range.
    case invalidOption(String)
    /// An emulator, the temp folder or the example could not be set up.
    case setupFailed(String)
    /// The controller could not be started against the emulators.
    case controllerFailed(String)
    /// Not every Gateway was renewed in time; the message lists the ones missing and their status.
    case timedOut(String)
    /// Stopped (Ctrl-C) before every Gateway was renewed.
    case interrupted

    public var description: String {
        switch self {
        case .invalidOption(let message):
            return message
        case .setupFailed(let message):
            return "cannot set up the sandbox: \(message)"
        case .controllerFailed(let message):
            return "cannot start the controller against the emulators: \(message)"
        case .timedOut(let message):
            return "not every Gateway was renewed in time: \(message)"
        case .interrupted:
            return "interrupted before every Gateway was renewed"
        }
    }
}
