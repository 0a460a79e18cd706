import Basics
import Age
import ArgumentParser
import FoundationEssentials

/// `age keygen`: generates an X25519 identity, like `age-keygen`.
struct AgeKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate a new age X25519 identity.",
        discussion: """
            The default format is age-keygen's three lines. "raw" is the bare AGE-SECRET-KEY-1… string and \
            "base64" its standard base64 (the form Harmony's RUNBEAM_ENCRYPTION_KEY reads), both without a \
            trailing newline unless printed to a terminal.

            Examples:
              runbeam-operator age keygen -o key.txt
              runbeam-operator age keygen --format base64 > encryption-key
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case age, raw, base64
    }

    @Option(name: .shortAndLong, help: "Write the key to a new file with mode 0600; never overwrites.")
    var output: String?

    @Option(help: "Output format: age, raw or base64.")
    var format: Format = .age

    func run() throws {
        try AgeErrorReporting.run {
            let identity = AgeIdentity.generate()
            var contents = switch format {
            case .age: AgeKeyFile.contents(for: identity, createdAt: Date())
            case .raw: identity.secretKeyString
            case .base64: identity.harmonyBase64
            }
            if let output, output != "-" {
                try SecretFile.createExclusive(atPath: output, contents: Data(contents.utf8))
            } else {
                if format != .age, AgeFiles.stdoutIsTerminal { contents += "\n" }
                FileStream.standardOutput.write(contents)
            }
            if output != nil || !AgeFiles.stdoutIsTerminal {
                FileStream.standardError.write("Public key: \(identity.recipient)\n")
            }
        }
    }
}
