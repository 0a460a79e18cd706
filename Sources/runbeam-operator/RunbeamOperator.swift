import Basics
import ArgumentParser
import FoundationEssentials
import GatewayAPI

/// The `runbeam-operator` command line: every subcommand is a thin shell over a library module.
@main
struct RunbeamOperator: AsyncParsableCommand {
    /// Installed as `kubectl-runbeam` (a copy or symlink on PATH), kubectl runs it for `kubectl runbeam …`: help then
    /// names it so and there is no default subcommand (the sandbox is no kubectl verb).
    static var isKubectlPlugin: Bool {
        URL(fileURLWithPath: CommandLine.arguments.first ?? "").lastPathComponent == "kubectl-runbeam"
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: isKubectlPlugin ? "kubectl runbeam" : "runbeam-operator",
            abstract: "Keeps Harmony gateways authorized with Runbeam Cloud machine tokens.",
            discussion: """
                For every Gateway resource the operator obtains a machine token from Runbeam Cloud, \
                writes it with a generated age encryption key into the Secret Harmony reads, renews it \
                well before expiry and restarts the workloads that consume it.

                Examples:
                  runbeam-operator               # the sandbox, against emulators
                  runbeam-operator validate -f gateways/
                  runbeam-operator run --kubeconfig ~/.kube/config
                  runbeam-operator status gateway prod -n harmony
                """,
            version: OperatorVersion.current,
            subcommands: [
                SandboxCommand.self, RunCommand.self, StatusCommand.self, RenewCommand.self, ValidateCommand.self, ManifestsCommand.self,
                TokenCommand.self, AgeCommand.self, EmulatorCommand.self,
            ],
            defaultSubcommand: isKubectlPlugin ? nil : SandboxCommand.self
        )
    }

    /// ArgumentParser's `main`, after a check of the subcommand names (see ``CommandUsage/subcommandProblem(_:)``).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let problem = CommandUsage.subcommandProblem(arguments) {
            FileStream.standardError.write("Error: \(problem.message)\n\(CommandUsage.usage(of: problem.command))")
            Self.exit(withError: ExitCode(64))
        }
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
