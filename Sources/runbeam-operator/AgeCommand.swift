import ArgumentParser

/// `runbeam-operator age`: age X25519 keys and encryption, interoperable with the `age` tools.
struct AgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "age",
        abstract: "Generate age X25519 keys and encrypt or decrypt age files.",
        discussion: """
            Files are age v1 (age-encryption.org/v1) with X25519 recipients, readable by the age \
            and rage tools. Errors are printed as "age: error: …" and exit with status 1.
            """,
        subcommands: [
            AgeKeygenCommand.self, AgeRecipientCommand.self, AgeEncryptCommand.self, AgeDecryptCommand.self,
        ]
    )
}
