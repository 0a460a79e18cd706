import Basics
/// What `runbeam-operator sandbox` was asked to run.
public struct SandboxOptions: Sendable, Hashable {
    /// Runbeam Cloud's machine token lifetime: 30 days.
    public static let realTokenLifetime: Duration = .seconds(30 * 86_400)
    /// The default clock compression: one 30-day token lifetime becomes 30 seconds.
    public static let defaultTimeScale: Double = 86_400
    /// The shortest compressed token lifetime: renewal times are whole seconds, so shorter lifetimes blur.
    public static let shortestTokenLifetime: Duration = .seconds(3)

    /// How many Gateways the example holds.
    public var gateways: Int
    /// How much faster than real time tokens expire.
    public var timeScale: Double
    /// Whether the controller runs in-process; false runs only the emulators.
    public var runsController: Bool
    /// The namespace of the example.
    public var namespace: String

    public init(gateways: Int = 3, timeScale: Double = SandboxOptions.defaultTimeScale, runsController: Bool = true, namespace: String = "harmony") {
        self.gateways = gateways
        self.timeScale = timeScale
        self.runsController = runsController
        self.namespace = namespace
    }

    /// The emulator's token lifetime: 30 days divided by ``timeScale``.
    public var tokenLifetime: Duration {
        let seconds = 30 * 86_400 / timeScale
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Checks the options, with a message saying which value to change.
    public func validate() throws(SandboxError) {
        guard (1...50).contains(gateways) else {
            throw .invalidOption("--gateways must be between 1 and 50, found \(gateways)")
        }
        let slowest = 30 * 86_400 / Self.shortestTokenLifetime.inSeconds
        guard timeScale.isFinite, timeScale >= 1, timeScale <= slowest else {
            throw .invalidOption(
                "--time-scale must be between 1 (real time) and \(Int(slowest)) (a \(Int(Self.shortestTokenLifetime.inSeconds)) s token lifetime), found \(timeScale)")
        }
    }
}

