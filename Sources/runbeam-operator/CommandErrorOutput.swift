import Basics
import FoundationEssentials

/// Error lines of commands that report their own failures (instead of ArgumentParser's usage output).
enum CommandErrorOutput {
    /// Writes `error: MESSAGE` to stderr.
    static func print(_ message: String) {
        FileStream.standardError.write("error: \(message)\n")
    }
}
