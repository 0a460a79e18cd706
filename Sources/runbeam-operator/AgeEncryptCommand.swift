import Age
import ArgumentParser
import FoundationEssentials

/// `age encrypt`: encrypts a file to one or more recipients, like `age -r`.
struct AgeEncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt a file to one or more age1… recipients.",
        discussion: """
            Examples:
              runbeam-operator age encrypt -r age1… -o token.json.age token.json
              runbeam-operator age encrypt -r age1… -a < token.json > token.age
            """
    )

    @Option(name: [.customShort("r"), .customLong("recipient")], help: "An age1… recipient; repeat for several.")
    var recipients: [String] = []

    @Flag(name: [.customShort("a"), .customLong("armor")], help: "Write PEM-armored text instead of binary.")
    var armor = false

    @Option(name: .shortAndLong, help: "The output file; standard output when omitted or \"-\".")
    var output: String?

    @Argument(help: "The input file; standard input when omitted or \"-\".")
    var input: String?

    func run() throws {
        try AgeErrorReporting.run {
            guard !recipients.isEmpty else {
                throw AgeCommandError(description: "missing recipients: specify at least one with -r/--recipient")
            }
            let parsed = try recipients.map { try AgeRecipient(parsing: $0) }
            if !armor, output == nil || output == "-", AgeFiles.stdoutIsTerminal {
                throw AgeCommandError(description: "refusing to output binary to the terminal: did you mean to use -a/--armor?")
            }
            let source = try AgeFiles.input(input)
            try AgeFiles.writeOutput(output) { sink in
                try Age.encrypt(from: source, to: &sink, recipients: parsed, armor: armor)
            }
        }
    }
}
