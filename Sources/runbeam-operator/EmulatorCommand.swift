import ArgumentParser

/// `runbeam-operator emulator`: runs the emulated services the tests and the sandbox use.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run an emulated service (no cluster or cloud account needed).",
        subcommands: [EmulatorKubernetesCommand.self, EmulatorRunbeamCommand.self]
    )
}
