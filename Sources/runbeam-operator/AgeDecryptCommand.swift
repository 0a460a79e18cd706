import Age
import ArgumentParser
import Foundation

/// `age decrypt`: decrypts a binary or armored file with identities from key files, like `age -d -i`.
struct AgeDecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt an age file (binary or armored) with identities from key files."
    )

    @Option(name: [.customShort("i"), .customLong("identity")], help: "A key file with AGE-SECRET-KEY-1… lines; repeat for several.")
    var identityFiles: [String] = []

    @Option(name: .shortAndLong, help: "The output file; standard output when omitted or \"-\". Removed if decryption fails.")
    var output: String?

    @Argument(help: "The input file; standard input when omitted or \"-\".")
    var input: String?

    func run() throws {
        try AgeErrorReporting.run {
            guard !identityFiles.isEmpty else {
                throw AgeCommandError(description: "missing identities: specify at least one key file with -i/--identity")
            }
            var identities: [AgeIdentity] = []
            for path in identityFiles {
                do {
                    identities += try AgeKeyFile.parseIdentities(AgeFiles.readAll(path, what: "identity file"))
                } catch let error as AgeError {
                    throw AgeCommandError(description: "reading identity file \"\(path)\": \(error)")
                }
            }
            let source = try AgeFiles.input(input)
            try AgeFiles.writeOutput(output) { sink in
                try Age.decrypt(from: source, to: &sink, identities: identities)
            }
        }
    }
}
