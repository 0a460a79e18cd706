import Basics
import Age
import ArgumentParser
import FoundationEssentials

/// `age recipient`: prints the recipient of each identity in a key file, like `age-keygen -y`.
struct AgeRecipientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipient",
        abstract: "Print the age1… recipient of each identity in a key file (like age-keygen -y).",
        discussion: """
            Examples:
              runbeam-operator age recipient key.txt
              runbeam-operator age keygen | runbeam-operator age recipient
            """
    )

    @Argument(help: "The key file; standard input when omitted or \"-\".")
    var input: String?

    func run() throws {
        try AgeErrorReporting.run {
            let identities = try AgeKeyFile.parseIdentities(AgeFiles.readAll(input, what: "key file"))
            let lines = identities.map { "\($0.recipient)\n" }.joined()
            FileStream.standardOutput.write(lines)
        }
    }
}
