import ArgumentParser

/// `runbeam-operator emulator`: runs the emulated services the tests and the sandbox use.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run an emulated service (no cluster or cloud account needed).",
        discussion: """
            Examples:
              runbeam-operator emulator kubernetes --write-kubeconfig emu.kubeconfig
              runbeam-operator emulator runbeam --listen 127.0.0.1:8090 --token-lifetime 30s
            """,
        subcommands: [EmulatorKubernetesCommand.self, EmulatorRunbeamCommand.self]
    )
}
