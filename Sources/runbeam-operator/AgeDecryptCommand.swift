import Age
import ArgumentParser
import FoundationEssentials
import Basics

/// `age decrypt`: decrypts a binary or armored file with identities from key files, like `age -d -i`.
struct AgeDecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt an age file (binary or armored) with identities from key files.",
        discussion: """
            An identity file is an age key file (AGE-SECRET-KEY-1… lines, # comments). The base64 \
            form Harmony reads (RUNBEAM_ENCRYPTION_KEY, `age keygen --format base64`) is accepted \
            too, with a note.

            Examples:
              runbeam-operator age decrypt -i key.txt -o token.json token.json.age
              kubectl get secret prod-runbeam -o jsonpath='{.data.encryption-key}' \\
                | base64 -d > key.b64
              runbeam-operator age decrypt -i key.b64 token.json.age
            """
    )

    @Option(name: [.customShort("i"), .customLong("identity")], help: "A key file with AGE-SECRET-KEY-1… lines; repeat for several.")
    var identityFiles: [String] = []

    @Option(name: .shortAndLong, help: "The output file; standard output when omitted or \"-\". Removed if decryption fails.")
    var output: String?

    @Argument(help: "The input file; standard input when omitted or \"-\".")
    var input: String?

    /// The identity in a one-line file holding Harmony's base64 form, or nil.
    static func harmonyBase64Identity(_ contents: Data) -> AgeIdentity? {
        let text = String(decoding: contents, as: UTF8.self).trimmingWhitespaceAndNewlines()
        guard !text.isEmpty, !text.hasPrefix("AGE-SECRET-KEY-1"), !text.contains(where: \.isNewline) else { return nil }
        return try? AgeIdentity(harmonyValue: text)
    }

    func run() throws {
        try AgeErrorReporting.run {
            guard !identityFiles.isEmpty else {
                throw AgeCommandError(description: "missing identities: specify at least one key file with -i/--identity")
            }
            var identities: [AgeIdentity] = []
            for path in identityFiles {
                let contents = try AgeFiles.readAll(path, what: "identity file")
                do {
                    identities += try AgeKeyFile.parseIdentities(contents)
                } catch let error as AgeError {
                    guard let identity = Self.harmonyBase64Identity(contents) else {
                        throw AgeCommandError(description: "reading identity file \"\(path)\": \(error)")
                    }
                    FileStream.standardError.write(
                        "note: \(path) holds the base64 form Harmony reads (RUNBEAM_ENCRYPTION_KEY), not a key file; "
                            + "decoded it. `base64 -d \(path)` gives the key file age reads.\n")
                    identities.append(identity)
                }
            }
            let source = try AgeFiles.input(input)
            try AgeFiles.writeOutput(output) { sink in
                try Age.decrypt(from: source, to: &sink, identities: identities)
            }
        }
    }
}
