import ArgumentParser
import GatewayAPI

/// `runbeam-operator status`: what one object looks like from the operator's side.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the state of a Gateway: spec, conditions, Secret, renewal, workloads, rollout and Events.",
        subcommands: [StatusGatewayCommand.self]
    )
}
