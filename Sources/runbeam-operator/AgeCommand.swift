import ArgumentParser

/// `runbeam-operator age`: age X25519 keys and encryption, interoperable with the `age` tools.
struct AgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "age",
        abstract: "Generate age X25519 keys and encrypt or decrypt age files.",
        discussion: """
            Files are age v1 (age-encryption.org/v1) with X25519 recipients, readable by the age \
            and rage tools. Errors are printed as "age: error: …" and exit with status 1.

            Examples:
              runbeam-operator age keygen -o key.txt
              runbeam-operator age recipient key.txt     # prints age1…
              runbeam-operator age encrypt -r age1… -a token.json > token.json.age
              runbeam-operator age decrypt -i key.txt token.json.age
            """,
        subcommands: [
            AgeKeygenCommand.self, AgeRecipientCommand.self, AgeEncryptCommand.self, AgeDecryptCommand.self,
        ]
    )
}
