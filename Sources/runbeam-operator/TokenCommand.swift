import ArgumentParser

/// `runbeam-operator token`: obtain Runbeam Cloud machine tokens out-of-band.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Obtain Runbeam Cloud machine tokens outside the cluster.",
        discussion: """
            Examples:
              RUNBEAM_API_TOKEN=… runbeam-operator token get -g prod-gateway --raw
            """,
        subcommands: [TokenGetCommand.self]
    )
}
