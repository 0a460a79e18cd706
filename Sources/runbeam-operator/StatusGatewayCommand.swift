import ArgumentParser
import FoundationEssentials
import GatewayAPI
import Operator

/// `runbeam-operator status gateway NAME [-n NS] [-o json]` (also `kubectl runbeam status gateway …`).
struct StatusGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Show one Gateway: its spec in short, conditions, Secret, next renewal, workloads, last rollout and Events."
    )

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The Gateway's name.")
    var name: String

    @OptionGroup var cluster: ClusterOptions

    @Option(name: [.customShort("o"), .long], help: "Output format: text or json.")
    var output: Output = .text

    func run() async throws {
        let (client, namespace) = try cluster.connect()
        defer { client.shutdown() }
        let report: GatewayStatusReport
        do {
            report = try await GatewayStatusReader(client: client).report(namespace: namespace, name: name)
        } catch {
            CommandErrorOutput.print("\(error)")
            throw ExitCode(1)
        }
        switch output {
        case .text:
            print(report.text(now: Date()), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }
}
