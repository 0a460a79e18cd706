import ArgumentParser

/// The `runbeam-operator` command line: every subcommand is a thin shell over a library module.
@main
struct RunbeamOperator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbeam-operator",
        abstract: "Keeps Harmony gateways authorized with Runbeam Cloud machine tokens.",
        discussion: """
            For every Gateway resource the operator obtains a machine token from Runbeam Cloud, \
            writes it with a generated age encryption key into the Secret Harmony reads, renews it \
            well before expiry and restarts the workloads that consume it.
            """,
        version: OperatorVersion.current,
        subcommands: [SandboxCommand.self, RunCommand.self, ValidateCommand.self, ManifestsCommand.self, TokenCommand.self, AgeCommand.self, EmulatorCommand.self],
        defaultSubcommand: SandboxCommand.self
    )
}
